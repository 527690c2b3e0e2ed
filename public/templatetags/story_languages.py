"""`{% story_text story as text %}`: a story's words in the visitor's language where a published
translation was prefetched (public/story_languages.py), else in English."""

from django import template

from public.story_languages import StoryText, story_text

register = template.Library()


@register.simple_tag(name="story_text")
def story_text_tag(story) -> StoryText:
    return story_text(story)
