from django.apps import AppConfig


class WorkitemsConfig(AppConfig):
    """Questions' work items, their editors and their stages (issue 17). It sits between
    `liaisons` and `reminders`: what it shows on lower apps' pages, calendars, search and
    reminders is registered here, never imported from below."""

    name = "workitems"
    verbose_name = "Work items"

    def ready(self) -> None:
        pass
