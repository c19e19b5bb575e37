from django.apps import AppConfig


class LiaisonsConfig(AppConfig):
    name = "liaisons"
    verbose_name = "Liaison statements"

    def ready(self) -> None:
        from standards_tracker.reminders.registry import reminder_sources

        from . import reminders

        reminder_sources.register("liaisons.reply_deadlines", reminders.reply_deadlines)
