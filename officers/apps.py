from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_roles(sender, **kwargs) -> None:
    """After every migrate, put the role groups back as `officers.roles` defines them."""
    from django.contrib.auth.models import Group, Permission

    from officers.roles import sync_roles

    sync_roles(group_model=Group, permission_model=Permission)


class OfficersConfig(AppConfig):
    name = "officers"
    verbose_name = _("Officers and stories")

    def ready(self) -> None:
        from officers.search_documents import connect_search_documents
        from officers.story_order import connect_first_batch_start

        post_migrate.connect(restore_roles, sender=self)
        connect_first_batch_start()
        connect_search_documents()
