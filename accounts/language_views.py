"""Choosing the portal's language, and getting one's chosen language back at sign-in.

The switch is a plain link (GET), so it works without JavaScript on every page: it sets Django's
language cookie, remembers the choice for a signed-in person, and goes back to the page it was
followed from, in the chosen language.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.language import remember_language, remembered_language
from accounts.models import is_offered
from core.i18n_urls import path_in_language

# A choice of language outlives any session: a visitor keeps it until they choose another.
LANGUAGE_COOKIE_AGE = timedelta(days=365)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Django's language cookie, which core/locale_middleware.py reads: secure whenever the session
    cookie is, and sent on links from other sites (SameSite=Lax) so a shared link opens in one's
    language."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=int(LANGUAGE_COOKIE_AGE.total_seconds()),
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )


def _page_to_return_to(request: HttpRequest, language: str) -> str:
    """The page the switch was followed from (a path of this site, never another site), in
    `language`. Without one, or with any other address, the home page in that language."""
    wanted = request.GET.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return path_in_language(wanted, language)
    with translation.override(language):
        return reverse("public:home")


@never_cache
@require_GET
def set_language_view(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone, signed in or not: read the portal in `code` from now on. A language the portal does
    not offer is 404. A signed-in person's choice is remembered for their next sign-in and their mail."""
    if not is_offered(code):
        raise Http404
    if request.user.is_authenticated:
        remember_language(user=request.user, language=code)
    response = HttpResponseRedirect(_page_to_return_to(request, code))
    set_language_cookie(response, code)
    return response


class SignInView(LoginView):
    """Django's sign-in page. A person who chose a language gets it back on signing in, on any
    device: the cookie is set and the page they land on is in that language."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        language = remembered_language(self.request.user)
        if language is None:
            return response
        response = HttpResponseRedirect(path_in_language(response.url, language))
        set_language_cookie(response, language)
        return response
