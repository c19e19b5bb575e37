"""The two groups of users, created by `migrate`, never by hand.

- "secretariat": may add, change, delete and view every record of the work programme, meetings,
  liaison statements and reminders (the API lets them write; the admin needs `is_staff` too).
- "readers": may view the same records in the admin, and change nothing.

Run after every `migrate` (post_migrate): it creates the permissions it needs first, so it does not
depend on the order in which apps receive the signal, and it only ever adds what is missing, so a
second run changes nothing. Permissions given by hand beyond these are left alone.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

SECRETARIAT = "secretariat"
READERS = "readers"
# Apps whose records the secretariat edits (app labels).
# django_celery_beat: the secretariat changes the reminder sweep's schedule in the admin.
EDITED_APPS = ("deliverables", "meetings", "liaisons", "reminders", "django_celery_beat")
ACTIONS = {SECRETARIAT: ("add", "change", "delete", "view"), READERS: ("view",)}
# Beyond the edited apps: the secretariat sees sign-in lockouts (django-axes) and lifts them.
EXTRA_PERMISSIONS = {
    SECRETARIAT: ("axes.view_accessattempt", "axes.delete_accessattempt"),
    READERS: (),
}


def is_secretariat(user: Any) -> bool:
    """Whether `user` acts for the secretariat: a member of its group, or a superuser. The one
    answer to "may edit" in the API and to "may see people's e-mail addresses" everywhere."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Prefetch-friendly: uses the user's cached groups when they were loaded.
    return any(group.name == SECRETARIAT for group in user.groups.all())


def edited_models(apps=global_apps) -> list:
    """The models of the edited apps, without the history tables simple_history adds."""
    models = []
    for label in EDITED_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        models += [
            model
            for model in config.get_models()
            if not model.__name__.startswith("Historical") and not model._meta.auto_created
        ]
    return models


def ensure_auth_groups(using: str = DEFAULT_DB_ALIAS, apps=global_apps) -> dict[str, int]:
    """Create the groups and give them their permissions; returns how many were added to each."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    extra_apps = {perm.split(".")[0] for perms in EXTRA_PERMISSIONS.values() for perm in perms}
    for label in (*EDITED_APPS, *sorted(extra_apps)):
        try:
            create_permissions(apps.get_app_config(label), verbosity=0, using=using, apps=apps)
        except LookupError:
            continue

    added = {}
    models = edited_models(apps)
    content_types = ContentType.objects.db_manager(using).get_for_models(
        *models, for_concrete_models=False
    )
    for name, actions in ACTIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = Permission.objects.using(using).filter(
            content_type__in=content_types.values(),
            codename__in=[
                f"{action}_{model._meta.model_name}" for model in models for action in actions
            ],
        )
        for perm in EXTRA_PERMISSIONS[name]:
            app_label, codename = perm.split(".")
            wanted |= Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename
            )
        missing = wanted.exclude(group=group)
        added[name] = missing.count()
        if added[name]:
            group.permissions.add(*missing)
    return added


def create_auth_groups(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver (setup only: no domain logic here). Uses the real models, not the
    migration state, so it sees every app whatever the order of the signal."""
    ensure_auth_groups(using=using)
