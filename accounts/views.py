"""The staff second factor: enrol an authenticator app once, then give a code at each sign-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from accounts import otp
from accounts.forms import OneTimeCodeForm

WRONG_CODE = gettext_lazy("That code is not right, or it has expired. Enter the newest code your app shows.")
THROTTLED = gettext_lazy("Too many wrong codes in a row. Wait a moment, then enter the newest code your app shows.")


def _next_url(request: HttpRequest) -> str:
    """Where to go once verified: the admin page asked for, never another site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("admin:index")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _require_staff(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


@never_cache
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Signed-in staff without an authenticator app yet: scan the code, confirm with a code.

    Once a device is confirmed this page only sends to the code step: a stolen password must not
    be enough to enrol a second device.
    """
    _require_staff(request)
    next_url = _next_url(request)
    if otp.has_confirmed_device(request.user):
        return redirect(_with_next("accounts:otp-verify", next_url))
    device = otp.enrolment_device(user=request.user)
    form = OneTimeCodeForm(request.POST or None)
    if form.is_valid():
        # django-otp refuses codes for a growing while after wrong ones; say so rather than "wrong".
        if otp.is_throttled(user=request.user):
            form.add_error("token", THROTTLED)
        elif otp.confirm_enrolment(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up. You will need a code from it each time."))
            return redirect(next_url)
        else:
            form.add_error("token", WRONG_CODE)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": otp.qr_code_svg(device, title=_("QR code to scan with your authenticator app")),
        "secret": otp.readable_secret(device),
    }
    return render(request, "accounts/otp_enrol.html", context)


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Signed-in staff with an authenticator app: enter its code to reach the admin."""
    _require_staff(request)
    next_url = _next_url(request)
    if not otp.has_confirmed_device(request.user):
        return redirect(_with_next("accounts:otp-enrol", next_url))
    if request.user.is_verified():
        return redirect(next_url)
    form = OneTimeCodeForm(request.POST or None)
    if form.is_valid():
        if otp.is_throttled(user=request.user):
            form.add_error("token", THROTTLED)
        elif device := otp.verify_code(user=request.user, token=form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(next_url)
        else:
            form.add_error("token", WRONG_CODE)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})
