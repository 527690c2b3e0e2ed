"""Choosing the portal's language, and getting one's chosen language back at sign-in.

The switch is a plain link (GET), so it works without JavaScript on every page: it sets Django's
language cookie, remembers the choice for a signed-in person, and goes back to the page it was
followed from, in the chosen language.
"""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.language import remember_language, remembered_language
from accounts.models import is_offered
from core.i18n_urls import path_in_language


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Django's language cookie, which core/locale_middleware.py reads, as the LANGUAGE_COOKIE_* settings
    describe it (a year; secure whenever the session cookie is; SameSite=Lax)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def redirect_in_language(path: str, language: str) -> HttpResponseRedirect:
    """To `path` in `language`, with the language cookie set to it so that the pages after stay in it."""
    response = HttpResponseRedirect(path_in_language(path, language))
    set_language_cookie(response, language)
    return response


def _page_to_return_to(request: HttpRequest) -> str:
    """The page the switch was followed from (a path of this site, never another site). Without one,
    or with any other address, the home page."""
    wanted = request.GET.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
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
    return redirect_in_language(_page_to_return_to(request), code)


class SignInView(LoginView):
    """Django's sign-in page. A person who chose a language gets it back on signing in, on any
    device: the cookie is set and the page they land on is in that language."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        language = remembered_language(self.request.user)
        if language is None:
            return response
        return redirect_in_language(response.url, language)
