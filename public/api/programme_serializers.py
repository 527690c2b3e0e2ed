"""The programme's structure as the API shows it: tracks, their batches, a batch's activities and graduates.

Graduate counts include graduates without a public profile, as on the pages: a count names nobody.
A batch lists by name only the graduates `Officer.objects.public()` lets through.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from batches.models import Activity, Batch, ProgrammeTrack
from officers.models import Placement
from public.api.fields import (
    ApiLinkField,
    PageLinkField,
    PartialDateSerializer,
    by_batch,
    by_slug,
    by_track,
    partial_date,
)
from public.api.serializers import BATCH_API, GRADUATE_API

TRACK_API = "api:v1:track-detail"
BATCHES_API = "api:v1:batch-list"


class TrackSerializer(serializers.ModelSerializer):
    pillars = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    batch_count = serializers.IntegerField(help_text="Batches on record, planned ones included.")
    graduate_count = serializers.IntegerField(help_text="People who graduated in this track.")
    url = PageLinkField()
    api_url = ApiLinkField(TRACK_API, by_track)
    batches_api_url = ApiLinkField(BATCHES_API, by_track)

    class Meta:
        model = ProgrammeTrack
        fields = [
            "slug",
            "name",
            "short_name",
            "first_year",
            "description",
            "funder",
            "work_plan_reference",
            "pillars",
            "batch_count",
            "graduate_count",
            "url",
            "api_url",
            "batches_api_url",
        ]


class BatchSerializer(serializers.ModelSerializer):
    track = serializers.SlugField(source="track.slug")
    name = serializers.CharField(help_text="The programme's name for it: 13th Batch.")
    label = serializers.CharField(help_text="With its years: 13th Batch, 2014-2015.")
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    status = serializers.CharField(help_text="planned, ongoing or completed, from the dates where they tell.")
    status_label = serializers.CharField()
    graduate_count = serializers.IntegerField()
    url = PageLinkField()
    api_url = ApiLinkField(BATCH_API, by_batch)

    class Meta:
        model = Batch
        fields = [
            "track",
            "number",
            "name",
            "label",
            "start",
            "end",
            "status",
            "status_label",
            "graduate_count",
            "url",
            "api_url",
        ]

    @extend_schema_field(PartialDateSerializer(allow_null=True))
    def get_start(self, batch: Batch) -> dict | None:
        return partial_date(batch.start_date, batch.start_precision)

    @extend_schema_field(PartialDateSerializer(allow_null=True))
    def get_end(self, batch: Batch) -> dict | None:
        return partial_date(batch.end_date, batch.end_precision)


class ActivitySerializer(serializers.ModelSerializer):
    """A study visit, training, orientation, mission or meeting of the batch."""

    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Activity
        fields = ["kind", "kind_label", "title", "place", "host", "start_date", "end_date", "description"]


class BatchGraduateSerializer(serializers.ModelSerializer):
    """A graduate of the batch who has a public profile."""

    slug = serializers.SlugField(source="officer.slug")
    full_name = serializers.CharField(source="officer.full_name")
    country = serializers.CharField(source="officer.country")
    division = serializers.CharField(source="division.name", default=None, allow_null=True)
    url = PageLinkField(source="officer")
    api_url = ApiLinkField(GRADUATE_API, by_slug, source="officer")

    class Meta:
        model = Placement
        fields = ["slug", "full_name", "country", "division", "url", "api_url"]


class BatchDetailSerializer(BatchSerializer):
    activities = ActivitySerializer(many=True)
    graduates = BatchGraduateSerializer(source="public_graduations", many=True)

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "notes", "activities", "graduates"]
