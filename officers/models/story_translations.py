"""Stories in the portal's other languages: a translation of a story's text, and of its photos'
captions, into Khmer, Lao, Burmese or Vietnamese, each published on its own.

English is the story's own language: the story holds it. A translation is shown to the public only
while its story is public (`GraduateStory.objects.public()`) and the translation itself is published
and dated today or earlier (`StoryTranslationQuerySet.published()`), read with the story
(`with_translation`).
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import VersionedModel
from officers.models.stories import GraduateStory, StoryPhoto
from officers.search_documents import refresh_search_documents


class StoryLanguage(models.TextChoices):
    """The languages a story may be translated into: the portal's own, English aside."""

    KHMER = "km", _("Khmer")
    LAO = "lo", _("Lao")
    BURMESE = "my", _("Burmese")
    VIETNAMESE = "vi", _("Vietnamese")


# Written without spaces between words: search finds a query anywhere in their text (story_filters).
UNSPACED_LANGUAGES = (StoryLanguage.KHMER, StoryLanguage.LAO, StoryLanguage.BURMESE)
# The attribute a listing's prefetch (`with_translation`) leaves on each story.
PREFETCHED = "published_translations"


class TranslationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def story_language(language_code: str | None) -> str | None:
    """The translation language a page in this interface language shows ("my-mm" and "my" both
    show Burmese translations), or None for English and any language stories are not translated into."""
    base = (language_code or "").lower().split("-")[0]
    return base if base in StoryLanguage.values else None


class StoryTranslationQuerySet(models.QuerySet):
    def published(self) -> "StoryTranslationQuerySet":
        """Translations published and dated today or earlier. Shown only with a public story: pages,
        the feed and the API read them through stories of `GraduateStory.objects.public()`
        (`with_translation`), search through the public stories it narrows."""
        return self.filter(state=TranslationState.PUBLISHED, published_on__lte=timezone.localdate())


def with_translation(
    stories: models.QuerySet, language_code: str | None, *, captions: bool = False
) -> models.QuerySet:
    """The stories with their published translation into this language: one query more, and one more
    for its photos' captions when asked (a story's page); for English, the stories unchanged."""
    prefetch = translation_prefetch(language_code, captions=captions)
    return stories if prefetch is None else stories.prefetch_related(prefetch)


def translation_prefetch(language_code: str | None, *, captions: bool = False) -> Prefetch | None:
    """What `with_translation` prefetches, for stories already read (`prefetch_related_objects`);
    None for English and any language stories are not translated into."""
    language = story_language(language_code)
    if language is None:
        return None
    translations = StoryTranslation.objects.published().filter(language=language)
    if captions:
        translations = translations.prefetch_related("captions")
    return Prefetch("translations", queryset=translations, to_attr=PREFETCHED)


def prefetched_translation(story: GraduateStory) -> "StoryTranslation | None":
    """The translation `with_translation` found for the story, or None (none, or not prefetched)."""
    found = getattr(story, PREFETCHED, None)
    return found[0] if found else None


class StoryTranslation(VersionedModel):
    """A story's text in one other language, written by Communications."""

    story = models.ForeignKey(
        GraduateStory, on_delete=models.CASCADE, related_name="translations", verbose_name=_("story")
    )
    language = models.CharField(_("language"), max_length=8, choices=StoryLanguage.choices)
    headline = models.CharField(_("headline"), max_length=200)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(_("body"), help_text=_("Markdown. Raw HTML is removed when the story is shown."))
    pull_quote = models.TextField(_("pull quote"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TranslationState.choices, default=TranslationState.DRAFT
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = StoryTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["story", "language"]
        verbose_name = _("story translation")
        verbose_name_plural = _("story translations")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "language"],
                name="story_translation_one_per_language",
                violation_error_message=_("This story already has a translation into this language."),
            ),
            models.CheckConstraint(
                condition=~Q(state=TranslationState.PUBLISHED) | Q(published_on__isnull=False),
                name="story_translation_published_has_date",
                violation_error_message=_("A published translation needs a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.headline} ({self.get_language_display()})"

    def clean_fields(self, exclude=None) -> None:
        # Said before the choices' own "not a valid choice", which would not say why.
        if (self.language or "").lower().startswith("en"):
            raise ValidationError(
                {"language": _("English is the story's own language: write it in the story, not as a translation.")}
            )
        super().clean_fields(exclude)

    def clean(self) -> None:
        if self.state == TranslationState.PUBLISHED and not self.published_on:
            raise ValidationError({"published_on": _("A published translation needs a publication date.")})

    def save(self, *args, **kwargs) -> None:
        """Saves the translation and rebuilds its story's search document in the same transaction."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            refresh_search_documents(GraduateStory.objects.filter(pk=self.story_id))

    def caption_for(self, photo: StoryPhoto) -> str:
        """The photo's caption in this language, or "" when it has none (reads prefetched captions)."""
        return next((caption.caption for caption in self.captions.all() if caption.photo_id == photo.pk), "")


class TranslatedCaption(VersionedModel):
    """A photo's caption in a translation's language."""

    translation = models.ForeignKey(
        StoryTranslation, on_delete=models.CASCADE, related_name="captions", verbose_name=_("translation")
    )
    photo = models.ForeignKey(
        StoryPhoto, on_delete=models.CASCADE, related_name="translated_captions", verbose_name=_("photo")
    )
    caption = models.CharField(_("caption"), max_length=400)

    history = HistoricalRecords()

    class Meta:
        ordering = ["photo__position", "photo_id"]
        verbose_name = _("translated caption")
        verbose_name_plural = _("translated captions")
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "photo"],
                name="translated_caption_one_per_photo",
                violation_error_message=_("This photo's caption is already translated in this translation."),
            ),
        ]

    def __str__(self) -> str:
        return self.caption

    def clean(self) -> None:
        if self.translation_id and self.photo_id and self.photo.story_id != self.translation.story_id:
            raise ValidationError({"photo": _("Choose one of this story's own photos.")})
