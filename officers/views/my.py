"""An officer's own pages: their placements, their profile and their consent; nothing of anyone else.
(Their objectives and reports are in `officers.views.my_attachment`.)

Who may see them: a signed-in user, and only about the officer record linked to their own login.
Every view finds that record through `officer_for(request.user)` and never reads an officer from the
URL, the query string or a form, so there is no id to change to reach someone else's record.
The pages hold personal data, so no browser or proxy may keep a copy (`never_cache`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.language import language_of, remember_language
from accounts.language_views import redirect_in_language
from batches.models import Activity, Batch, BatchStatus
from core.versioning import StaleRecordError
from officers.countries import Country
from officers.forms import ConsentForm, LanguageForm, OwnProfileForm
from officers.models import GraduateStory, Officer, Placement, PlacementObjectives
from officers.models.placements import PlacementStatus
from officers.services.consent import give_consent, withdraw_consent


def officer_for(user: AbstractBaseUser | AnonymousUser) -> Officer | None:
    """The officer record linked to this login, or None (anonymous, or a staff member with no record)."""
    if not user.is_authenticated:
        return None
    return Officer.objects.select_related("home_organisation").filter(user_id=user.pk).first()


@dataclass(frozen=True)
class Colleague:
    """Another officer of the same batch, as much as an officer may know of them: name and country."""

    name: str
    country: str


@dataclass
class PlacementSummary:
    """One placement as the officer's page shows it."""

    placement: Placement
    status: str
    status_label: str
    ends_on: date | None
    days_remaining: int | None
    objectives: PlacementObjectives | None = None
    upcoming_activities: list[Activity] = field(default_factory=list)
    earlier_activities: list[Activity] = field(default_factory=list)
    colleagues: list[Colleague] = field(default_factory=list)


def _split_activities(activities: list[Activity], *, batch: Batch, today: date) -> tuple[list, list]:
    """Upcoming first (soonest first), then earlier ones (latest first).

    An activity with no date yet belongs with the upcoming ones while its batch has not finished,
    and with the earlier ones once it has (the records of old batches often carry no dates).
    """
    upcoming = sorted(
        (a for a in activities if a.start_date and (a.end_date or a.start_date) >= today),
        key=lambda a: a.start_date,
    )
    earlier = sorted(
        (a for a in activities if a.start_date and (a.end_date or a.start_date) < today),
        key=lambda a: a.start_date,
        reverse=True,
    )
    undated = [a for a in activities if not a.start_date]
    if batch.status_on(today) == BatchStatus.COMPLETED:
        return upcoming, earlier + undated
    return upcoming + undated, earlier


def _placement_summaries(officer: Officer, *, today: date) -> list[PlacementSummary]:
    placements = list(
        Placement.objects.chronological()
        .select_related("supervisor", "supervised_by", "objectives_agreement")
        .filter(officer=officer)
    )
    batch_ids = {p.batch_id for p in placements}
    activities_by_batch: dict[int, list[Activity]] = {}
    for activity in Activity.objects.filter(batch_id__in=batch_ids).order_by("start_date", "title"):
        activities_by_batch.setdefault(activity.batch_id, []).append(activity)
    # Only the two columns an officer may see of a colleague are read, so nothing else can leak.
    colleagues_by_batch: dict[int, list[Colleague]] = {}
    colleague_rows = (
        Placement.objects.attended()
        .filter(batch_id__in=batch_ids)
        .exclude(officer=officer)
        .order_by("officer__full_name", "officer_id")
        .values_list("batch_id", "officer__full_name", "officer__country")
    )
    for batch_id, name, country in colleague_rows:
        colleagues_by_batch.setdefault(batch_id, []).append(Colleague(name=name, country=Country(country).label))

    summaries = []
    for placement in placements:
        status = placement.status_on(today)
        ends_on = placement.ends_on
        ongoing = status == PlacementStatus.ONGOING
        upcoming, earlier = _split_activities(
            activities_by_batch.get(placement.batch_id, []), batch=placement.batch, today=today
        )
        summaries.append(
            PlacementSummary(
                placement=placement,
                status=status,
                status_label=PlacementStatus(status).label,
                ends_on=ends_on,
                days_remaining=(ends_on - today).days if ongoing and ends_on and ends_on >= today else None,
                objectives=getattr(placement, "objectives_agreement", None),
                upcoming_activities=upcoming,
                earlier_activities=earlier,
                colleagues=colleagues_by_batch.get(placement.batch_id, []),
            )
        )
    return summaries


@never_cache
@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """A signed-in officer: their placements, batch programme, colleagues, career and profile.
    A signed-in user with no officer record (a staff member) gets a page that says so."""
    officer = officer_for(request.user)
    if officer is None:
        # Everyone lands here after signing in: a focal point's own pages are the nominations.
        if hasattr(request.user, "focal_point"):
            return redirect("nominate:home")
        # ...and a supervisor's are the officers they supervise.
        if hasattr(request.user, "supervisor"):
            return redirect("supervise:home")
        return render(request, "my/no_officer.html")
    context = {
        "officer": officer,
        "placements": _placement_summaries(officer, today=timezone.localdate()),
        "milestones": list(officer.milestones.timeline()),
        # What the public sees of them, through the one visibility rule.
        "profile_is_public": Officer.objects.public().filter(pk=officer.pk).exists(),
        "public_stories": list(GraduateStory.objects.public().filter(officer=officer).order_by("-published_on")),
    }
    return render(request, "my/dashboard.html", context)


def own_officer_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of the signed-in officer's own records, never cached; the view gets that officer after
    the request. A signed-in user with no officer record is sent to /my/, which explains."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        officer = officer_for(request.user)
        if officer is None:
            return redirect("my:dashboard")
        return view(request, officer, *args, **kwargs)

    return wrapper


def own_officer_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A form page of the signed-in officer's own record (`own_officer_page`), shown and posted."""
    return own_officer_page(require_http_methods(["GET", "POST"])(view))


@own_officer_form
def edit_profile(request: HttpRequest, officer: Officer) -> HttpResponse:
    """A signed-in officer: their own bio and portrait, and the language they read the portal in."""
    data = request.POST if request.method == "POST" else None
    form = OwnProfileForm(data, request.FILES or None, instance=officer)
    language_form = LanguageForm(data, initial={"language": language_of(request.user)})
    if form.is_bound and form.is_valid() and language_form.is_valid():
        try:
            with transaction.atomic():
                form.save()
                if language := language_form.cleaned_data["language"]:
                    remember_language(user=request.user, language=language)
        except StaleRecordError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your profile is saved."))
            if language:
                # Back to /my/ in the language just chosen, which the language cookie keeps from now on.
                return redirect_in_language(reverse("my:dashboard"), language)
            return redirect("my:dashboard")
    context = {"officer": officer, "form": form, "language_form": language_form}
    return render(request, "my/profile_form.html", context)


@own_officer_form
def consent(request: HttpRequest, officer: Officer) -> HttpResponse:
    """A signed-in officer: give or withdraw their own public-profile consent."""
    # An unticked box sends nothing at all, so bind on the method, not on what was posted.
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"public_profile_consent": officer.public_profile_consent},
    )
    if form.is_bound and form.is_valid():
        wanted = form.cleaned_data["public_profile_consent"]
        if wanted == officer.public_profile_consent:
            messages.info(request, _("Nothing changed: your choice was already recorded."))
        elif wanted:
            give_consent(officer=officer, by=request.user)
            messages.success(request, _("Thank you: the public may now see your profile and published stories."))
        else:
            withdraw_consent(officer=officer, by=request.user)
            messages.success(request, _("Your profile and stories are no longer shown to the public."))
        return redirect("my:dashboard")
    return render(request, "my/consent_form.html", {"officer": officer, "form": form})
