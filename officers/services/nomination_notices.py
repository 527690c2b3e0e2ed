"""Telling focal points about calls: once when a call opens for their country, once when it is about
to close. Safe to run as often as a scheduler likes: each notice is recorded as it is sent, and a
recorded notice is never sent again.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.emails import portal_link
from officers.models import CallForNominations, FocalPoint
from officers.models.nominations import NominationNotice, NoticeKind, secretariat_time
from officers.services.mail_language import send_mail_in_language

# How long before a call closes the reminder goes out.
CLOSING_NOTICE_BEFORE = timedelta(hours=48)


def send_nomination_notices(*, now: datetime | None = None) -> int:
    """Send every notice due now and not sent before; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for call in CallForNominations.objects.filter(opens_at__lte=now, closes_at__gt=now).prefetch_related("places"):
        kinds = [NoticeKind.OPENED]
        if call.closes_at - now <= CLOSING_NOTICE_BEFORE:
            kinds.append(NoticeKind.CLOSING)
        countries = [row.country for row in call.places.all() if row.places > 0]
        focal_points = FocalPoint.objects.filter(organisation__country__in=countries, user__is_active=True)
        for focal_point in focal_points.select_related("organisation", "user"):
            for kind in kinds:
                sent += _send_once(call=call, focal_point=focal_point, kind=kind)
    return sent


def _send_once(*, call: CallForNominations, focal_point: FocalPoint, kind: str) -> int:
    """Record the notice and send it after commit; 0 when it was recorded before (by this run or a
    concurrent one)."""
    try:
        with transaction.atomic():
            NominationNotice.objects.create(call=call, focal_point=focal_point, kind=kind)
            context = {
                "call": call,
                "focal_point": focal_point,
                "places": call.places_for(focal_point.country),
                "closes": secretariat_time(call.closes_at),
                "nominate_url": portal_link("nominate:home"),
            }
            send_mail_in_language(
                to=focal_point.email, user=focal_point.user, template=f"nominate/email/{kind}", context=context
            )
    except IntegrityError:
        return 0
    return 1
