"""Graduate stories and their photos in the admin. Publishing belongs to Communications (and superusers)."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from batches.admin.filters import track_filter
from core.admin.base import PortalModelAdmin, PortalStackedInline, SortedFirstChangeList
from core.admin.counts import count_per_row
from core.admin.display import choice_label
from officers.admin.actions import publish_stories, unpublish_stories
from officers.admin.forms import StoryAdminForm
from officers.countries import Country
from officers.models import GraduateStory, StoryPhoto, StoryState

PUBLISH_PERMISSION = "officers.publish_graduatestory"


class PublicNowFilter(admin.SimpleListFilter):
    """Whether the public sees the story today, by the one visibility rule (`public()`)."""

    title = _("shown to the public")
    parameter_name = "public"

    def lookups(self, request: HttpRequest, model_admin) -> list:
        return [("yes", _("Shown now")), ("no", _("Not shown"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(is_public=self.value() == "yes")
        return queryset


class StoryPhotoInline(PortalStackedInline):
    model = StoryPhoto
    fields = ["image", "alt_text", "caption", ("credit", "licence"), "position"]
    show_change_link = False


@admin.register(GraduateStory)
class GraduateStoryAdmin(PortalModelAdmin):
    form = StoryAdminForm
    list_display = ["headline", "officer", "country", "state", "published_on", "is_public", "photo_count"]
    ordering = ["-published_on", "headline"]
    list_filter = [
        "state",
        PublicNowFilter,
        "officer__country",
        track_filter("officer__placements__batch__track"),
        "officer__public_profile_consent",
    ]
    # Read by key once the page is sorted: joined first, every officer was read to list fifty stories.
    list_select_related = ["officer"]
    search_fields = ["headline", "standfirst", "officer__full_name", "slug"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["officer"]
    fieldsets = [
        (None, {"fields": ["officer", "headline", "slug", "standfirst", "body", "pull_quote", "byline"]}),
        (_("Workflow"), {"fields": ["state", "published_on", "officer_approved_on"]}),
    ]
    inlines = [StoryPhotoInline]
    actions = [publish_stories, unpublish_stories]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        public = GraduateStory.objects.public().filter(pk=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(is_public=Exists(public), photo_count=count_per_row(StoryPhoto.objects.all(), of="story"))
        )

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[SortedFirstChangeList]:
        return SortedFirstChangeList

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"can_publish": self.has_publish_permission(request)})

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.state == StoryState.PUBLISHED and not self.has_publish_permission(request):
            readonly += ["state", "published_on"]
        return readonly

    @admin.display(description=_("country"), ordering="officer__country")
    def country(self, story: GraduateStory) -> str:
        return choice_label(Country, story.officer.country)

    @admin.display(description=_("shown to the public"), boolean=True, ordering="is_public")
    def is_public(self, story: GraduateStory) -> bool:
        return story.is_public

    @admin.display(description=_("photos"), ordering="photo_count")
    def photo_count(self, story: GraduateStory) -> int:
        return story.photo_count


@admin.register(StoryPhoto)
class StoryPhotoAdmin(PortalModelAdmin):
    list_display = ["__str__", "story", "credit", "licence", "position"]
    list_select_related = ["story"]
    search_fields = ["caption", "alt_text", "credit", "story__headline"]
    autocomplete_fields = ["story"]
