"""`/api/v1/figures/`: the programme's figures from the records, beside those its sources reported. Public.

The records' figures are the statistics page's (public/figures.py): graduates counted as people,
those without a public profile too, since figures name nobody; batches counted once they have begun.
The reported figures are the latest of each kind a source stated (`ReportedFigure.objects.current()`),
each with the records' count of the same thing.
"""

from django.db.models import Count
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from batches.models import ProgrammeTrack, begun_by
from officers.models import ReportedFigure
from public.api.base import PublicApiMixin
from public.api.fields import ApiLinkField, by_track
from public.api.schema import LIMIT_ERRORS
from public.figures import ComparedFigure, programme_statistics, reported_beside_records


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What is counted: a country code or a year.")
    label = serializers.CharField()
    graduates = serializers.IntegerField()


class TrackFiguresSerializer(serializers.ModelSerializer):
    batches_run = serializers.IntegerField(help_text="Batches begun, ongoing or completed; planned ones are not.")
    graduates = serializers.SerializerMethodField()
    api_url = ApiLinkField("api:v1:track-detail", by_track)

    class Meta:
        model = ProgrammeTrack
        fields = ["slug", "short_name", "batches_run", "graduates", "api_url"]

    def get_graduates(self, track: ProgrammeTrack) -> int:
        return self.context["graduates_per_track"].get(track.slug, 0)


class RecordsSerializer(serializers.Serializer):
    graduates = serializers.IntegerField(help_text="People on record who graduated.")
    countries = serializers.IntegerField(help_text="Member states they come from.")
    tracks = TrackFiguresSerializer(many=True)
    per_country = FigureSerializer(many=True)
    per_year = FigureSerializer(many=True, help_text="Graduates by the year their batch ended.")


class ReportedFigureSerializer(serializers.ModelSerializer):
    track = serializers.SlugField(source="track.slug", default=None, allow_null=True)
    subject = serializers.CharField(help_text="What is counted: Graduates, Junior Diplomats batches run.")
    counted = serializers.CharField(help_text="The number with what it counts: 88 graduates.")

    class Meta:
        model = ReportedFigure
        fields = [
            "kind",
            "track",
            "value",
            "subject",
            "counted",
            "as_of",
            "source_name",
            "source_title",
            "source_url",
            "statement",
        ]


class ComparedFigureSerializer(serializers.Serializer):
    reported = ReportedFigureSerializer()
    recorded = serializers.IntegerField(help_text="The same thing counted from the portal's records.")


class FiguresSerializer(serializers.Serializer):
    records = RecordsSerializer()
    reported = ComparedFigureSerializer(many=True)


def tracks_with_batches_run() -> list[ProgrammeTrack]:
    batches_run = Count("batches", filter=begun_by(timezone.localdate(), prefix="batches__"))
    return list(ProgrammeTrack.objects.annotate(batches_run=batches_run).order_by("first_year", "name"))


@extend_schema(responses={200: FiguresSerializer, **LIMIT_ERRORS})
class Figures(PublicApiMixin, APIView):
    """The figures from the records, and the latest figures sources reported beside the records' count."""

    def get(self, request):
        stats = programme_statistics()
        compared: list[ComparedFigure] = reported_beside_records(stats)
        figures = {
            "records": {
                "graduates": stats.graduates,
                "countries": len(stats.per_country),
                "tracks": tracks_with_batches_run(),
                "per_country": stats.per_country,
                "per_year": stats.per_year,
            },
            "reported": compared,
        }
        context = {"request": request, "graduates_per_track": {f.key: f.graduates for f in stats.per_track}}
        return Response(FiguresSerializer(figures, context=context).data)
