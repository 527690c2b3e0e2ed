"""Which language a public story is shown in: its published translation into the visitor's language
when one exists (read from `with_translation`'s prefetch, so no page asks for it story by story),
otherwise the English original, marked `lang="en"` on a page in another language so that screen
readers switch voice."""

import copy
from dataclasses import dataclass

from django.utils.translation import get_language

from officers.models import GraduateStory, StoryLanguage, StoryPhoto, StoryTranslation
from officers.models.story_translations import prefetched_translation, story_language

# The story's own language, as the `lang` attribute and the API name it.
ORIGINAL_LANGUAGE = "en"


@dataclass(frozen=True)
class StoryText:
    """A story's words in the language they are shown in."""

    headline: str
    standfirst: str
    body: str
    pull_quote: str
    language: str
    translation: StoryTranslation | None

    @property
    def lang(self) -> str:
        """The `lang` attribute the text needs: "en" for English on a page in another language, else
        "" (the page's own language is already declared on `<html>`)."""
        if self.translation is None and story_language(get_language()):
            return ORIGINAL_LANGUAGE
        return ""

    def photos(self, photos: list[StoryPhoto]) -> list[StoryPhoto]:
        """The photos with their captions in this language where translated. Copies, for showing only:
        the original records are never changed, and a copy is never saved."""
        if self.translation is None:
            return photos
        shown = []
        for photo in photos:
            caption = self.translation.caption_for(photo)
            if caption:
                photo = copy.copy(photo)
                photo.caption = caption
            shown.append(photo)
        return shown


def story_text(story: GraduateStory) -> StoryText:
    translation = prefetched_translation(story)
    source = translation or story
    return StoryText(
        headline=source.headline,
        standfirst=source.standfirst,
        body=source.body,
        pull_quote=source.pull_quote,
        language=translation.language if translation else ORIGINAL_LANGUAGE,
        translation=translation,
    )


def untranslated_language(text: StoryText) -> str:
    """The visitor's language by name, in that language, when the story is shown in English for want
    of a translation into it; "" when nothing needs saying."""
    language = story_language(get_language())
    if language is None or text.translation is not None:
        return ""
    return str(StoryLanguage(language).label)
