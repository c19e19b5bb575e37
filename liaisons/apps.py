from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class LiaisonsConfig(AppConfig):
    name = "liaisons"
    verbose_name = _("Liaison statements")

    def ready(self) -> None:
        from core.follow import followables
        from core.reminder_sources import reminder_sources
        from core.search import search_sources
        from core.spreadsheets import spreadsheet_kinds
        from deliverables.sections import DELIVERABLE_SECTIONS, GROUP_SECTIONS, PERSON_SECTIONS
        from meetings.sections import ACTION_SECTIONS, DOCUMENT_SECTIONS, MEETING_SECTIONS

        from . import reminders, resources, search, sections
        from .models import LiaisonStatement
        from .sections import LIST_TEMPLATE

        reminder_sources.register("liaisons.reply_deadlines", reminders.reply_deadlines)
        search_sources.register(search.STATEMENTS)
        followables.register(
            "liaison",
            LiaisonStatement,
            name=lambda s: s.display_code,
            describe=lambda s: gettext("the liaison statement %(code)s") % {"code": s.display_code},
            select_related=("document",),
        )

        for registry, key, title, get_context, order in (
            (GROUP_SECTIONS, "inbox", _("Liaison inbox"), sections.group_inbox, 60),
            (GROUP_SECTIONS, "sent", _("Liaison statements sent"), sections.group_sent, 70),
            (DELIVERABLE_SECTIONS, "liaisons", _("Liaison statements"),
             sections.deliverable_liaisons, 30),
            (PERSON_SECTIONS, "liaisons", _("Liaison contact for"), sections.person_liaisons, 50),
            (MEETING_SECTIONS, "liaisons", _("Liaison statements approved"),
             sections.meeting_liaisons, 50),
            (ACTION_SECTIONS, "liaisons", _("Liaison statements approved"),
             sections.action_liaisons, 50),
            (DOCUMENT_SECTIONS, "liaison", _("Liaison statement"), sections.document_liaisons, 10),

        ):  # fmt: skip
            registry.register(key, title, LIST_TEMPLATE, get_context, order=order)
        spreadsheet_kinds.register("liaisons", resources.LiaisonStatementResource)
