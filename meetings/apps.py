from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings, documents and actions"

    def ready(self) -> None:
        from standards_tracker.reminders.registry import reminder_sources

        from . import reminders

        reminder_sources.register("meetings.action_items", reminders.action_items)
        reminder_sources.register(
            "meetings.contribution_deadlines", reminders.contribution_deadlines
        )
