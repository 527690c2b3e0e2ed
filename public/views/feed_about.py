"""A page for people rather than feed readers: what the stories' feed is and how to follow it."""

from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from core.page_cache import cache_public_page
from public.feeds import FEED_LENGTH


@method_decorator(cache_public_page, name="dispatch")
class FeedAboutView(TemplateView):
    """Public: no records read (no query); the feed's whole address is given to copy into a reader."""

    template_name = "public/feed_about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            feed_address=self.request.build_absolute_uri(reverse("public:feed")),
            feed_length=FEED_LENGTH,
        )
        return context
