"""Graduate stories: the published accounts of what the programme meant to a graduate."""

import hashlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.images import ValidatedImageField
from core.uploads import story_photo_path
from core.versioning import VersionedModel
from officers.models.people import Officer, unique_slug
from officers.models.placements import Placement
from officers.search_documents import refresh_search_documents


class StoryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


IN_REVIEW = Q(state=StoryState.IN_REVIEW)
# A draft the officer has not approved yet: their approval of the text comes before publishing.
AWAITING_OFFICER_APPROVAL = Q(state=StoryState.DRAFT, officer_approved_on__isnull=True)


# The fields whose wording the officer approves; a change to any of them needs their approval again.
APPROVED_TEXT_FIELDS = ("headline", "standfirst", "body", "pull_quote")


def text_fingerprint(*, headline: str, standfirst: str, body: str, pull_quote: str) -> str:
    """A SHA-256 of the approved wording, each field length-prefixed so no two texts share one."""
    digest = hashlib.sha256()
    for part in (headline, standfirst, body, pull_quote):
        encoded = (part or "").encode()
        digest.update(f"{len(encoded)}:".encode())
        digest.update(encoded)
    return digest.hexdigest()


class GraduateStoryQuerySet(models.QuerySet):
    def public(self) -> "GraduateStoryQuerySet":
        """The one rule for public stories: published, dated today or earlier, and the officer's
        consent stands. Every public page, the feed and the sitemap read stories through this."""
        return self.filter(
            state=StoryState.PUBLISHED,
            published_on__lte=timezone.localdate(),
            officer__public_profile_consent=True,
        )

    def in_review(self) -> "GraduateStoryQuerySet":
        return self.filter(IN_REVIEW)

    def awaiting_officer_approval(self) -> "GraduateStoryQuerySet":
        return self.filter(AWAITING_OFFICER_APPROVAL)

    def for_listing(self) -> "GraduateStoryQuerySet":
        """Stories with their officer, placements, tracks and photos: three queries in all."""
        return self.select_related("officer").prefetch_related(
            Prefetch("officer__placements", queryset=Placement.objects.chronological()),
            "photos",
        )

    def chronological_by_batch(self) -> "GraduateStoryQuerySet":
        """Oldest batch first, as the programme's own stories are ordered: by the start of the earliest
        batch each officer attended, read from the officer's stored sort key (an aggregate over every
        officer's placements took 18 ms a request at 1,000 stories and 10,000 officers)."""
        return self.order_by(F("officer__first_batch_start").asc(nulls_last=True), "published_on", "id")


class GraduateStoryManager(models.Manager.from_queryset(GraduateStoryQuerySet)):
    def get_queryset(self) -> GraduateStoryQuerySet:
        # A story's search document is as long as its text: no page or list needs it loaded.
        return super().get_queryset().defer("search_document")


class GraduateStory(VersionedModel):
    """A graduate's story, written by the Secretariat and approved by the graduate."""

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="stories", verbose_name=_("officer"))
    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    standfirst = models.TextField(_("standfirst"), blank=True, help_text=_("The summary under the headline."))
    body = models.TextField(_("body"), help_text=_("Markdown. Raw HTML is removed when the story is shown."))
    pull_quote = models.TextField(_("pull quote"), blank=True)
    byline = models.CharField(_("byline"), max_length=200, default="JAIF Management Team")
    # Where the story first appeared, when it came from an article: the page cites it, and links it
    # when its address is known.
    source_title = models.CharField(
        _("first published in"), max_length=300, blank=True, help_text=_("The article's title and publisher.")
    )
    source_url = models.URLField(_("source address"), blank=True, validators=[URLValidator(schemes=["http", "https"])])
    state = models.CharField(_("state"), max_length=10, choices=StoryState.choices, default=StoryState.DRAFT)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    officer_approved_on = models.DateField(_("officer approved the text on"), null=True, blank=True)
    # Which text the officer approved. The version number says which saved version it was, for people;
    # validity is decided by the fingerprint of the wording, not by the version, because every save
    # raises the version (a change of state, of date, of byline, publishing itself) while only a
    # change of the headline, standfirst, body or pull quote changes what the officer approved.
    officer_approved_version = models.PositiveIntegerField(
        _("version the officer approved"), null=True, blank=True, editable=False
    )
    officer_approved_fingerprint = models.CharField(
        _("fingerprint of the approved text"), max_length=64, blank=True, editable=False
    )
    officer_approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("officer's approval recorded by"),
    )
    officer_approval_recorded_at = models.DateTimeField(
        _("officer's approval recorded at"), null=True, blank=True, editable=False
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False, editable=False)
    # Kept by officers/search_documents.py; read only by full-text search, so never loaded otherwise.
    search_document = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_document"])
    objects = GraduateStoryManager()

    class Meta:
        ordering = ["-published_on", "headline"]
        verbose_name = _("graduate story")
        verbose_name_plural = _("graduate stories")
        permissions = [("publish_graduatestory", _("Can publish and unpublish graduate stories"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=StoryState.PUBLISHED) | Q(published_on__isnull=False),
                name="story_published_has_date",
                violation_error_message=_("A published story needs a publication date."),
            ),
        ]
        indexes = [models.Index(fields=["state", "published_on"], name="story_state_published_idx")]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("public:story-detail", kwargs={"slug": self.slug})

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True) -> None:
        # The search document is derived from the text, never entered: checking it would only load it.
        super().full_clean({*(exclude or ()), "search_document"}, validate_unique, validate_constraints)

    def clean(self) -> None:
        if self.state == StoryState.PUBLISHED and not self.published_on:
            raise ValidationError({"published_on": _("A published story needs a publication date.")})

    def text_fingerprint(self) -> str:
        return text_fingerprint(**{name: getattr(self, name) for name in APPROVED_TEXT_FIELDS})

    def has_valid_approval(self) -> bool:
        return bool(
            self.officer_approved_on
            and self.officer_approved_fingerprint
            and self.officer_approved_fingerprint == self.text_fingerprint()
        )

    def approval_problem(self) -> str | None:
        """What is missing before the story may be published, in words for staff; None when the
        officer's approval of the text as it stands is recorded. Staff publish through the publish
        action and the story form, which both ask this (`officers.services.publication`,
        `officers.admin.stories`); the seeded article's stories are published as the source has them."""
        if self.has_valid_approval():
            return None
        if self.officer_approved_on and self.officer_approved_fingerprint:
            return gettext("The text changed after the officer approved it on %(date)s: ask them again.") % {
                "date": date_format(self.officer_approved_on, "j F Y")
            }
        return gettext("The officer has not approved this text yet: record their approval, then publish.")

    def save(self, *args, **kwargs) -> None:
        """Saves the story and rebuilds its search document in the same transaction."""
        if not self.slug:
            self.slug = unique_slug(GraduateStory, self.headline)
        with transaction.atomic():
            super().save(*args, **kwargs)
            refresh_search_documents(GraduateStory.objects.filter(pk=self.pk))


class StoryPhoto(VersionedModel):
    """A story's photo. A record without a file still shows its caption and credit, never a broken image."""

    story = models.ForeignKey(GraduateStory, on_delete=models.CASCADE, related_name="photos", verbose_name=_("story"))
    image = ValidatedImageField(
        _("image"),
        upload_to=story_photo_path,
        blank=True,
        width_field="width",
        height_field="height",
        # Web renditions for phones and for wide screens, made once per new image.
        renditions={"image_small": 480, "image_large": 1200},
        help_text=_("A JPEG, PNG or WebP photo; smaller copies for the web are made from it."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    image_small = models.ImageField(_("small rendition"), upload_to=story_photo_path, blank=True, editable=False)
    image_large = models.ImageField(_("large rendition"), upload_to=story_photo_path, blank=True, editable=False)
    alt_text = models.CharField(_("alt text"), max_length=300)
    caption = models.CharField(_("caption"), max_length=400, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_('Shown as "© credit".'))
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("story photo")

    def __str__(self) -> str:
        return self.caption or self.alt_text
