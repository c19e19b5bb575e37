from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliverablesConfig(AppConfig):
    name = "deliverables"
    verbose_name = _("Work programme")

    def ready(self) -> None:
        # What this app lends to the machinery of the floor (core): the apps above it register
        # theirs the same way, so nothing below them has to know they exist.
        from core.follow import followables
        from core.reminder_sources import reminder_sources
        from core.search import search_sources
        from core.spreadsheets import spreadsheet_kinds

        from . import reminders, resources, search
        from .models import Deliverable, Group

        reminder_sources.register("deliverables.group_lifetimes", reminders.lifetimes_ending)
        search_sources.register(search.GROUPS)
        search_sources.register(search.DELIVERABLES)
        followables.register("group", Group)
        followables.register("deliverable", Deliverable)
        # Spreadsheets in and out, under the API's names for the records.
        spreadsheet_kinds.register("groups", resources.GroupResource)
        spreadsheet_kinds.register("people", resources.PersonResource)
        spreadsheet_kinds.register("roles", resources.RoleResource)
        spreadsheet_kinds.register("deliverables", resources.DeliverableResource)
