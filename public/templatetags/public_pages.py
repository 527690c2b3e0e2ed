"""Template helpers of the public pages: marked search words, a story's lead photo, the default
share image and the Secretariat's contact addresses."""

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from public.contacts import Contact, contacts_of, tracks_with_contact
from public.highlight import highlight
from public.photos import LeadPhoto, lead_photo
from public.sharing import ShareImage, default_share_image

register = template.Library()


@register.simple_tag(name="highlight")
def highlight_tag(text: str, terms: tuple[str, ...] | None = None) -> SafeString:
    """`{% highlight story.headline terms %}`: escaped, with the searched words marked. A tag, not a
    filter, so that a partial included without `terms` shows the text unmarked."""
    return highlight(str(text), terms or ())


@register.simple_tag(name="lead_photo")
def lead_photo_tag(story) -> LeadPhoto | None:
    return lead_photo(story)


@register.simple_tag(takes_context=True, name="default_share_image")
def default_share_image_tag(context) -> ShareImage | None:
    # Pages rendered without a request (none today) would have no host to make the address whole.
    request = context.get("request")
    return default_share_image(request) if request else None


@register.simple_tag
def programme_contacts(placements: Iterable | None = None) -> list[Contact]:
    """The addresses of the tracks of these placements (read from them, no query), or, given none,
    of every track (one query). A placement may be given as an item that carries it as `.placement`,
    as an officer's own page lists them."""
    if placements is None:
        return contacts_of(tracks_with_contact())
    return contacts_of(getattr(item, "placement", item).batch.track for item in placements)
