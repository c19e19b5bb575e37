from django.apps import AppConfig


class DeliverablesConfig(AppConfig):
    name = "deliverables"
    verbose_name = "Work programme"

    def ready(self) -> None:
        from standards_tracker.reminders.registry import reminder_sources

        from . import reminders

        reminder_sources.register("deliverables.group_lifetimes", reminders.lifetimes_ending)
