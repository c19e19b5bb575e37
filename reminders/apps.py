from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    label = "reminders"
    verbose_name = _("Reminders and subscriptions")

    def ready(self) -> None:
        from .schedule import create_schedule_after_migrate

        # Provisioning, like contenttypes and permissions: the beat entry exists once the
        # database does. No domain logic runs here.
        post_migrate.connect(
            create_schedule_after_migrate, sender=self, dispatch_uid="reminders.beat_schedule"
        )
