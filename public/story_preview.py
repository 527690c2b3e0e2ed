"""The public page of a story as it is now, draft or not, for the Secretariat's staff: the page the
public will see once it is published. Served inside the workspace (`admin:officers_graduatestory_preview`,
wired by the admin site), to anyone who may read stories there; never cached, never indexed, never
stored with the public pages."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.page_cache import keep_out_of_cache
from officers.models import GraduateStory, StoryState
from public.views.stories import for_story_page, story_page_context


@never_cache
def story_preview_view(request: HttpRequest, object_id: str, site: admin.AdminSite) -> HttpResponse:
    model_admin = site.get_model_admin(GraduateStory)
    story = model_admin.get_object(request, unquote(object_id))
    if story is None:
        raise Http404
    if not model_admin.has_view_permission(request, story):
        raise PermissionDenied
    story = for_story_page(GraduateStory.objects.filter(pk=story.pk)).get()
    # Shown as it would be if published today; nothing is saved.
    story.published_on = story.published_on or timezone.localdate()
    context = {
        "story": story,
        **story_page_context(request, story),
        "is_public_now": GraduateStory.objects.public().filter(pk=story.pk).exists(),
        "state_label": StoryState(story.state).label,
        "change_url": reverse(f"{site.name}:officers_graduatestory_change", args=[story.pk]),
    }
    response = TemplateResponse(request, "admin/officers/graduatestory/preview.html", context)
    response["X-Robots-Tag"] = "noindex"
    return keep_out_of_cache(response)
