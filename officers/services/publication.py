"""Publishing and unpublishing graduate stories, and the officer's approval that publishing needs.

A story reaches the public only through `GraduateStory.objects.public()`: published, dated today or
earlier, and its officer's consent standing. Publishing here sets the first two, and only for a story
whose officer approved the text as it stands (`GraduateStory.approval_problem`); consent is the
officer's own (see `officers.services.consent`).
"""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_with_history
from officers.models import GraduateStory, StoryState


class PublicationRefused(ValidationError):
    """Nothing was published: one or more of the stories lacks what publishing needs. Its messages
    name each story and what is missing."""


@transaction.atomic
def set_publication(*, stories: QuerySet, publish: bool, by: AbstractBaseUser) -> list[GraduateStory]:
    """Publish (dated today unless already dated) or unpublish (back to draft) each story, with `by`
    as the history author. Returns the stories it changed; the others were already so.

    Publishing is all or nothing: when any story to publish lacks the officer's approval of its
    current text, none is published and `PublicationRefused` says, story by story, what is missing."""
    # Locked through a plain query: the changelist's own may carry a DISTINCT, which cannot be locked.
    locked = GraduateStory.objects.select_for_update().filter(pk__in=stories.values("pk")).order_by("pk")
    to_change = [story for story in locked if (story.state == StoryState.PUBLISHED) != publish]
    if publish:
        refusals = [
            _("“%(headline)s”: %(problem)s") % {"headline": story.headline, "problem": problem}
            for story in to_change
            if (problem := story.approval_problem())
        ]
        if refusals:
            raise PublicationRefused(refusals, code="officer_approval")
    for story in to_change:
        if publish:
            story.state = StoryState.PUBLISHED
            story.published_on = story.published_on or timezone.localdate()
        else:
            story.state = StoryState.DRAFT
        story.full_clean()
        save_with_history(story, by=by, reason=_("Published") if publish else _("Unpublished"))
    return to_change


@transaction.atomic
def record_officer_approval(
    *, story: GraduateStory, version: int, approved_on: date, by: AbstractBaseUser
) -> GraduateStory:
    """Record that the officer approved `version` of the story's text: on which day, which version and
    wording, and who recorded it. Refused when the story was saved again since that version was read,
    so an approval is never put on a text nobody showed the officer. A later change of the wording
    makes the approval stale."""
    if approved_on > timezone.localdate():
        raise ValidationError({"officer_approved_on": _("The day the officer approved the text cannot be ahead.")})
    locked = GraduateStory.objects.select_for_update().get(pk=story.pk)
    if locked.version != version:
        raise ValidationError(
            _("Someone saved the story after you opened this page: read the text again, then record the approval."),
            code="stale",
        )
    locked.officer_approved_on = approved_on
    locked.officer_approved_version = locked.version
    locked.officer_approved_fingerprint = locked.text_fingerprint()
    locked.officer_approval_recorded_by = by
    locked.officer_approval_recorded_at = timezone.now()
    locked.full_clean()
    save_with_history(locked, by=by, reason=_("Recorded the officer's approval of the text"))
    return locked
