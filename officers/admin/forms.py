"""Forms of the officers' admin: the story form that guards publication, and the enrolment step."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from batches.models import Batch, Division
from core.versioning import VersionCheckedForm
from officers.models import GraduateStory, Placement, StoryState

PUBLISH_REFUSED = _(
    "Only Communications staff can publish a story, unpublish it or change its publication date. "
    "Save it as draft or in review and ask them."
)


def publication_of(state: str, published_on) -> tuple:
    """What the public sees of a story's workflow: nothing, or published on a date."""
    return (True, published_on) if state == StoryState.PUBLISHED else (False, None)


class StoryAdminForm(VersionCheckedForm):
    """A story's edit form. Without the publish permission, the state may move between draft and
    in review only, and a published story's publication cannot change — whatever the route (the
    form, an inline, or a revert to an old version)."""

    can_publish = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields.get("state")
        if state is not None and not self.can_publish:
            state.choices = [choice for choice in state.choices if choice[0] != StoryState.PUBLISHED]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.can_publish:
            return cleaned
        current = GraduateStory._base_manager.filter(pk=self.instance.pk).values_list("state", "published_on").first()
        before = publication_of(*current) if current else publication_of(StoryState.DRAFT, None)
        after = publication_of(
            cleaned.get("state", self.instance.state), cleaned.get("published_on", self.instance.published_on)
        )
        if before != after:
            raise ValidationError(PUBLISH_REFUSED, code="publish_permission")
        return cleaned


class EnrolForm(forms.Form):
    """The intermediate step of "Enrol in a batch": which batch, and which division."""

    batch = forms.ModelChoiceField(queryset=Batch.objects.with_track(), label=_("Batch"))
    division = forms.ModelChoiceField(
        queryset=Division.objects.all(),
        required=False,
        label=_("ASEC division"),
        help_text=_("Leave empty when the division is not decided yet."),
    )

    def __init__(self, *args, admin_site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The admin's own search-as-you-type choosers, searching batches and divisions as their pages do.
        for name in ("batch", "division"):
            field = self.fields[name]
            field.widget = AutocompleteSelect(Placement._meta.get_field(name), admin_site)
            field.widget.choices = field.choices
