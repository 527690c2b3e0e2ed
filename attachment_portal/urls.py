"""URL map. Every view says who may see it; the public pages are the ones DESIGN.md lists."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.views import PasswordResetView
from django.urls import include, path

from accounts.forms import PasswordResetInOwnLanguageForm
from accounts.language_views import SignInView, set_language_view
from core.health import healthz
from core.i18n_urls import language_patterns
from core.permission_denied import permission_denied
from officers.certificate_urls import verify_urls

urlpatterns = [
    # In every language: English unprefixed, the others under their prefix (core/i18n_urls.py).
    *language_patterns(
        # Public pages: home, stories, graduates, programme, statistics, feed, sitemap, robots.txt.
        path("", include("public.urls")),
        # An officer's own pages.
        path("my/career/", include("officers.career_urls")),
        path("my/certificate/", include("officers.certificate_urls")),
        path("my/", include("officers.my_urls")),
        # A nominating focal point's own organisation's nominations.
        path("nominate/", include("officers.nominate_urls")),
        # A supervisor's own attached officers: their objectives and reports.
        path("supervise/", include("officers.supervise_urls")),
        # Public: whether a certificate is genuine, from its verification code.
        path("verify/", include(verify_urls)),
        # Sign-in, sign-out, password change and reset; staff second factor. Signing in gives a
        # person back the language they chose (accounts/language_views.py); the reset mail is in
        # that language too, whatever the page's (accounts/forms.py).
        path("accounts/login/", SignInView.as_view(), name="login"),
        path(
            "accounts/password_reset/",
            PasswordResetView.as_view(form_class=PasswordResetInOwnLanguageForm),
            name="password_reset",
        ),
        path("accounts/", include("django.contrib.auth.urls")),
        path("accounts/", include("accounts.urls")),
    ),
    # In English only: the JSON API (its answers take their language from ?lang=), the admin, the
    # health check.
    # Public: the read-only JSON API, its OpenAPI schema, and the page describing it.
    path("api/", include("public.api.urls")),
    # Anyone: read the portal in another language, back on the same page (accounts/language_views.py).
    path("language/<str:code>/", set_language_view, name="set-language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

# A page that says what happened and where to go, in the workspace's frame or the public site's.
handler403 = permission_denied

if settings.DEBUG:
    # Local development only: in production the web server or object storage serves media (see README).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
