import pytest

from batches.models import Division
from batches.tests.factories import DivisionFactory
from core.versioning import StaleRecordError, VersionCheckedForm

pytestmark = pytest.mark.django_db


class DivisionForm(VersionCheckedForm):
    class Meta:
        model = Division
        fields = ["name", "department"]


def test_every_save_raises_the_version():
    division = DivisionFactory()
    assert division.version == 1
    division.save()
    division.save()
    assert Division.objects.get(pk=division.pk).version == 3


def test_a_form_opened_before_someone_elses_save_is_refused():
    division = DivisionFactory(name="Old name")
    mine = DivisionForm(instance=Division.objects.get(pk=division.pk))
    opened_at = mine["opened_version"].initial

    theirs = Division.objects.get(pk=division.pk)
    theirs.name = "Their name"
    theirs.save()

    form = DivisionForm(
        data={"name": "My name", "department": "", "opened_version": opened_at},
        instance=Division.objects.get(pk=division.pk),
    )
    assert not form.is_valid()
    assert "Someone else saved this record" in str(form.non_field_errors())
    assert Division.objects.get(pk=division.pk).name == "Their name"


def test_a_form_with_the_current_version_saves():
    division = DivisionFactory(name="Old name")
    form = DivisionForm(
        data={"name": "New name", "department": "", "opened_version": division.version},
        instance=Division.objects.get(pk=division.pk),
    )
    assert form.is_valid(), form.errors
    form.save()
    assert Division.objects.get(pk=division.pk).name == "New name"


def test_saving_a_stale_copy_that_expects_an_old_version_raises():
    division = DivisionFactory()
    stale = Division.objects.get(pk=division.pk)
    Division.objects.get(pk=division.pk).save()
    stale.expected_version = 1
    with pytest.raises(StaleRecordError):
        stale.save()
