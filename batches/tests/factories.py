from datetime import date

import factory

from batches.models import Activity, ActivityKind, Batch, Division, Pillar, ProgrammeTrack


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar
        django_get_or_create = ["code"]

    code = "APSC"
    name = "ASEAN Political-Security Community"


class ProgrammeTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeTrack
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Attachment Programme Track {n}")
    short_name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    first_year = 2001
    funder = "Japan-ASEAN Integration Fund (JAIF)"

    @factory.post_generation
    def pillars(self, create, extracted, **kwargs):
        if create:
            self.pillars.set(extracted if extracted is not None else [PillarFactory()])


class BatchFactory(factory.django.DjangoModelFactory):
    """A completed batch with exact dates, unless told otherwise."""

    class Meta:
        model = Batch

    track = factory.SubFactory(ProgrammeTrackFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = date(2014, 9, 1)
    end_date = date(2015, 8, 31)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    name = factory.Sequence(lambda n: f"Division {n}")
    department = "ASEAN Socio-Cultural Community Department"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    batch = factory.SubFactory(BatchFactory)
    kind = ActivityKind.STUDY_VISIT
    title = factory.Sequence(lambda n: f"Study visit {n}")
    place = "Japan"
