"""Officers and the organisations they come from and go on to."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.emails import normalise_email
from core.images import ValidatedImageField
from core.uploads import portrait_path
from core.versioning import VersionedModel
from officers.countries import Country, OrganisationCountry


class Organisation(VersionedModel):
    """A ministry, mission or agency: a home ministry and a career destination alike."""

    name = models.CharField(_("name"), max_length=250)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=OrganisationCountry.choices,
        blank=True,
        help_text=_("Leave empty for an international body such as the ASEAN Secretariat."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name_per_country"),
        ]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


# An officer without a login: nobody has invited them to sign in yet.
NEVER_INVITED = Q(user__isnull=True)


def invitation_lapsed(now: datetime) -> Q:
    """Officers whose login has never signed in, created longer ago than the set-your-password link it
    was sent with stays valid (PASSWORD_RESET_TIMEOUT): the link has expired unused.

    A login is created by the first invitation (`officers.services.invitations`) and no later
    invitation is dated, so an officer invited again stays here until they sign in."""
    expired_before = now - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return Q(user__isnull=False, user__last_login__isnull=True, user__date_joined__lt=expired_before)


class OfficerQuerySet(models.QuerySet):
    def never_invited(self) -> "OfficerQuerySet":
        return self.filter(NEVER_INVITED)

    def invitation_lapsed(self, now: datetime | None = None) -> "OfficerQuerySet":
        """Invited, never signed in, and the invitation's link has expired."""
        return self.filter(invitation_lapsed(now or timezone.now()))

    def graduates(self) -> "OfficerQuerySet":
        """Officers with at least one completed placement."""
        from officers.models.placements import Placement

        return self.filter(Exists(Placement.objects.graduates().filter(officer=OuterRef("pk"))))

    def public(self) -> "OfficerQuerySet":
        """The one rule for public profiles: the officer consented and has graduated."""
        return self.graduates().filter(public_profile_consent=True)

    def with_placements(self) -> "OfficerQuerySet":
        """Officers with their placements, batches, tracks and divisions in one extra query."""
        from officers.models.placements import Placement

        return self.prefetch_related(Prefetch("placements", queryset=Placement.objects.chronological()))


BIO_MAX_LENGTH = 2000


class Officer(VersionedModel):
    """A CLMV officer attached to the Secretariat, before, during and after the programme.

    The name is kept whole as written in Latin script: Khmer, Lao, Myanmar and Vietnamese names
    do not split into given and family names the same way, so the portal never splits them.
    """

    full_name = models.CharField(_("full name"), max_length=200)
    name_in_own_script = models.CharField(_("name in own script"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    honorific = models.CharField(_("honorific"), max_length=40, blank=True, help_text=_('e.g. "Ms.", "H.E. Mr."'))
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    home_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="nominated_officers",
        null=True,
        blank=True,
        verbose_name=_("home organisation"),
    )
    position_at_nomination = models.CharField(_("position when nominated"), max_length=200, blank=True)

    # Private: never shown on a public page.
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="officer",
        null=True,
        blank=True,
        verbose_name=_("login"),
    )

    portrait = ValidatedImageField(
        _("portrait"), upload_to=portrait_path, blank=True, help_text=_("A JPEG, PNG or WebP photo.")
    )
    portrait_alt = models.CharField(_("portrait alt text"), max_length=250, blank=True)
    portrait_caption = models.CharField(_("portrait caption"), max_length=300, blank=True)
    portrait_credit = models.CharField(_("portrait credit"), max_length=200, blank=True)
    bio = models.TextField(
        _("bio"),
        blank=True,
        validators=[
            MaxLengthValidator(
                BIO_MAX_LENGTH,
                message=_("A bio may be at most %(limit_value)d characters long; this one has %(show_value)d."),
            )
        ],
        help_text=format_lazy(_("At most {limit:,} characters."), limit=BIO_MAX_LENGTH),
    )

    # The start of the earliest batch the officer attended: the order of the public stories list.
    # Derived from the placements and kept by `officers.models.placements.refresh_first_batch_start`
    # whenever a placement, a batch's dates or the officer change, so listing stories sorts on a
    # column instead of aggregating every officer's placements on each request.
    first_batch_start = models.DateField(_("first batch started"), null=True, editable=False, db_index=True)

    # Consent is the officer's: they give and withdraw it themselves, and staff record it only from a
    # form the officer signed, through `officers.services.consent`, which fills the fields below.
    public_profile_consent = models.BooleanField(_("public-profile consent"), default=False)
    consent_changed_on = models.DateField(_("consent given or withdrawn on"), null=True, blank=True)
    consent_form_reference = models.CharField(
        _("signed consent form"), max_length=100, blank=True, help_text=_("The reference of the form on file.")
    )
    consent_form_signed_on = models.DateField(_("consent form signed on"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("consent form recorded by"),
    )

    is_synthetic = models.BooleanField(_("synthetic"), default=False, editable=False)

    # The sort key is derived, not a change anyone made: the history leaves it out.
    history = HistoricalRecords(excluded_fields=["first_batch_start"])
    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("officer")
        constraints = [
            models.CheckConstraint(
                condition=Q(country__in=Country.values),
                name="officer_country_is_clmv",
                violation_error_message=_("The country must be Cambodia, Lao PDR, Myanmar or Viet Nam."),
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="officer_email_unique_when_given",
                violation_error_message=_("Another officer already has this email address."),
            ),
            models.CheckConstraint(
                condition=Q(portrait="") | ~Q(portrait_alt=""),
                name="officer_portrait_has_alt_text",
                violation_error_message=_("Describe the portrait for people who cannot see it."),
            ),
        ]
        indexes = [
            models.Index(fields=["country", "public_profile_consent"], name="officer_country_consent_idx"),
            # The default ordering (admin list, autocomplete): one page of the index, not a sort of every officer.
            models.Index(fields=["full_name"], name="officer_full_name_idx"),
        ]
        permissions = [("view_contact_details", _("Can see officers' email, phone and login"))]

    # Never public, and seen in the Secretariat's workspace only by staff who may (`officers.roles`).
    CONTACT_DETAILS = ("email", "phone", "user")
    # Written only by `officers.services.consent`.
    CONSENT_FIELDS = (
        "public_profile_consent",
        "consent_changed_on",
        "consent_form_reference",
        "consent_form_signed_on",
        "consent_recorded_by",
    )

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("public:graduate-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.portrait and not self.portrait_alt.strip():
            raise ValidationError({"portrait_alt": _("Describe the portrait for people who cannot see it.")})
        if self.email:
            self.email = normalise_email(self.email)

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Officer, self.full_name)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The stories' sort key is written only by `refresh_first_batch_start`: a copy read
            # before one of the officer's placements changed must not write its old key back.
            kwargs["update_fields"] = OFFICER_FIELDS_SAVED
        super().save(*args, **kwargs)

    def date_consent_change(self, *, was: bool) -> None:
        """Consent given or withdrawn carries the day it changed."""
        if self.public_profile_consent != was:
            self.consent_changed_on = timezone.localdate()

    @property
    def consent_withdrawn_on(self) -> date | None:
        """The day the officer withdrew their consent, while it stays withdrawn; None when they consent
        or never did (a record whose consent has never changed carries no date)."""
        return None if self.public_profile_consent else self.consent_changed_on

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}".strip()

    def attended_placements(self) -> list:
        """Placements not withdrawn, oldest batch first (from `with_placements()` when prefetched)."""
        return [placement for placement in self.placements.all() if placement.is_attended]

    @property
    def programme_line(self) -> str:
        """The line the stories print under a name:
        "Lao PDR, Attachment Programme for Junior Diplomats (8th Batch, 2006-2007)"."""
        attachments = "; ".join(p.track_and_batch for p in self.attended_placements())
        return f"{self.get_country_display()}, {attachments}" if attachments else self.get_country_display()


def first_free_slug(text: str, *, is_taken: Callable[[str], bool], max_length: int = 200) -> str:
    """A slug from text, with -2, -3... added while `is_taken` says another record has it."""
    base = slugify(text)[:max_length] or "record"
    slug, n = base, 1
    while is_taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 200) -> str:
    """A slug from text that no record of the model has yet."""
    return first_free_slug(
        text, is_taken=lambda slug: model._base_manager.filter(slug=slug).exists(), max_length=max_length
    )


# Every field an officer's save writes: all but the derived sort key (see `Officer.save`).
OFFICER_FIELDS_SAVED = [
    field.name
    for field in Officer._meta.concrete_fields
    if not field.primary_key and field.name != "first_batch_start"
]
