"""A story's lead photo: the first of its photos, in their order, whose image can be read. It heads
the story's card and is the picture a shared link to the story shows."""

from dataclasses import dataclass

from core.templatetags.portal import ResponsiveImage, story_photo_image
from officers.models import GraduateStory, StoryPhoto


@dataclass(frozen=True)
class LeadPhoto:
    photo: StoryPhoto
    image: ResponsiveImage

    @property
    def alt(self) -> str:
        return self.photo.alt_text or self.photo.caption


def lead_photo(story: GraduateStory) -> LeadPhoto | None:
    """Reads `story.photos.all()`, so a list that prefetched the photos (`for_listing()`) asks nothing more."""
    for photo in story.photos.all():
        image = story_photo_image(photo)
        if image:
            return LeadPhoto(photo=photo, image=image)
    return None
