"""`/api/v1/countries/`: the four member states with their figures. Public.

Graduates are counted as people, those without a public profile too, as every figure is; the
public profiles and stories are those the public pages list.
"""

from django.db.models import Count
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from officers.countries import Country
from officers.models import GraduateStory, Officer
from public.api.base import PublicApiMixin
from public.api.schema import LIMIT_ERRORS


def per_country(queryset, country_field: str) -> dict[str, int]:
    """The records of `queryset` counted per member state: one query."""
    rows = queryset.order_by().values_list(country_field).annotate(count=Count("pk"))
    return dict(rows)


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 code: KH, LA, MM or VN.")
    name = serializers.CharField()
    graduates = serializers.IntegerField(help_text="People on record who graduated, with a public profile or not.")
    public_profiles = serializers.IntegerField(help_text="Graduates with a public profile.")
    stories = serializers.IntegerField(help_text="Published stories about its graduates.")
    url = serializers.URLField(help_text="The member state's page.")
    graduates_api_url = serializers.URLField()
    stories_api_url = serializers.URLField()


@extend_schema(responses={200: CountrySerializer(many=True), **LIMIT_ERRORS})
class CountryList(PublicApiMixin, APIView):
    """Cambodia, Lao PDR, Myanmar and Viet Nam, each with its graduates, public profiles and stories."""

    def get(self, request):
        graduates = per_country(Officer.objects.graduates(), "country")
        profiles = per_country(Officer.objects.public(), "country")
        stories = per_country(GraduateStory.objects.public(), "officer__country")
        countries = [
            {
                "code": code,
                "name": str(name),
                "graduates": graduates.get(code, 0),
                "public_profiles": profiles.get(code, 0),
                "stories": stories.get(code, 0),
                "url": request.build_absolute_uri(reverse("public:country-detail", args=[code.lower()])),
                "graduates_api_url": self.filtered("api:v1:graduate-list", code),
                "stories_api_url": self.filtered("api:v1:story-list", code),
            }
            for code, name in Country.choices
        ]
        return Response(CountrySerializer(countries, many=True).data)

    def filtered(self, list_name: str, code: str) -> str:
        return self.request.build_absolute_uri(f"{reverse(list_name)}?country={code}")
