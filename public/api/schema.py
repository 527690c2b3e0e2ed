"""What the OpenAPI schema says beyond what drf-spectacular reads from the views: the filters'
values and the error answers each endpoint may give."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from officers.countries import Country
from public.story_filters import BY_BATCH
from public.story_list_form import SEARCH_MAX_LENGTH


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words for people.")


FIELD_ERRORS = {
    "type": "object",
    "description": "Each query parameter in error, with what is wrong with it.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"country": ["There is no country “XX” in the programme: …"]},
}

TOO_MANY = OpenApiResponse(
    ErrorSerializer,
    description="Too many requests from this address; the Retry-After header says in how many seconds to try again.",
)
LIMIT_ERRORS = {429: TOO_MANY}
RECORD_ERRORS = {
    404: OpenApiResponse(ErrorSerializer, description="No public record has this address."),
    **LIMIT_ERRORS,
}
LIST_ERRORS = {
    400: OpenApiResponse(FIELD_ERRORS, description="A filter or page parameter that cannot match; nothing is listed."),
    404: OpenApiResponse(
        ErrorSerializer, description="A page past the end of the list, or a track that does not exist."
    ),
    **LIMIT_ERRORS,
}

COUNTRY = OpenApiParameter(
    "country",
    str,
    enum=Country.values,
    description="A member state's ISO 3166-1 code (lower case is read too).",
)
TRACK = OpenApiParameter(
    "track", str, description="A programme track's slug, as in /api/v1/tracks/: junior-diplomats."
)
BATCH = OpenApiParameter(
    "batch",
    {"type": "integer", "minimum": 1},
    description="A batch number: of the track given, or with no track, that number in any track.",
)
SEARCH = OpenApiParameter(
    "q",
    # Text as a person types it; a NUL character is the one thing no text field takes.
    {"type": "string", "maxLength": SEARCH_MAX_LENGTH, "pattern": "^[^\\u0000]*$"},
    description="Words to look for in the stories and their graduates' names, most relevant first.",
)
ORDER = OpenApiParameter(
    "order",
    str,
    enum=[BY_BATCH],
    description="Newest first when not given; `batch`: by batch, oldest first, the source article's order.",
)

# The language of the story endpoints and of a graduate's profile, which names their stories
# (public/api/languages.py).
LANGUAGE = [
    OpenApiParameter(
        "lang",
        str,
        enum=[code for code, _name in settings.LANGUAGES],
        description=(
            "The language to give the stories in: each story's published translation into it where one"
            " exists, else its English original (its `language` field says which). When not given, the"
            " first language of the Accept-Language header that the portal speaks, else English. Name it"
            " here for answers that caches may keep."
        ),
    )
]
STORY_RECORD_ERRORS = {
    400: OpenApiResponse(FIELD_ERRORS, description="A `lang` the portal does not speak."),
    **RECORD_ERRORS,
}

STORY_FILTERS = [SEARCH, TRACK, BATCH, COUNTRY, ORDER]
GRADUATE_FILTERS = [TRACK, BATCH, COUNTRY]


def empty_means_not_given(result: dict, generator, request, public) -> dict:
    """Say what every query parameter of the API does with an empty value (`?country=`): the same as
    without it, as a page's form does with a field left empty. A drf-spectacular postprocessing hook."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    parameter["allowEmptyValue"] = True
    return result
