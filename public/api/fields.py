"""Fields the API's serializers share: absolute links, images, and dates known only to a year or month."""

from collections.abc import Callable
from datetime import date

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.partial_dates import DatePrecision, format_partial_date, iso_partial_date
from core.templatetags.portal import ResponsiveImage


def absolute(context: dict, path: str) -> str:
    """An address other sites can use: scheme and host included."""
    return context["request"].build_absolute_uri(path)


@extend_schema_field(OpenApiTypes.URI)
class PageLinkField(serializers.Field):
    """The address of a record's public page, from its `get_absolute_url()` (the record itself, or
    the one `source` names)."""

    def __init__(self, source: str = "*", **kwargs) -> None:
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, record) -> str:
        return absolute(self.context, record.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ApiLinkField(serializers.Field):
    """The address of a record in this API: `view_name` reversed with the arguments `arguments` gives."""

    def __init__(self, view_name: str, arguments: Callable[[object], dict], source: str = "*", **kwargs) -> None:
        self.view_name = view_name
        self.arguments = arguments
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, record) -> str:
        return absolute(self.context, reverse(self.view_name, kwargs=self.arguments(record)))


def by_slug(record) -> dict:
    return {"slug": record.slug}


def by_track(track) -> dict:
    return {"track": track.slug}


def by_batch(batch) -> dict:
    return {"track": batch.track.slug, "number": batch.number}


class ImageSerializer(serializers.Serializer):
    """An image as a page shows it: the largest web copy, the others as a `srcset`, its pixel size."""

    src = serializers.SerializerMethodField()
    srcset = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()

    def get_src(self, image: ResponsiveImage) -> str:
        return absolute(self.context, image.src)

    def get_srcset(self, image: ResponsiveImage) -> str:
        """'https://…/small.jpg 480w, https://…/large.jpg 1200w', or '' when there is one size."""
        if not image.srcset:
            return ""
        candidates = (candidate.rsplit(" ", 1) for candidate in image.srcset.split(", "))
        return ", ".join(f"{absolute(self.context, url)} {width}" for url, width in candidates)


class PartialDateSerializer(serializers.Serializer):
    """A date known to the day, month, quarter or year: '2019-06' and 'June 2019' for a month."""

    iso = serializers.CharField(help_text="ISO 8601 to the precision known: 2019, 2019-06 or 2019-06-01.")
    precision = serializers.ChoiceField(choices=DatePrecision.choices)
    display = serializers.CharField(help_text="As the pages write it: 2019, June 2019 or 1 June 2019.")


def partial_date(value: date | None, precision: str) -> dict | None:
    if value is None:
        return None
    return {
        "iso": iso_partial_date(value, precision),
        "precision": precision,
        "display": format_partial_date(value, precision),
    }


def image_or_none(image: ResponsiveImage | None, context: dict) -> dict | None:
    return ImageSerializer(image, context=context).data if image else None
