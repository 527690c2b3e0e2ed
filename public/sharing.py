"""Sharing a public page: links that need no script of ours or of anyone else's, and the image a
shared link shows (a story's lead photo, or the portal's default card)."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

# Drawn once with Pillow: the portal's name on its blue, at the size the networks ask for.
DEFAULT_SHARE_IMAGE = "img/share-default.png"
DEFAULT_SHARE_IMAGE_SIZE = (1200, 630)


@dataclass(frozen=True)
class ShareLink:
    label: str
    href: str


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


def _query(parameters: dict[str, str]) -> str:
    # %20 for spaces, not "+": mail programs show a "+" as it is.
    return urlencode(parameters, quote_via=quote)


def share_links(*, url: str, title: str) -> list[ShareLink]:
    """Plain links to each network's own sharing page, and an email: the visitor's browser does the rest."""
    return [
        ShareLink(_("Send by email"), "mailto:?" + _query({"subject": title, "body": url})),
        ShareLink("Facebook", "https://www.facebook.com/sharer/sharer.php?" + _query({"u": url})),
        ShareLink("X", "https://x.com/intent/post?" + _query({"url": url, "text": title})),
        ShareLink("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + _query({"url": url})),
        ShareLink("WhatsApp", "https://wa.me/?" + _query({"text": f"{title} {url}"})),
    ]


def absolute_url(request: HttpRequest, url: str) -> str:
    """Networks fetch the image themselves, so its address must be whole (media may have its own host)."""
    return url if urlsplit(url).scheme else request.build_absolute_uri(url)


def default_share_image(request: HttpRequest) -> ShareImage:
    width, height = DEFAULT_SHARE_IMAGE_SIZE
    return ShareImage(
        url=absolute_url(request, static(DEFAULT_SHARE_IMAGE)),
        width=width,
        height=height,
        alt=str(
            _(
                "ASEAN Attachment Programme: officers from Cambodia, Lao PDR, Myanmar and Viet Nam "
                "attached to the ASEAN Secretariat"
            )
        ),
    )
