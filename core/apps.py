from django.apps import AppConfig, apps
from django.core import checks
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The floor every app stands on: dates, API and filter building blocks, validators,
    uploads, seed helpers and the registries the apps extend. It imports no app."""

    name = "core"
    verbose_name = _("Standards Tracker")

    def ready(self) -> None:
        from .auth_groups import create_auth_groups
        from .codes import register_path_converters
        from .fields import register_sqlite_collation
        from .model_names import translate_model_names
        from .models import check_managers
        from .text import guard_free_text_fields

        checks.register(check_managers, checks.Tags.models)
        # Before any URLconf is read: the apps' routes name these converters.
        register_path_converters()
        # Every model is loaded before any app is ready: each free-text field gets its rule.
        guard_free_text_fields()
        # …and each model and field name a lazy translation (the admin's labels and messages).
        translate_model_names()

        # The code columns are declared with the natural_sort collation; SQLite knows it only
        # once each connection is given it (PostgreSQL's is created by a migration).
        connection_created.connect(register_sqlite_collation, dispatch_uid="core.natural_sort")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:  # opened before this app was ready
                register_sqlite_collation(None, connection)

        # Setup, not domain logic: the "secretariat" and "readers" groups follow every migrate.
        # post_migrate is only sent for apps with models, so it listens to auth's, once per run
        # (it creates the permissions of the other apps itself, whatever their order).
        post_migrate.connect(
            create_auth_groups,
            sender=apps.get_app_config("auth"),
            dispatch_uid="core.create_auth_groups",
        )
