"""The Atom feed of public graduate stories, newest first, each with its whole text."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.safe_markdown import render_markdown
from officers.models import GraduateStory
from officers.models.story_translations import with_translation
from public.story_filters import NEWEST_FIRST
from public.story_languages import story_text

FEED_LENGTH = 20


class AtomFeedWithContent(Atom1Feed):
    """Atom with each entry's whole text in `<content type="html">`, beside its summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestStoriesFeed(Feed):
    """Public: the latest stories that `public()` lets through (one query), each in the feed's language
    where it has a published translation (one query more, for a language other than English)."""

    feed_type = AtomFeedWithContent
    title = _("ASEAN Attachment Programme: graduate stories")
    subtitle = _(
        "What officers from Cambodia, Lao PDR, Myanmar and Viet Nam did after their attachment "
        "to the ASEAN Secretariat."
    )
    link = reverse_lazy("public:story-list")
    feed_url = reverse_lazy("public:feed")

    def items(self):
        # When each story was last saved, from its history, in the same query.
        changes = GraduateStory.history.filter(id=OuterRef("pk")).order_by("-history_date")
        stories = (
            GraduateStory.objects.public()
            .select_related("officer")
            .annotate(last_saved_at=Subquery(changes.values("history_date")[:1]))
            .order_by(*NEWEST_FIRST)
        )
        return with_translation(stories, get_language())[:FEED_LENGTH]

    def item_title(self, story: GraduateStory) -> str:
        return story_text(story).headline

    def item_description(self, story: GraduateStory) -> str:
        text = story_text(story)
        return text.standfirst or text.pull_quote

    def item_extra_kwargs(self, story: GraduateStory) -> dict:
        # The same sanitised HTML the story's page shows, in the same language.
        return {"content": render_markdown(story_text(story).body)}

    def item_author_name(self, story: GraduateStory) -> str:
        return story.byline

    def item_pubdate(self, story: GraduateStory) -> datetime:
        return timezone.make_aware(datetime.combine(story.published_on, time.min))

    def item_updateddate(self, story: GraduateStory) -> datetime:
        """The story's last save, or its publication date when that is later (a story saved before the
        day it was dated to appear) or its history is missing (rows written in bulk keep none)."""
        published = self.item_pubdate(story)
        return max(story.last_saved_at, published) if story.last_saved_at else published

    def item_categories(self, story: GraduateStory) -> list[str]:
        return [story.officer.get_country_display()]
