"""Publishing and unpublishing graduate stories.

A story reaches the public only through `GraduateStory.objects.public()`: published, dated today or
earlier, and its officer's consent standing. Publishing here sets the first two; consent is the
officer's own (see `officers.services.consent`).
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_with_history
from officers.models import GraduateStory, StoryState


@transaction.atomic
def set_publication(*, stories: QuerySet, publish: bool, by: AbstractBaseUser) -> list[GraduateStory]:
    """Publish (dated today unless already dated) or unpublish (back to draft) each story, with `by`
    as the history author. Returns the stories it changed; the others were already so."""
    changed = []
    # Locked through a plain query: the changelist's own may carry a DISTINCT, which cannot be locked.
    for story in GraduateStory.objects.select_for_update().filter(pk__in=stories.values("pk")).order_by("pk"):
        if (story.state == StoryState.PUBLISHED) == publish:
            continue
        if publish:
            story.state = StoryState.PUBLISHED
            story.published_on = story.published_on or timezone.localdate()
        else:
            story.state = StoryState.DRAFT
        story.full_clean()
        save_with_history(story, by=by, reason=_("Published") if publish else _("Unpublished"))
        changed.append(story)
    return changed
