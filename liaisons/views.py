"""Public pages of the liaisons app (thin class-based views).

Also adds a group's liaison inbox and the statements about a deliverable, a meeting, an action
item, a document or a person to the pages of the lower apps (see `standards_tracker.pages`).
"""

from __future__ import annotations

from django import forms
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.views.generic import DetailView, ListView

from deliverables.models import Deliverable, Group, Person
from deliverables.views import DELIVERABLE_SECTIONS, GROUP_SECTIONS, PERSON_SECTIONS
from meetings.models import ActionItem, Document, Meeting
from meetings.views import ACTION_SECTIONS, DOCUMENT_SECTIONS, MEETING_SECTIONS
from standards_tracker.pages import PageFilterForm, url_or_none

from .filters import LiaisonStatementFilterSet
from .models import Attachment, Direction, LiaisonPurpose, LiaisonStatement, LiaisonStatus


def statement_list_queryset() -> QuerySet[LiaisonStatement]:
    """Everything a list row shows, in a constant number of queries."""
    return (
        LiaisonStatement.objects.with_awaiting_reply()
        .select_related("document")
        .prefetch_related("from_groups", "to_groups", "replies")
    )


def by_deadline(queryset: QuerySet[LiaisonStatement]) -> QuerySet[LiaisonStatement]:
    """Soonest reply deadline first, statements without one after them, newest first."""
    return queryset.order_by(F("reply_deadline").asc(nulls_last=True), "-date", "code")


def attachment_url(attachment: Attachment) -> str | None:
    return url_or_none("liaisons:attachment-download", pk=attachment.pk)


class GroupCodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return obj.code


class LiaisonFilterForm(PageFilterForm):
    filterset_class = LiaisonStatementFilterSet

    to = GroupCodeField(
        queryset=Group.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="Any group",
        label="Addressed to",
        help_text="Includes statements sent to all study groups.",
    )
    direction = forms.ChoiceField(
        choices=[("", "Incoming and outgoing"), *Direction.choices], required=False
    )
    purpose = forms.ChoiceField(
        choices=[("", "Any purpose"), *LiaisonPurpose.choices], required=False
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *LiaisonStatus.choices], required=False)
    awaiting_reply = forms.BooleanField(required=False, label="Only those awaiting a reply")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Group.objects.filter(
            Q(kind="study_group") | Q(liaisons_received__isnull=False)
        ).distinct()
        # "from" is a Python keyword: added here so the URL says ?from=TSAG, as the API does.
        self.fields["from"] = GroupCodeField(
            queryset=Group.objects.filter(liaisons_sent__isnull=False).distinct(),
            to_field_name="code",
            required=False,
            empty_label="Any group",
            label="Sent by",
        )
        self.order_fields(["to", "from", "direction", "purpose", "status", "awaiting_reply"])

    def filterset_params(self):
        params = super().filterset_params()
        if "awaiting_reply" in params:
            # A ticked box sends "on"; the FilterSet, like the API, takes true/false.
            params["awaiting_reply"] = "true"
        return params


class LiaisonListView(ListView):
    template_name = "liaisons/liaison_list.html"
    context_object_name = "statements"
    paginate_by = 50

    def get_queryset(self):
        self.form = LiaisonFilterForm(self.request.GET or None)
        return self.form.filter(statement_list_queryset()).order_by("-date", "code")

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, today=timezone.localdate(), **kwargs)


class LiaisonDetailView(DetailView):
    template_name = "liaisons/liaison_detail.html"
    slug_field = slug_url_kwarg = "code"
    context_object_name = "statement"

    def get_queryset(self):
        return (
            LiaisonStatement.objects.with_awaiting_reply()
            .select_related(
                "document",
                "document__meeting",
                "approved_at",
                "approved_by_action",
                "approved_by_action__meeting",
                "contact",
                "replies_to",
                "replies_to__document",
            )
            .prefetch_related(
                "from_groups",
                "to_groups",
                "related_deliverables",
                "related_groups",
                "attachments",
                Prefetch(
                    "replies",
                    queryset=LiaisonStatement.objects.select_related("document").prefetch_related(
                        "from_groups"
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        statement = self.object
        today = timezone.localdate()
        deadline = statement.reply_deadline
        attachments = [(a, attachment_url(a)) for a in statement.attachments.all()]
        return super().get_context_data(
            attachments=attachments,
            today=today,
            deadline_passed=bool(deadline and deadline < today),
            days_to_deadline=(deadline - today).days if deadline else None,
            **kwargs,
        )


# --- Sections on the pages of the lower apps ----------------------------------------------------

LIST_TEMPLATE = "liaisons/sections/statements.html"


def _section(statements, empty: str, **extra) -> dict:
    return {"statements": list(statements), "today": timezone.localdate(), "empty": empty, **extra}


@GROUP_SECTIONS.register("inbox", "Liaison inbox", LIST_TEMPLATE, order=60)
def group_inbox(group: Group, request) -> dict:
    statements = by_deadline(statement_list_queryset().addressed_to(group))
    return _section(
        statements,
        f"No liaison statement is addressed to {group.code}.",
        intro=(
            "Statements addressed to this group"
            + (", directly or to all study groups" if group.is_study_group else "")
            + ", soonest reply deadline first."
        ),
        more_url=f"/liaisons/?to={group.code}",
    )


@GROUP_SECTIONS.register("sent", "Liaison statements sent", LIST_TEMPLATE, order=70)
def group_sent(group: Group, request) -> dict | None:
    statements = list(statement_list_queryset().sent_by(group).order_by("-date", "code"))
    if not statements:
        return None
    return _section(statements, "", more_url=f"/liaisons/?from={group.code}")


@DELIVERABLE_SECTIONS.register("liaisons", "Liaison statements", LIST_TEMPLATE, order=30)
def deliverable_liaisons(deliverable: Deliverable, request) -> dict:
    statements = statement_list_queryset().filter(related_deliverables=deliverable)
    return _section(
        statements.order_by("-date", "code"),
        "No liaison statement refers to this deliverable.",
    )


@PERSON_SECTIONS.register("liaisons", "Liaison contact for", LIST_TEMPLATE, order=50)
def person_liaisons(person: Person, request) -> dict | None:
    statements = list(statement_list_queryset().filter(contact=person).order_by("-date"))
    return _section(statements, "") if statements else None


@MEETING_SECTIONS.register("liaisons", "Liaison statements approved", LIST_TEMPLATE, order=50)
def meeting_liaisons(meeting: Meeting, request) -> dict | None:
    statements = list(statement_list_queryset().filter(approved_at=meeting).order_by("code"))
    return _section(statements, "") if statements else None


@ACTION_SECTIONS.register("liaisons", "Liaison statements approved", LIST_TEMPLATE, order=50)
def action_liaisons(action: ActionItem, request) -> dict | None:
    statements = list(statement_list_queryset().filter(approved_by_action=action))
    return _section(statements, "") if statements else None


@DOCUMENT_SECTIONS.register("liaison", "Liaison statement", LIST_TEMPLATE, order=10)
def document_liaisons(document: Document, request) -> dict | None:
    statements = list(statement_list_queryset().filter(document__number=document.number))
    if not statements:
        return None
    return _section(statements, "", intro="This document is (a revision of) a liaison statement.")
