from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """What other tools read and hear: the change feed, webhooks and Atom feeds. It spans every
    app of the API, so it sits above them (below the cross-app pages)."""

    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from core.feeds import alternate_feeds

        from . import feeds
        from .changes import on_history_row
        from .schedule import create_schedule_after_migrate

        # Bookkeeping beside each history row (the change log), in the same transaction.
        post_create_historical_record.connect(on_history_row, dispatch_uid="integrations.changes")
        for page, feed, title in feeds.ALTERNATES:
            alternate_feeds.register(page, feed, title)
        # Provisioning: the change log's daily pruning has its beat entry once the database does.
        post_migrate.connect(
            create_schedule_after_migrate, sender=self, dispatch_uid="integrations.beat_schedule"
        )
