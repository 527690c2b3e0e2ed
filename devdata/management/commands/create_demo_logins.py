import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from officers.models import Officer
from officers.roles import COMMUNICATIONS, EDITOR, VIEWER

DEMO_OFFICER_SLUG = "chhy-ratha"


class Command(BaseCommand):
    help = "Create demo logins (one per staff role and one seeded officer) with fresh passwords. DEBUG only."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo logins are for local development only; DEBUG is off.")
        officer = Officer.objects.filter(slug=DEMO_OFFICER_SLUG).first()
        if officer is None:
            raise CommandError("Run `manage.py seed_programme` first: the demo officer is a seeded graduate.")

        self.stdout.write("Demo logins (passwords change every time this runs):")
        for username, role in [("editor", EDITOR), ("communications", COMMUNICATIONS), ("viewer", VIEWER)]:
            user = self._user(username, is_staff=True)
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {role:<20} /admin/  {username} / {user.demo_password}")

        user = self._user("officer@example.org", is_staff=False)
        Officer.objects.filter(user=user).exclude(pk=officer.pk).update(user=None)
        if officer.user_id != user.pk:
            officer.user = user
            officer.save()
        self.stdout.write(f"  {'Officer':<20} /my/     {user.username} / {user.demo_password}  ({officer})")

    def _user(self, username: str, *, is_staff: bool):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.demo_password = secrets.token_urlsafe(9)
        user.set_password(user.demo_password)
        user.is_staff = is_staff
        user.save()
        return user
