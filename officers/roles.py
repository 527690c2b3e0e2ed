"""The secretariat's roles, as Django groups with exactly these permissions, and what a role may see.

`sync_roles` is run by a data migration and again after every `migrate`, so a group whose
permissions were edited away in the admin is put back as written here.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by migrations and settings-free code: no models at import time
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

PROGRAMME_MODELS = {
    "batches": ["pillar", "programmetrack", "batch", "division", "activity"],
    "officers": [
        "organisation",
        "officer",
        "placement",
        "careermilestone",
        "graduatestory",
        "storyphoto",
        "storytranslation",
        "translatedcaption",
    ],
}
# Stories with their photos and their translations (each with its photos' captions) into the portal's languages.
STORY_MODELS = {"officers": ["graduatestory", "storyphoto", "storytranslation", "translatedcaption"]}
# The attachment year: supervisors, objectives, reports and the further reports each track requires,
# certificates, reminders sent.
ATTACHMENT_MODELS = {
    "officers": [
        "supervisor",
        "placementobjectives",
        "attachmentreport",
        "requiredreport",
        "certificate",
        "sentreminder",
    ]
}
# Selection: calls, focal points and nominations. Communications sees nothing of it.
NOMINATION_MODELS = {"officers": ["callfornominations", "callplaces", "focalpoint", "nomination"]}
# Figures a source stated about the programme: editors keep them; viewers read them, and so does
# Communications, whose stories quote them.
FIGURE_MODELS = {"officers": ["reportedfigure"]}
ALL_ACTIONS = ["add", "change", "delete", "view"]

# Seeing an officer's email, phone and login: in the admin, its searches, its history and every export.
CONTACT_DETAILS_PERMISSION = ("officers", "view_contact_details")
# Opening a nominee's CV and nomination letter.
NOMINATION_DOCUMENTS_PERMISSION = ("officers", "view_nomination_documents")

EDITOR = "Secretariat editor"
COMMUNICATIONS = "Communications"
VIEWER = "Secretariat viewer"


def _codenames(models: dict[str, list[str]], actions: list[str]) -> set[tuple[str, str]]:
    return {(app, f"{action}_{model}") for app, names in models.items() for model in names for action in actions}


ROLE_PERMISSIONS: dict[str, set[tuple[str, str]]] = {
    # Keeps every programme record; may edit stories but not publish them.
    EDITOR: _codenames(PROGRAMME_MODELS, ALL_ACTIONS)
    | _codenames(NOMINATION_MODELS, ALL_ACTIONS)
    | _codenames(ATTACHMENT_MODELS, ALL_ACTIONS)
    | _codenames(FIGURE_MODELS, ALL_ACTIONS)
    | {
        ("axes", "view_accessattempt"),
        ("axes", "delete_accessattempt"),
        CONTACT_DETAILS_PERMISSION,
        NOMINATION_DOCUMENTS_PERMISSION,
    },
    # Writes and publishes stories; sees officers only to pick the one a story is about.
    COMMUNICATIONS: _codenames(STORY_MODELS, ALL_ACTIONS)
    | _codenames(FIGURE_MODELS, ["view"])
    | {("officers", "publish_graduatestory"), ("officers", "view_officer")},
    # Reads everything but contact details and nominees' documents, changes nothing.
    VIEWER: _codenames(PROGRAMME_MODELS, ["view"])
    | _codenames(NOMINATION_MODELS, ["view"])
    | _codenames(ATTACHMENT_MODELS, ["view"])
    | _codenames(FIGURE_MODELS, ["view"]),
}


def sync_roles(*, group_model, permission_model) -> None:
    """Create the role groups and set each one's permissions to exactly ROLE_PERMISSIONS.

    Takes the models as arguments so a migration can pass its historical ones.
    """
    by_key = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in permission_model.objects.select_related("content_type")
    }
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set([by_key[key] for key in sorted(wanted) if key in by_key])


def may_see_contact_details(user: "AbstractBaseUser | AnonymousUser | None") -> bool:
    """The one rule for an officer's contact details (`Officer.CONTACT_DETAILS`): editors and
    superusers see them; Communications and viewers see officers' names and public facts only."""
    return user is not None and user.has_perm(".".join(CONTACT_DETAILS_PERMISSION))


def may_open_nomination_documents(user: "AbstractBaseUser | AnonymousUser | None") -> bool:
    """Staff who may open nominees' CVs and letters: editors and superusers, not viewers."""
    return user is not None and user.has_perm(".".join(NOMINATION_DOCUMENTS_PERMISSION))
