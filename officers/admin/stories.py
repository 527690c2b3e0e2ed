"""Graduate stories and their photos in the admin. Publishing belongs to Communications (and superusers),
and only for a text the officer approved; anyone who may read stories here may preview their public page."""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from batches.admin.filters import track_filter
from core.admin.base import PortalModelAdmin, PortalStackedInline, SortedFirstChangeList
from core.admin.counts import count_per_row
from core.admin.display import choice_label
from core.templatetags.portal import story_photo_image
from officers.admin.actions import publish_stories, unpublish_stories
from officers.admin.forms import StoryAdminForm
from officers.admin.story_translations import PUBLISH_PERMISSION, StoryTranslationInline
from officers.countries import Country
from officers.models import GraduateStory, StoryPhoto, StoryState
from officers.models.stories import APPROVED_TEXT_FIELDS
from officers.services.publication import PublicationRefused, record_officer_approval

NO_IMAGE_FILE = _("No image file: this photo shows as an empty captioned frame")

# The story's text fields sized for what they hold: a full-width headline, two short paragraphs and a
# long body. Sized by class in static/admin-portal/admin.css ("Story form"), never by inline style.
SHORT_TEXT = {"rows": 3, "class": "vLargeTextField portal-story-short"}
STORY_WIDGETS = {
    "headline": lambda: widgets.AdminTextInputWidget(attrs={"class": "vTextField portal-story-headline"}),
    "standfirst": lambda: widgets.AdminTextareaWidget(attrs=SHORT_TEXT),
    "pull_quote": lambda: widgets.AdminTextareaWidget(attrs=SHORT_TEXT),
    "body": lambda: widgets.AdminTextareaWidget(attrs={"rows": 24, "class": "vLargeTextField portal-story-body"}),
}


def photo_thumbnail(photo: StoryPhoto) -> SafeString | str:
    """A small copy of the photo as the public page shows it, or a warning when there is no file to show."""
    if photo.pk is None:
        return ""
    image = story_photo_image(photo)
    if image is None:
        return format_html('<p class="portal-photo-missing">{}</p>', NO_IMAGE_FILE)
    return format_html(
        '<img class="portal-photo-thumb" src="{}"{} width="{}" height="{}" alt="{}" loading="lazy">',
        image.src,
        format_html(' srcset="{}" sizes="10rem"', image.srcset) if image.srcset else "",
        image.width,
        image.height,
        photo.alt_text or photo.caption,
    )


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
    fields = ["thumbnail", "image", "alt_text", "caption", ("credit", "licence"), "position"]
    readonly_fields = ["thumbnail"]
    show_change_link = False

    @admin.display(description=_("as shown"))
    def thumbnail(self, photo: StoryPhoto) -> SafeString | str:
        return photo_thumbnail(photo)


class OfficerApprovalRequiredMixin:
    """The story form publishes only a text the officer approved: moving a story to published, by
    its state field or by a revert to a published version, is refused with what is missing."""

    instance: GraduateStory
    fields: dict

    def clean(self) -> dict:
        cleaned = super().clean()  # type: ignore[misc]
        if cleaned.get("state", self.instance.state) != StoryState.PUBLISHED:
            return cleaned
        if self.instance.pk is not None:
            stored = GraduateStory._base_manager.filter(pk=self.instance.pk).values_list("state", flat=True).first()
            if stored == StoryState.PUBLISHED:
                return cleaned
        proposed = copy.copy(self.instance)
        for name in APPROVED_TEXT_FIELDS:
            if name in cleaned:
                setattr(proposed, name, cleaned[name])
        if problem := proposed.approval_problem():
            raise ValidationError({"state": problem} if "state" in self.fields else problem, code="officer_approval")
        return cleaned


class OfficerApprovalForm(forms.Form):
    """The officer's approval of the text shown on the page: the day they gave it."""

    approved_on = forms.DateField(
        label=_("The officer approved this text on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


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
        (_("Source"), {"fields": ["source_title", "source_url"]}),
        (_("Workflow"), {"fields": ["state", "published_on"]}),
        (_("Officer's approval"), {"fields": ["officer_approval"]}),
    ]
    readonly_fields = ["officer_approval"]
    inlines = [StoryPhotoInline, StoryTranslationInline]
    actions = [publish_stories, unpublish_stories]
    change_form_template = "admin/officers/graduatestory/change_form.html"

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name in STORY_WIDGETS:
            kwargs["widget"] = STORY_WIDGETS[db_field.name]()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self) -> list:
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/officer-approval/",
                self.admin_site.admin_view(self.officer_approval_view),
                name=f"{opts.app_label}_{opts.model_name}_officer_approval",
            ),
            *super().get_urls(),
        ]

    def _story_or_404(self, request: HttpRequest, object_id: str) -> GraduateStory:
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404
        return story

    def _change_url(self, story: GraduateStory) -> str:
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[story.pk])

    def officer_approval_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Staff who may change the story record the day the officer approved its text as it stands."""
        story = self._story_or_404(request, object_id)
        if not self.has_change_permission(request, story):
            raise PermissionDenied
        form = OfficerApprovalForm(
            request.POST if request.method == "POST" else None,
            initial={"approved_on": timezone.localdate(), "version": story.version},
        )
        if form.is_valid():
            try:
                record_officer_approval(
                    story=story,
                    version=form.cleaned_data["version"],
                    approved_on=form.cleaned_data["approved_on"],
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.add_error("approved_on", error.message_dict.get("officer_approved_on", error.messages))
                else:
                    form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("Recorded that the officer approved version %(version)d of the text on %(date)s.")
                    % {"version": story.version, "date": date_format(form.cleaned_data["approved_on"], "j F Y")},
                    messages.SUCCESS,
                )
                return redirect(self._change_url(story))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Record the officer's approval"),
            "subtitle": str(story),
            "opts": opts,
            "original": story,
            "form": form,
            "approval_problem": story.approval_problem(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/officers/graduatestory/officer_approval.html", context)

    def response_action(self, request: HttpRequest, queryset: QuerySet):
        """Publishing refused for want of the officer's approval says what is missing, story by story."""
        try:
            return super().response_action(request, queryset)
        except PublicationRefused as refusal:
            self.message_user(
                request,
                " ".join([gettext("Nothing was published."), *refusal.messages]),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    @admin.display(description=_("officer's approval"))
    def officer_approval(self, story: GraduateStory) -> SafeString:
        if story.pk is None or not story.officer_approved_on:
            return format_html(
                '<p class="portal-approval portal-approval--missing">{}</p>',
                gettext("The officer has not approved this text yet."),
            )
        recorded = ""
        if story.officer_approval_recorded_at:
            recorded = gettext("Recorded by %(who)s on %(when)s.") % {
                "who": story.officer_approval_recorded_by or gettext("a former member of staff"),
                "when": date_format(timezone.localtime(story.officer_approval_recorded_at).date(), "j F Y"),
            }
        if story.has_valid_approval():
            said = gettext("The officer approved this text (version %(version)s) on %(date)s.")
            modifier = "valid"
        elif story.officer_approved_fingerprint:
            said = gettext(
                "The text changed after the officer approved version %(version)s on %(date)s: ask them again."
            )
            modifier = "stale"
        else:
            said = gettext("The officer approved a text on %(date)s; which one was not recorded: record it again.")
            modifier = "missing"
        said %= {"version": story.officer_approved_version, "date": date_format(story.officer_approved_on, "j F Y")}
        return format_html('<p class="portal-approval portal-approval--{}">{} {}</p>', modifier, said, recorded)

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
        return type(
            form.__name__, (OfficerApprovalRequiredMixin, form), {"can_publish": self.has_publish_permission(request)}
        )

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
    readonly_fields = ["thumbnail"]
    list_select_related = ["story"]
    search_fields = ["caption", "alt_text", "credit", "story__headline"]
    autocomplete_fields = ["story"]

    @admin.display(description=_("as shown"))
    def thumbnail(self, photo: StoryPhoto) -> SafeString | str:
        return photo_thumbnail(photo)
