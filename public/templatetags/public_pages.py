"""Template helpers of the public pages: marked search words, a story's lead photo, the default
share image, the Secretariat's contact addresses and the figures tables' cells."""

from collections.abc import Iterable

from django import template
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from public.charts import Series
from public.contacts import Contact, contacts_of, tracks_with_contact
from public.figures import BatchFigure
from public.highlight import highlight
from public.photos import LeadPhoto, lead_photo
from public.sharing import ShareImage, default_share_image

register = template.Library()


@register.simple_tag(name="highlight")
def highlight_tag(text: str, terms: tuple[str, ...] | None = None) -> SafeString:
    """`{% highlight story.headline terms %}`: escaped, with the searched words marked. A tag, not a
    filter, so that a partial included without `terms` shows the text unmarked."""
    return highlight(str(text), terms or ())


@register.simple_tag
def batch_rows(figures: Iterable[BatchFigure], countries: Iterable[Series] = ()) -> SafeString:
    """A figures table's row per batch: its name linked to its page, its graduates from each of
    `countries` (when given) and its total, in the language's number format.

    Written here rather than by loops in the template: the per-batch tables have a row per batch
    (hundreds, after fifty years), and each template node of a row and each count formatted cost
    more than the row's whole markup written at once. A count is formatted once, however often it
    recurs."""
    keys = [country.key for country in countries]
    formatted: dict[int, str] = {}

    def cells(counts: Iterable[int]) -> str:
        markup = []
        for count in counts:
            if count not in formatted:
                formatted[count] = escape(number_format(count))
            markup.append(f'<td class="numeric">{formatted[count]}</td>')
        return "".join(markup)

    return mark_safe(  # every value is escaped above or below
        "\n".join(
            f'<tr><th scope="row"><a href="{escape(figure.url)}">{escape(figure.label)}</a></th>'
            f"{cells([*(figure.by_country.get(key, 0) for key in keys), figure.graduates])}</tr>"
            for figure in figures
        )
    )


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
