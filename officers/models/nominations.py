"""Calls for nominations, the focal points who answer them, and the nominations themselves.

A call belongs to a batch: it opens and closes at set times, offers places per country and says what
it asks for. A focal point is the login of a member-state ministry or agency; they nominate people
from their own country, and see their own organisation's nominations only. A nomination moves
through the states below, and only through the services in `officers.services.nominations`, which
check each move (see `ALLOWED_MOVES`).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from batches.models import Batch
from core.private_files import nomination_document_path, private_file_storage, validate_pdf
from core.stored_files import StoredFileTracker
from core.versioning import VersionedModel
from officers.countries import Country
from officers.models.people import Gender, Officer, Organisation

# Calls open and close on the Secretariat's clock, whatever the reader's: times are shown in Jakarta's.
SECRETARIAT_TIME_ZONE = ZoneInfo("Asia/Jakarta")


def secretariat_time(moment: datetime) -> str:
    """'29 September 2019, 17:00 (Jakarta time)'."""
    local = timezone.localtime(moment, SECRETARIAT_TIME_ZONE)
    return _("%(moment)s (Jakarta time)") % {"moment": date_format(local, "DATETIME_FORMAT")}


class CallQuerySet(models.QuerySet):
    def open_for(self, country: str, now: datetime | None = None) -> "CallQuerySet":
        """Calls taking nominations now that offer the country at least one place."""
        now = now or timezone.now()
        return self.filter(
            opens_at__lte=now, closes_at__gt=now, places__country=country, places__places__gt=0
        ).select_related("batch__track")


class CallForNominations(VersionedModel):
    """A batch's call to the member states: when it takes nominations, how many places each country
    has, and what it asks of nominees."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="calls", verbose_name=_("batch"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(
        _("closes"), help_text=_("To extend the call, set a later closing time: focal points can submit until then.")
    )
    eligibility = models.TextField(_("eligibility"), blank=True, help_text=_("Who may be nominated."))
    documents_required = models.TextField(
        _("documents required"), blank=True, help_text=_("Every nomination needs a CV and a nomination letter.")
    )
    message = models.TextField(_("message to focal points"), blank=True)
    asks_date_of_birth = models.BooleanField(_("asks for the date of birth"), default=False)

    history = HistoricalRecords()
    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("call for nominations")
        verbose_name_plural = _("calls for nominations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_it_opens",
                violation_error_message=_("A call must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Call for %(batch)s") % {"batch": self.batch})

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call must close after it opens.")})

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def places_for(self, country: str) -> int:
        return next((row.places for row in self.places.all() if row.country == country), 0)


class CallPlaces(models.Model):
    """How many people one country may have selected in a call."""

    call = models.ForeignKey(CallForNominations, on_delete=models.CASCADE, related_name="places")
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    places = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        ordering = ["country"]
        verbose_name = _("places for a country")
        verbose_name_plural = _("places per country")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "country"],
                name="call_places_once_per_country",
                violation_error_message=_("This call already gives this country its places."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_country_display()}: {self.places}"


class FocalPoint(VersionedModel):
    """The login of a ministry's or agency's nominating focal point: one organisation, so one country.
    Having this record is the role: it opens `/nominate/` and nothing else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="focal_point",
        null=True,
        blank=True,
        verbose_name=_("login"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="focal_points", verbose_name=_("organisation")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "full_name"]
        verbose_name = _("nominating focal point")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="focal_point_unique_email"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organisation})"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.country not in Country.values:
            raise ValidationError(
                {
                    "organisation": _(
                        "A focal point nominates for Cambodia, Lao PDR, Myanmar or Viet Nam: "
                        "choose an organisation of one of them."
                    )
                }
            )

    @property
    def country(self) -> str:
        return self.organisation.country


class NoticeKind(models.TextChoices):
    OPENED = "opened", _("The call is open")
    CLOSING = "closing", _("The call closes soon")


class NominationNotice(models.Model):
    """A notice about a call sent to a focal point: kept so that none is ever sent twice, however
    often the scheduler runs `send_nomination_notices`."""

    call = models.ForeignKey(CallForNominations, on_delete=models.CASCADE, related_name="notices")
    focal_point = models.ForeignKey(FocalPoint, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "focal_point", "kind"], name="nomination_notice_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.focal_point}"


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    RESERVE = "reserve", _("Reserve")
    NOT_SELECTED = "not_selected", _("Not selected")
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DECISIONS = (NominationState.SELECTED, NominationState.RESERVE, NominationState.NOT_SELECTED)
# Before the Secretariat decides: the focal point may still withdraw.
AWAITING_DECISION = (NominationState.SUBMITTED, NominationState.SHORTLISTED)

# Every move a nomination may make, and nothing else. A decision may be changed (a reserve is
# selected when a place frees up) until the nominee is enrolled.
ALLOWED_MOVES: dict[str, set[str]] = {
    NominationState.DRAFT: {NominationState.SUBMITTED},
    NominationState.SUBMITTED: {NominationState.SHORTLISTED, NominationState.WITHDRAWN, *DECISIONS},
    NominationState.SHORTLISTED: {NominationState.WITHDRAWN, *DECISIONS},
    NominationState.SELECTED: {NominationState.ENROLLED, *DECISIONS},
    NominationState.RESERVE: set(DECISIONS),
    NominationState.NOT_SELECTED: set(DECISIONS),
    NominationState.ENROLLED: set(),
    NominationState.WITHDRAWN: set(),
}


class NominationQuerySet(models.QuerySet):
    def awaiting_decision(self) -> "NominationQuerySet":
        """Submitted (or shortlisted) and not yet decided: the Secretariat's to select from."""
        return self.filter(state__in=AWAITING_DECISION)


class Nomination(VersionedModel):
    """A focal point's nominee for a call: who they are, the CV and letter, and what became of it."""

    call = models.ForeignKey(
        CallForNominations, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("call")
    )
    focal_point = models.ForeignKey(
        FocalPoint, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("focal point")
    )
    # The focal point's organisation when they nominated: whose nomination it is (who may see it).
    nominating_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="nominations_made", verbose_name=_("nominated by")
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)

    full_name = models.CharField(_("full name in Latin script"), max_length=200)
    name_in_own_script = models.CharField(_("name in own script"), max_length=200, blank=True)
    honorific = models.CharField(_("honorific"), max_length=40, blank=True, help_text=_('e.g. "Ms.", "Mr."'))
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="nominees", verbose_name=_("organisation")
    )
    position = models.CharField(_("position"), max_length=200)
    email = models.EmailField(_("email"))
    languages = models.CharField(_("languages"), max_length=300, help_text=_("e.g. Lao, English, French"))
    cv = models.FileField(
        _("CV (PDF)"),
        upload_to=nomination_document_path,
        storage=private_file_storage,
        validators=[validate_pdf],
        blank=True,
    )
    cv_pages = models.PositiveSmallIntegerField(_("CV pages"), null=True, editable=False)
    letter = models.FileField(
        _("nomination letter (PDF)"),
        upload_to=nomination_document_path,
        storage=private_file_storage,
        validators=[validate_pdf],
        blank=True,
    )
    letter_pages = models.PositiveSmallIntegerField(_("letter pages"), null=True, editable=False)

    state = models.CharField(
        _("state"), max_length=12, choices=NominationState.choices, default=NominationState.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, editable=False)
    interview_notes = models.TextField(_("interview notes"), blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        editable=False,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, editable=False)
    officer = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        related_name="nominations",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("officer record"),
    )

    history = HistoricalRecords()
    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["call", "country", "full_name"]
        verbose_name = _("nomination")
        permissions = [("view_nomination_documents", _("Can open nominees' CVs and nomination letters"))]
        constraints = [
            models.UniqueConstraint(
                "call",
                Lower("email"),
                condition=~Q(state=NominationState.WITHDRAWN),
                name="nomination_once_per_person_and_call",
                violation_error_message=_("This person is already nominated to this call."),
            ),
        ]
        indexes = [models.Index(fields=["call", "state"], name="nomination_call_state_idx")]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        errors = {}
        if self.organisation_id and self.country and self.organisation.country != self.country:
            errors["organisation"] = _(
                "The nominee's organisation must be in %(country)s, the country you nominate for."
            ) % {"country": self.get_country_display()}
        if self.call_id and self.call.asks_date_of_birth and not self.date_of_birth:
            errors["date_of_birth"] = _("This call asks for the nominee's date of birth.")
        if self.call_id and self.email and self._same_person_nominated():
            errors["email"] = _(
                "%(name)s is already nominated to this call: open that nomination instead of adding another."
            ) % {"name": self.full_name}
        if errors:
            raise ValidationError(errors)

    def _same_person_nominated(self) -> bool:
        """Another live nomination to the same call for the same person: same email, or same name and
        country."""
        same_person = Q(email__iexact=self.email) | Q(full_name__iexact=self.full_name, country=self.country)
        return (
            Nomination.objects.filter(same_person, call_id=self.call_id)
            .exclude(state=NominationState.WITHDRAWN)
            .exclude(pk=self.pk)
            .exists()
        )

    def can_move_to(self, state: str) -> bool:
        return state in ALLOWED_MOVES[self.state]

    @property
    def is_editable_by_focal_point(self) -> bool:
        """A draft, while its call takes nominations."""
        return self.state == NominationState.DRAFT and self.call.is_open()

    @property
    def is_withdrawable(self) -> bool:
        return self.state in AWAITING_DECISION

    @property
    def is_decided(self) -> bool:
        return self.state in DECISIONS


# A replaced or deleted CV or letter is personal data no record points at: it goes once that commits.
# Kept in a module name: the tracker's receivers are weak references and would die with it.
nomination_documents = StoredFileTracker(["cv", "letter"])
nomination_documents.connect(Nomination)
