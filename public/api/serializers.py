"""What the API shows of each record: the facts the public pages show, named field by field.

Every field is listed on purpose (never `fields = "__all__"`): an officer's email, phone, login and
consent records, a story's state and approval, a placement's notes, objectives and supervisor,
nominations and private files are in no serializer, so a field added to a model later stays out
of the API until someone adds it here.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.safe_markdown import render_markdown
from core.templatetags.portal import portrait_image, story_photo_image
from officers.models import CareerMilestone, GraduateStory, Officer, StoryPhoto
from public.api.fields import (
    ApiLinkField,
    ImageSerializer,
    PageLinkField,
    PartialDateSerializer,
    absolute,
    by_batch,
    by_slug,
    image_or_none,
    partial_date,
)
from public.photos import lead_photo
from public.portraits import initials
from public.story_languages import story_text

STORY_API = "api:v1:story-detail"
GRADUATE_API = "api:v1:graduate-detail"
BATCH_API = "api:v1:batch-detail"


class BatchReferenceSerializer(serializers.Serializer):
    """A batch as other records name it."""

    track = serializers.SlugField(source="track.slug")
    number = serializers.IntegerField()
    name = serializers.CharField(help_text="The programme's name for it: 13th Batch.")
    label = serializers.CharField(help_text="With its years: 13th Batch, 2014-2015.")
    url = PageLinkField()
    api_url = ApiLinkField(BATCH_API, by_batch)


class AttachmentSerializer(serializers.Serializer):
    """One of an officer's placements: the batch, the track, the ASEC division and how it ended."""

    batch = BatchReferenceSerializer()
    track_name = serializers.CharField(source="batch.track.name")
    division = serializers.CharField(source="division.name", default=None, allow_null=True)
    outcome = serializers.CharField(help_text="active or completed.")
    outcome_label = serializers.CharField(source="get_outcome_display")


class OfficerSerializer(serializers.Serializer):
    """A person's public name and programme: never their contact details or consent records."""

    slug = serializers.SlugField()
    full_name = serializers.CharField()
    display_name = serializers.CharField(help_text="With the honorific: Ms. Chhy Ratha.")
    name_in_own_script = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 code: KH, LA, MM or VN.")
    country_name = serializers.CharField(source="get_country_display")
    programme_line = serializers.CharField(help_text="Country, track and batches, as the stories print it.")
    attachments = serializers.SerializerMethodField()

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, officer: Officer) -> list:
        return AttachmentSerializer(officer.attended_placements(), many=True, context=self.context).data


class PhotoSerializer(serializers.ModelSerializer):
    """A story's photo; `image` is null for a photo on record whose file is not there."""

    image = serializers.SerializerMethodField()

    class Meta:
        model = StoryPhoto
        fields = ["image", "alt_text", "caption", "credit"]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, photo: StoryPhoto) -> dict | None:
        return image_or_none(story_photo_image(photo), self.context)


class TranslatedTextMixin(serializers.Serializer):
    """A story's words in the language asked for (`?lang=` or Accept-Language) where it has a published
    translation into it, else in English; `language` says which. Read from the view's prefetch."""

    headline = serializers.SerializerMethodField()
    standfirst = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField(
        help_text="The language the story's text is in: en, km, lo, my or vi."
    )

    def get_headline(self, story: GraduateStory) -> str:
        return story_text(story).headline

    def get_standfirst(self, story: GraduateStory) -> str:
        return story_text(story).standfirst

    def get_language(self, story: GraduateStory) -> str:
        return story_text(story).language


class StorySerializer(TranslatedTextMixin, serializers.ModelSerializer):
    """A public story as the list shows it. `graduate_url` and `graduate_api_url` are null while the
    officer has no public profile (consenting, but not yet graduated)."""

    officer = OfficerSerializer()
    lead_photo = serializers.SerializerMethodField()
    graduate_url = serializers.SerializerMethodField()
    graduate_api_url = serializers.SerializerMethodField()
    url = PageLinkField()
    api_url = ApiLinkField(STORY_API, by_slug)

    class Meta:
        model = GraduateStory
        fields = [
            "slug",
            "headline",
            "standfirst",
            "language",
            "byline",
            "published_on",
            "officer",
            "lead_photo",
            "graduate_url",
            "graduate_api_url",
            "url",
            "api_url",
        ]

    @extend_schema_field(PhotoSerializer(allow_null=True))
    def get_lead_photo(self, story: GraduateStory) -> dict | None:
        """The photo the story's card and shared links show: the first whose image can be read."""
        lead = lead_photo(story)
        if lead is None:
            return None
        return PhotoSerializer(story_text(story).photos([lead.photo])[0], context=self.context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_graduate_url(self, story: GraduateStory) -> str | None:
        return absolute(self.context, story.officer.get_absolute_url()) if story.officer_profile_is_public else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_graduate_api_url(self, story: GraduateStory) -> str | None:
        if not story.officer_profile_is_public:
            return None
        return absolute(self.context, reverse(GRADUATE_API, kwargs=by_slug(story.officer)))


class StoryDetailSerializer(StorySerializer):
    """One public story, whole: its Markdown, the same sanitised as the page shows it, and every photo,
    each with its caption in the story's language where translated."""

    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    pull_quote = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()

    class Meta(StorySerializer.Meta):
        fields = [*StorySerializer.Meta.fields, "body", "body_html", "pull_quote", "photos"]

    def get_body(self, story: GraduateStory) -> str:
        return story_text(story).body

    def get_body_html(self, story: GraduateStory) -> str:
        return str(render_markdown(story_text(story).body))

    def get_pull_quote(self, story: GraduateStory) -> str:
        return story_text(story).pull_quote

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, story: GraduateStory) -> list:
        photos = story_text(story).photos(list(story.photos.all()))
        return PhotoSerializer(photos, many=True, context=self.context).data


class PortraitMixin(serializers.Serializer):
    """The portrait on file, or null; `initials` are what the pages draw in its place."""

    portrait = serializers.SerializerMethodField()
    portrait_alt = serializers.CharField()
    portrait_caption = serializers.CharField()
    portrait_credit = serializers.CharField()
    initials = serializers.SerializerMethodField()

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_portrait(self, officer: Officer) -> dict | None:
        return image_or_none(portrait_image(officer), self.context)

    def get_initials(self, officer: Officer) -> str:
        return initials(officer.full_name)


class GraduateSerializer(PortraitMixin, OfficerSerializer):
    """A graduate with a public profile, as the directory lists them."""

    url = PageLinkField()
    api_url = ApiLinkField(GRADUATE_API, by_slug)


class MilestoneSerializer(serializers.ModelSerializer):
    """A checked step of a graduate's career (self-reported steps appear once staff check them)."""

    organisation = serializers.CharField(source="organisation.name", default=None, allow_null=True)
    organisation_country = serializers.CharField(source="organisation.country", default=None, allow_null=True)
    date = serializers.SerializerMethodField()

    class Meta:
        model = CareerMilestone
        fields = ["title", "organisation", "organisation_country", "kind", "date"]

    @extend_schema_field(PartialDateSerializer(allow_null=True))
    def get_date(self, milestone: CareerMilestone) -> dict | None:
        return partial_date(milestone.date, milestone.date_precision)


class StoryReferenceSerializer(TranslatedTextMixin, serializers.ModelSerializer):
    """A story as a graduate's profile names it, in the language asked for where translated."""

    url = PageLinkField()
    api_url = ApiLinkField(STORY_API, by_slug)

    class Meta:
        model = GraduateStory
        fields = ["slug", "headline", "standfirst", "language", "published_on", "url", "api_url"]


class GraduateDetailSerializer(GraduateSerializer):
    """One graduate's public profile: bio, career (oldest first: the last is where they are now) and
    stories, read from the public querysets the view prefetches (`public_milestones`, `public_stories`,
    the stories with their translation into the language asked for)."""

    bio = serializers.CharField()
    career = MilestoneSerializer(source="public_milestones", many=True)
    stories = StoryReferenceSerializer(source="public_stories", many=True)
