"""The secretariat's roles, as Django groups with exactly these permissions.

`sync_roles` is run by a data migration and again after every `migrate`, so a group whose
permissions were edited away in the admin is put back as written here.
"""

PROGRAMME_MODELS = {
    "batches": ["pillar", "programmetrack", "batch", "division", "activity"],
    "officers": ["organisation", "officer", "placement", "careermilestone", "graduatestory", "storyphoto"],
}
STORY_MODELS = {"officers": ["graduatestory", "storyphoto"]}
ALL_ACTIONS = ["add", "change", "delete", "view"]

EDITOR = "Secretariat editor"
COMMUNICATIONS = "Communications"
VIEWER = "Secretariat viewer"


def _codenames(models: dict[str, list[str]], actions: list[str]) -> set[tuple[str, str]]:
    return {(app, f"{action}_{model}") for app, names in models.items() for model in names for action in actions}


ROLE_PERMISSIONS: dict[str, set[tuple[str, str]]] = {
    # Keeps every programme record; may edit stories but not publish them.
    EDITOR: _codenames(PROGRAMME_MODELS, ALL_ACTIONS)
    | {("axes", "view_accessattempt"), ("axes", "delete_accessattempt")},
    # Writes and publishes stories; sees officers only to pick the one a story is about.
    COMMUNICATIONS: _codenames(STORY_MODELS, ALL_ACTIONS)
    | {("officers", "publish_graduatestory"), ("officers", "view_officer")},
    # Reads everything, changes nothing.
    VIEWER: _codenames(PROGRAMME_MODELS, ["view"]),
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
