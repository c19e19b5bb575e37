from django.apps import AppConfig
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

        # Bookkeeping beside each history row (the change log), in the same transaction.
        post_create_historical_record.connect(on_history_row, dispatch_uid="integrations.changes")
        for page, feed, title in feeds.ALTERNATES:
            alternate_feeds.register(page, feed, title)
