"""The work waiting for each role, on the workspace's home page: every count a link to the list of
exactly those records.

The rules behind the counts are the models' (`Placement.objects.ending_soon()` and the condition it
filters on), counted here in one query per table; each card links to the list filtered by the same
rule. A card is shown to the roles whose work it is, and only when the list it links to would open
for them: each list's admin answers that.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, Model, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from batches.models import OPEN_FOR_AT_MOST_YEARS, Batch, BatchStatus, years_before
from officers.models import (
    AttachmentReport,
    CareerMilestone,
    GraduateStory,
    Nomination,
    Officer,
    Placement,
    ReportState,
    StoryState,
)
from officers.models.careers import CareerUpdate
from officers.models.nominations import AWAITING_DECISION
from officers.models.people import NEVER_INVITED, invitation_lapsed
from officers.models.placements import ENDING_SOON_DAYS, awaiting_completion, ending_soon
from officers.models.stories import AWAITING_OFFICER_APPROVAL, IN_REVIEW
from officers.roles import COMMUNICATIONS, EDITOR, VIEWER, may_see_contact_details


@dataclass(frozen=True)
class Card:
    count: int
    # "6 stories in review", the number marked up to stand out.
    sentence: SafeString
    url: str


def _card(count: int, sentence: str, url: str, **values) -> Card:
    number = format_html('<span class="portal-dashboard-count">{}</span>', count)
    return Card(count=count, sentence=format_html(sentence, count=number, **values), url=url)


def _list_of(site: admin.AdminSite, model: type[Model], params: dict | None = None) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=site.name)
    return f"{url}?{urlencode(params)}" if params else url


def _may_view(request: HttpRequest, site: admin.AdminSite, model: type[Model]) -> bool:
    return site.get_model_admin(model).has_view_permission(request)


def _stories(request: HttpRequest, site: admin.AdminSite) -> list[Card]:
    if not _may_view(request, site, GraduateStory):
        return []
    counts = GraduateStory.objects.filter(IN_REVIEW | AWAITING_OFFICER_APPROVAL).aggregate(
        in_review=Count("pk", filter=IN_REVIEW), unapproved=Count("pk", filter=AWAITING_OFFICER_APPROVAL)
    )
    return [
        _card(
            counts["in_review"],
            ngettext("{count} story in review", "{count} stories in review", counts["in_review"]),
            _list_of(site, GraduateStory, {"state__exact": StoryState.IN_REVIEW}),
        ),
        _card(
            counts["unapproved"],
            ngettext(
                "{count} draft story not yet approved by its officer",
                "{count} draft stories not yet approved by their officers",
                counts["unapproved"],
            ),
            _list_of(site, GraduateStory, {"state__exact": StoryState.DRAFT, "officer_approved_on__isnull": "True"}),
        ),
    ]


def _career_updates(request: HttpRequest, site: admin.AdminSite) -> list[Card]:
    if not _may_view(request, site, CareerUpdate):
        return []
    count = CareerMilestone.objects.awaiting_check().count()
    return [
        _card(
            count,
            ngettext("{count} career update to check", "{count} career updates to check", count),
            _list_of(site, CareerUpdate),
        )
    ]


def _placements(request: HttpRequest, site: admin.AdminSite) -> list[Card]:
    if not _may_view(request, site, Placement):
        return []
    today = timezone.localdate()
    ending, ended = ending_soon(today, days=ENDING_SOON_DAYS), awaiting_completion(today)
    counts = Placement.objects.filter(ending | ended).aggregate(
        ending=Count("pk", filter=ending), ended=Count("pk", filter=ended)
    )
    return [
        _card(
            counts["ending"],
            ngettext(
                "{count} placement ends within {days} days",
                "{count} placements end within {days} days",
                counts["ending"],
            ),
            _list_of(site, Placement, {"completion": "ending"}),
            days=ENDING_SOON_DAYS,
        ),
        _card(
            counts["ended"],
            ngettext(
                "{count} placement has ended and is still active",
                "{count} placements have ended and are still active",
                counts["ended"],
            ),
            _list_of(site, Placement, {"completion": "ended"}),
        ),
    ]


def _invitations(request: HttpRequest, site: admin.AdminSite) -> list[Card]:
    # Whether an officer has a login is a contact detail: the list filtered by it opens only for staff
    # who may see contact details (`officers.admin.privacy`).
    if not (may_see_contact_details(request.user) and _may_view(request, site, Officer)):
        return []
    never, lapsed = NEVER_INVITED, invitation_lapsed(timezone.now())
    counts = Officer.objects.filter(never | lapsed).aggregate(
        never=Count("pk", filter=never), lapsed=Count("pk", filter=lapsed)
    )
    return [
        _card(
            counts["never"],
            ngettext(
                "{count} officer never invited to sign in",
                "{count} officers never invited to sign in",
                counts["never"],
            ),
            _list_of(site, Officer, {"invitation": "never"}),
        ),
        _card(
            counts["lapsed"],
            ngettext(
                "{count} officer's invitation expired unused",
                "{count} officers' invitations expired unused",
                counts["lapsed"],
            ),
            _list_of(site, Officer, {"invitation": "lapsed"}),
        ),
    ]


def _batches(request: HttpRequest, site: admin.AdminSite) -> list[Card]:
    if not _may_view(request, site, Batch):
        return []
    today = timezone.localdate()
    count = Batch.objects.still_open_long_after_start(today).count()
    # The batches' own status filter, narrowed to those with no end recorded that began long ago.
    params = {
        "status": BatchStatus.ONGOING,
        "end_date__isnull": "True",
        "start_date__lt": years_before(today, OPEN_FOR_AT_MOST_YEARS).isoformat(),
    }
    return [
        _card(
            count,
            ngettext(
                "{count} batch still ongoing more than {years} years after it began",
                "{count} batches still ongoing more than {years} years after they began",
                count,
            ),
            _list_of(site, Batch, params),
            years=OPEN_FOR_AT_MOST_YEARS,
        )
    ]


def _reports(request: HttpRequest, site: admin.AdminSite) -> list[Card]:
    if not _may_view(request, site, AttachmentReport):
        return []
    waiting = Q(state=ReportState.SUBMITTED)
    overdue = Q(pk__in=AttachmentReport.objects.overdue().values("pk"))
    counts = AttachmentReport.objects.aggregate(
        waiting=Count("pk", filter=waiting), overdue=Count("pk", filter=overdue)
    )
    return [
        _card(
            counts["waiting"],
            ngettext(
                "{count} report waiting for its supervisor's sign-off",
                "{count} reports waiting for their supervisors' sign-off",
                counts["waiting"],
            ),
            _list_of(site, AttachmentReport, {"state__exact": ReportState.SUBMITTED}),
        ),
        _card(
            counts["overdue"],
            ngettext("{count} report overdue", "{count} reports overdue", counts["overdue"]),
            _list_of(site, AttachmentReport, {"overdue": "yes"}),
        ),
    ]


def _nominations(request: HttpRequest, site: admin.AdminSite) -> list[Card]:
    if not _may_view(request, site, Nomination):
        return []
    count = Nomination.objects.awaiting_decision().count()
    return [
        _card(
            count,
            ngettext("{count} nomination waiting for a decision", "{count} nominations waiting for a decision", count),
            _list_of(site, Nomination, {"state__in": ",".join(AWAITING_DECISION)}),
        )
    ]


Source = Callable[[HttpRequest, admin.AdminSite], list[Card]]
PROGRAMME_WORK: tuple[Source, ...] = (
    _career_updates,
    _placements,
    _invitations,
    _batches,
    _reports,
    _nominations,
)
# Viewers see what waits for the editors, to follow it; the lists they open are read-only for them.
WORK_OF_ROLE: dict[str, tuple[Source, ...]] = {
    EDITOR: PROGRAMME_WORK,
    VIEWER: PROGRAMME_WORK,
    COMMUNICATIONS: (_stories,),
}


def work_waiting(request: HttpRequest, site: admin.AdminSite) -> list[Card] | None:
    """The cards with something waiting for the signed-in person's roles (a superuser's are the
    editors'), each counted once however many roles share it; None for staff with no role."""
    user = request.user
    roles = {EDITOR} if user.is_superuser else set(user.groups.values_list("name", flat=True))
    sources = list(dict.fromkeys(source for role, work in WORK_OF_ROLE.items() if role in roles for source in work))
    if not sources:
        return None
    return [card for source in sources for card in source(request, site) if card.count]
