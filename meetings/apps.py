from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings, documents and actions")

    def ready(self) -> None:
        from core.follow import followables
        from core.reminder_sources import reminder_sources
        from core.search import search_sources
        from core.spreadsheets import spreadsheet_kinds
        from deliverables.sections import DELIVERABLE_SECTIONS, GROUP_SECTIONS, PERSON_SECTIONS

        from . import reminders, resources, search, sections
        from .models import Meeting
        from .sort_keys import install_sqlite_triggers

        # Schema upkeep, not domain logic (see sort_keys): SQLite loses triggers on table rebuilds.
        post_migrate.connect(
            install_sqlite_triggers, sender=self, dispatch_uid="meetings.sqlite_triggers"
        )

        reminder_sources.register("meetings.action_items", reminders.action_items)
        spreadsheet_kinds.register("meetings", resources.MeetingResource)
        spreadsheet_kinds.register("documents", resources.DocumentResource)
        spreadsheet_kinds.register("action-items", resources.ActionItemResource)
        reminder_sources.register(
            "meetings.contribution_deadlines", reminders.contribution_deadlines
        )
        for kind in (search.MEETINGS, search.DOCUMENTS, search.ACTIONS):
            search_sources.register(kind)
        followables.register(
            "meeting", Meeting, name=str, describe=lambda m: gettext("“%(title)s”") % {"title": m}
        )

        GROUP_SECTIONS.register(
            "meetings", _("Meetings"), "meetings/sections/group_meetings.html",
            sections.group_meetings, order=40,
        )  # fmt: skip
        GROUP_SECTIONS.register(
            "actions", _("Action items"), "meetings/sections/actions.html",
            sections.group_actions, order=50,
        )  # fmt: skip
        DELIVERABLE_SECTIONS.register(
            "decisions", _("Decisions behind it"), "meetings/sections/actions.html",
            sections.deliverable_decisions, order=20,
        )  # fmt: skip
        PERSON_SECTIONS.register(
            "actions", _("Action items"), "meetings/sections/actions.html",
            sections.person_actions, order=30,
        )  # fmt: skip
        PERSON_SECTIONS.register(
            "sessions", _("Sessions"), "meetings/sections/sessions.html",

            sections.person_sessions, order=40,
        )  # fmt: skip
