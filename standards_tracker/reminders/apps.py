from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "standards_tracker.reminders"
    label = "reminders"
    verbose_name = "Reminders and subscriptions"
