"""Staff second factor: time-based one-time passwords from an authenticator app (django-otp).

A staff member enrols once: an unconfirmed device is created with a random secret, shown as a
QR code and as text, and becomes theirs only when they prove it with a code. After that, every
sign-in to the admin asks for a code from that device.
"""

from base64 import b32encode

import segno
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


def has_confirmed_device(user: AbstractBaseUser) -> bool:
    return user_has_device(user, confirmed=True)


@transaction.atomic
def enrolment_device(*, user: AbstractBaseUser) -> TOTPDevice:
    """The device being enrolled: the same one (and secret) until it is confirmed, so reloading
    the page never invalidates a QR code the staff member has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_enrolment(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when the code is right; throttled by django-otp after wrong codes."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any other half-finished enrolment of this user is now pointless.
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


@transaction.atomic
def verify_code(*, user: AbstractBaseUser, token: str) -> TOTPDevice | None:
    """The user's confirmed device that accepts this code, if any."""
    for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk"):
        if device.verify_token(token):
            return device
    return None


def is_throttled(*, user: AbstractBaseUser) -> bool:
    """True while django-otp refuses codes after several wrong ones."""
    return any(not device.verify_is_allowed()[0] for device in TOTPDevice.objects.filter(user=user))


def readable_secret(device: TOTPDevice) -> str:
    """The secret as typed into an app by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, *, title: str) -> str:
    """The enrolment QR code as inline SVG markup: no image file, no data: URL, no inline style."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="otp-qr", lineclass=None)
