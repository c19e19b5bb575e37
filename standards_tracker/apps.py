from django.apps import AppConfig


class StandardsTrackerConfig(AppConfig):
    name = "standards_tracker"
    verbose_name = "Standards Tracker"
