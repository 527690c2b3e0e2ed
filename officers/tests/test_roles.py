import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from officers.roles import COMMUNICATIONS, EDITOR, VIEWER

pytestmark = pytest.mark.django_db


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_the_three_roles_exist_after_migrating():
    assert {EDITOR, COMMUNICATIONS, VIEWER} <= set(Group.objects.values_list("name", flat=True))


def test_only_communications_may_publish():
    assert "publish_graduatestory" in codenames(COMMUNICATIONS)
    assert "publish_graduatestory" not in codenames(EDITOR)
    assert "publish_graduatestory" not in codenames(VIEWER)


def test_viewer_may_only_view():
    assert codenames(VIEWER) and all(name.startswith("view_") for name in codenames(VIEWER))


def test_communications_cannot_touch_placements():
    assert not {c for c in codenames(COMMUNICATIONS) if c.endswith("_placement")}


def test_a_role_edited_away_is_restored_by_migrate():
    group = Group.objects.get(name=EDITOR)
    group.permissions.clear()
    group.permissions.add(Permission.objects.get(codename="publish_graduatestory"))
    call_command("migrate", verbosity=0)
    assert "change_placement" in codenames(EDITOR)
    assert "publish_graduatestory" not in codenames(EDITOR)
