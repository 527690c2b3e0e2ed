"""Career updates: a graduate proposes a step of their own career on `/my/career/`; the Secretariat
may correct it, then checks it, and only then does a public page show it (`CareerMilestone.objects.public()`).
The officer is told by email once their step is checked and published.
"""

import datetime
from collections import defaultdict

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import portal_link
from core.history import save_with_history
from core.partial_dates import period_start
from officers.models import CareerMilestone, MilestoneSource, Officer, Organisation
from officers.services.mail_language import send_mail_in_language
from officers.services.milestones import check_milestones


def is_graduate(officer: Officer) -> bool:
    """Whether the officer may propose career updates: the career page opens at graduation."""
    return Officer.objects.graduates().filter(pk=officer.pk).exists()


def organisation_named(*, name: str, country: str) -> Organisation:
    """The organisation of that name in that country (spelled in any case), created when there is
    none: an officer who types a ministry already on record must not add it twice."""
    name = " ".join(name.split())
    found = Organisation.objects.filter(name__iexact=name, country=country).order_by("pk").first()
    if found is not None:
        return found
    organisation = Organisation(name=name, country=country)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def propose_career_update(
    *,
    officer: Officer,
    title: str,
    kind: str,
    date: datetime.date,
    date_precision: str,
    organisation: Organisation | None = None,
    new_organisation_name: str = "",
    new_organisation_country: str = "",
    link: str = "",
    by: AbstractBaseUser,
) -> CareerMilestone:
    """Record a step the officer reports about themselves, unchecked: it waits in the editors' queue
    and stays off the public pages until checked. Refused for an officer who has not graduated and
    for a step dated after today (a step still to come is not yet a career step)."""
    if not is_graduate(officer):
        raise ValidationError(_("Your career page opens once your placement is recorded as completed."))
    if period_start(date, date_precision) > timezone.localdate():
        raise ValidationError(
            _("This date is in the future. Tell us about the step once it has happened."), code="future"
        )
    if organisation is None and new_organisation_name.strip():
        organisation = organisation_named(name=new_organisation_name, country=new_organisation_country)
    milestone = CareerMilestone(
        officer=officer,
        title=title.strip(),
        kind=kind,
        organisation=organisation,
        date=date,
        date_precision=date_precision,
        source=MilestoneSource.OFFICER,
        source_note=link,
    )
    milestone.full_clean()
    save_with_history(milestone, by=by, reason=_("Proposed by the officer"))
    return milestone


@transaction.atomic
def publish_career_updates(*, milestones: QuerySet, by: AbstractBaseUser) -> list[CareerMilestone]:
    """Check the steps of `milestones` that still wait for a check (others are left as they are)
    and tell each officer by email, once the check is committed; returns the steps published.

    The waiting steps are locked first, so two editors publishing at once check each step once and
    its officer hears of it once."""
    waiting = list(
        CareerMilestone.objects.awaiting_check()
        .filter(pk__in=milestones.values("pk"))
        .select_for_update()
        .values_list("pk", flat=True)
    )
    check_milestones(milestones=CareerMilestone.objects.filter(pk__in=waiting), by=by)
    published = list(
        CareerMilestone.objects.filter(pk__in=waiting)
        .select_related("officer__user", "organisation")
        .order_by("date", "id")
    )
    _tell_officers(published)
    return published


def _tell_officers(published: list[CareerMilestone]) -> None:
    """One email to each officer about their steps just published, sent after commit."""
    by_officer: dict[Officer, list[CareerMilestone]] = defaultdict(list)
    for milestone in published:
        by_officer[milestone.officer].append(milestone)
    public_ids = set(
        Officer.objects.public().filter(pk__in=[officer.pk for officer in by_officer]).values_list("pk", flat=True)
    )
    for officer, steps in by_officer.items():
        if not officer.email:
            continue
        is_public = officer.pk in public_ids
        context = {
            "officer": officer,
            "milestones": steps,
            "profile_is_public": is_public,
            "profile_url": portal_link("public:graduate-detail", slug=officer.slug) if is_public else "",
            "career_url": portal_link("career:home"),
        }
        send_mail_in_language(to=officer.email, user=officer.user, template="career/email/published", context=context)
