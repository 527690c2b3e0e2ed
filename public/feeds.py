"""The Atom feed of public graduate stories, newest first."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from officers.models import GraduateStory

FEED_LENGTH = 20


class LatestStoriesFeed(Feed):
    """Public: the latest stories that `public()` lets through (one query)."""

    feed_type = Atom1Feed
    title = _("ASEAN Attachment Programme: graduate stories")
    subtitle = _(
        "What officers from Cambodia, Lao PDR, Myanmar and Viet Nam did after their attachment "
        "to the ASEAN Secretariat."
    )
    link = reverse_lazy("public:story-list")
    feed_url = reverse_lazy("public:feed")

    def items(self):
        return GraduateStory.objects.public().select_related("officer").order_by("-published_on", "-id")[:FEED_LENGTH]

    def item_title(self, story: GraduateStory) -> str:
        return story.headline

    def item_description(self, story: GraduateStory) -> str:
        return story.standfirst or story.pull_quote

    def item_author_name(self, story: GraduateStory) -> str:
        return story.byline

    def item_pubdate(self, story: GraduateStory) -> datetime:
        return timezone.make_aware(datetime.combine(story.published_on, time.min))

    def item_categories(self, story: GraduateStory) -> list[str]:
        return [story.officer.get_country_display()]
