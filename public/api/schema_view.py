"""`/api/schema/`: the OpenAPI 3 description of the API, as JSON. Public.

Only the schema is served: drf-spectacular's Swagger UI and Redoc pages load scripts from a CDN,
which the Content-Security-Policy forbids. People read `/api/`, the portal's own page.
"""

from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView

from public.api.base import PublicApiMixin


class SchemaView(PublicApiMixin, SpectacularAPIView):
    renderer_classes = [OpenApiJsonRenderer]
