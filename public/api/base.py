"""What every API view shares: who may read it, from where, how often, and how its responses are cached.

CORS is one response header rather than django-cors-headers: the API answers only GET and HEAD,
sends no cookies and reads none, so a browser on any site asks it without a preflight, and
`Access-Control-Allow-Origin: *` is all it needs. Set by the views themselves, the header is part of
the cached response, reaches no page but the API's, and needs no middleware on every request.
"""

from collections.abc import Callable

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from core.page_cache import cache_public_page
from public.api.throttling import TooManyRequests

# Headers a script on another site may read besides the simple ones: revalidating with the ETag,
# and waiting as long as a 429 asks.
EXPOSED_HEADERS = "ETag, Retry-After"


class PublicApiMixin:
    """Public: anyone, signed in or not, from any site; at most the rate limit per address."""

    permission_classes = [AllowAny]
    # Only GET (and HEAD): no OPTIONS description of the view, no other method.
    http_method_names = ["get", "head"]
    not_found_message = _("Not found.")

    def throttled(self, request, wait):
        raise TooManyRequests(wait=wait)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    def get_object(self):
        """The record, or a 404 whose message says what is missing (not the model's name)."""
        record = (
            self.get_queryset()
            .filter(**{self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]})
            .first()
        )
        if record is None:
            raise NotFound(self.not_found_message)
        return record


class NoSuchAddress(PublicApiMixin, APIView):
    """Any other address under /api/: a 404 in JSON, like the API's own, rather than the site's page."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise NotFound(_("The API has no such address: /api/ lists its addresses."))


def endpoint(view_class: type, *, query: tuple[str, ...] = ()) -> Callable[..., HttpResponse]:
    """The view, cached whole with the public pages (core/page_cache.py) for requests whose query
    parameters are among `query`, and invalidated with them on every save."""
    return cache_public_page(view_class.as_view(), query=query)
