"""Staff reach the admin only with a second factor.

Only /admin/ is guarded, and only for signed-in staff: the public site and an officer's own pages
need no second factor, and the admin's own sign-in page deals with everyone else. The admin site
class is left as it is; a password alone simply never gets a staff member past this point.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.otp import has_confirmed_device


class StaffOTPRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.STAFF_REQUIRE_OTP and self._needs_second_factor(request):
            step = "accounts:otp-verify" if has_confirmed_device(request.user) else "accounts:otp-enrol"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        if not request.path.startswith(reverse("admin:index")) or request.path == reverse("admin:logout"):
            return False
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return False
        # Without django-otp's middleware nobody counts as verified: fail closed.
        is_verified = getattr(user, "is_verified", None)
        return not (is_verified and is_verified())
