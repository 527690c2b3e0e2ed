from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from officers.models import CareerMilestone, GraduateStory, Officer, Organisation, Placement, StoryPhoto


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country"]
    search_fields = ["name"]


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "country", "public_profile_consent"]
    list_filter = ["country", "public_profile_consent"]
    search_fields = ["full_name", "email"]


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ["officer", "batch", "division", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["officer", "batch__track", "division"]
    search_fields = ["officer__full_name"]


@admin.register(CareerMilestone)
class CareerMilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "officer", "date_display", "kind"]
    list_select_related = ["officer"]
    search_fields = ["title", "officer__full_name"]


@admin.register(GraduateStory)
class GraduateStoryAdmin(SimpleHistoryAdmin):
    list_display = ["headline", "officer", "state", "published_on"]
    list_filter = ["state"]
    list_select_related = ["officer"]
    search_fields = ["headline"]


@admin.register(StoryPhoto)
class StoryPhotoAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "story", "credit"]
    list_select_related = ["story"]
