from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkitemsConfig(AppConfig):
    """Questions' work items, their editors and their stages (issue 17). It sits between
    `liaisons` and `reminders`: what it shows on lower apps' pages, calendars, search and
    reminders is registered here, never imported from below."""

    name = "workitems"
    verbose_name = _("Work items")

    def ready(self) -> None:
        from core.calendars import group_day_sources
        from core.reminder_sources import reminder_sources
        from core.search import search_sources
        from core.spreadsheets import spreadsheet_kinds
        from deliverables.sections import (
            ALLOCATION_OUTCOMES,
            DELIVERABLE_SECTIONS,
            GROUP_SECTIONS,
            PERSON_SECTIONS,
        )

        from . import calendar, reminders, resources, search, sections

        # Where work items show on the pages, feeds, search and reminders of the apps below.
        ALLOCATION_OUTCOMES.register(sections.allocation_outcomes)
        GROUP_SECTIONS.register(
            "work-programme", _("Work programme"), "workitems/sections/group.html",
            sections.group_work_programme, order=30,
        )  # fmt: skip
        DELIVERABLE_SECTIONS.register(
            "work-items", _("What the allocations led to"), "workitems/sections/deliverable.html",
            sections.deliverable_outcomes, order=10,
        )  # fmt: skip
        PERSON_SECTIONS.register(
            "work-items", _("Work items edited"), "workitems/sections/person.html",
            sections.person_work_items, order=20,
        )  # fmt: skip
        group_day_sources.register("workitems", calendar.WORK_ITEM_DAYS)
        search_sources.register(search.WORK_ITEMS)
        for name, source in reminders.SOURCES:
            reminder_sources.register(name, source)
        spreadsheet_kinds.register("work-items", resources.WorkItemResource)
