"""Stories' translations in the admin: written on the story's page (its "Translations" rows) or on the
translation's own page, where its photos' captions are translated too. Publishing a translation
belongs to whoever may publish stories (Communications and superusers); editors write drafts."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin.base import PortalModelAdmin, PortalStackedInline, PortalTabularInline
from core.admin.shared_choices import SharedChoicesFormSet
from officers.models import StoryPhoto, StoryTranslation, TranslatedCaption

PUBLISH_PERMISSION = "officers.publish_graduatestory"
PUBLICATION_FIELDS = ["state", "published_on"]


def publication_readonly(request: HttpRequest) -> list[str]:
    """Who may not publish sees a translation's state and date but cannot set them."""
    return [] if request.user.has_perm(PUBLISH_PERMISSION) else PUBLICATION_FIELDS


class TranslationFormSet(SharedChoicesFormSet):
    def get_unique_error_message(self, unique_check) -> str:
        # Django's own says only "duplicate data for language".
        return gettext("A story has one translation per language: this language is given twice.")


class StoryTranslationInline(PortalStackedInline):
    """The story's translations on its own page; each links to its page, where the captions are."""

    model = StoryTranslation
    formset = TranslationFormSet
    fields = ["language", "headline", "standfirst", "body", "pull_quote", *PUBLICATION_FIELDS]
    verbose_name_plural = _("translations")

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), *publication_readonly(request)]


class TranslatedCaptionInline(PortalTabularInline):
    model = TranslatedCaption
    fields = ["photo", "caption"]
    show_change_link = False

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        # Only the translated story's own photos can be chosen.
        if db_field.name == "photo":
            translation = getattr(request, "_translation_being_edited", None)
            story_id = translation.story_id if translation else None
            kwargs["queryset"] = StoryPhoto.objects.filter(story_id=story_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StoryTranslation)
class StoryTranslationAdmin(PortalModelAdmin):
    list_display = ["headline", "story", "language", "state", "published_on"]
    list_filter = ["language", "state"]
    list_select_related = ["story"]
    search_fields = ["headline", "standfirst", "story__headline"]
    autocomplete_fields = ["story"]
    fields = ["story", "language", "headline", "standfirst", "body", "pull_quote", *PUBLICATION_FIELDS]
    inlines = [TranslatedCaptionInline]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), *publication_readonly(request)]

    def get_inlines(self, request: HttpRequest, obj=None) -> list:
        # Captions need the story's photos: they are translated once the translation is saved.
        request._translation_being_edited = obj
        return super().get_inlines(request, obj) if obj is not None else []
