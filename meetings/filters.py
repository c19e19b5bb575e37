"""FilterSets of meetings, documents and action items, shared by the REST API and the public pages.

Every filter carries a `help_text` (it becomes the OpenAPI description). Records are named by their
natural keys (group codes, meeting codes, document numbers, person slugs), never database ids, and
derived questions (upcoming, overdue, a document number with or without its revision) are asked
through the QuerySet methods so the API, the pages and the admin answer them alike.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.codes import CODE, SLUG
from core.filters import BooleanFilter, choices_help, code_choice
from deliverables.models import Group, Person

from .models import (
    ActionItem,
    ActionStatus,
    Document,
    DocumentKind,
    Meeting,
    MeetingFormat,
    MeetingKind,
)
from .querysets import split_document_code


def group_code(help_text: str, **kwargs):
    return code_choice(Group.objects.all(), help_text, **kwargs)


def meeting_code(help_text: str, **kwargs):
    return code_choice(Meeting.objects.all(), help_text, **kwargs)


class DocumentCodeFormField(forms.CharField):
    """TD480 or TD480-R1 (also TD480R1), cleaned to the code as typed."""

    default_error_messages = {"invalid": _("Use a document number such as TD480 or TD480-R1.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            split_document_code(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return value.strip()


class DocumentCodeFilter(django_filters.CharFilter):
    field_class = DocumentCodeFormField


class MeetingFilterSet(django_filters.FilterSet):
    group = group_code(
        _("Code of a group taking part: its meetings (e.g. RG-IEM)."), field_name="groups"
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=MeetingKind.choices,
        help_text=choices_help(_("Kind of meeting"), MeetingKind.choices),
    )
    format = django_filters.MultipleChoiceFilter(
        choices=MeetingFormat.choices,
        help_text=choices_help(_("How it is held"), MeetingFormat.choices),
    )
    upcoming = BooleanFilter(
        method="filter_upcoming",
        help_text=_("true: meetings that have not ended yet; false: meetings that have ended."),
    )
    start_after = django_filters.DateFilter(
        method="filter_start_after",
        help_text=_(
            "Meetings whose first day is on or after this date (YYYY-MM-DD), the day "
            "being read in each meeting's own time zone."
        ),
    )
    start_before = django_filters.DateFilter(
        method="filter_start_before",
        help_text=_(
            "Meetings whose first day is on or before this date (YYYY-MM-DD), in each "
            "meeting's own time zone."
        ),
    )
    deadline_after = django_filters.DateFilter(
        field_name="contribution_deadline",
        lookup_expr="gte",
        help_text=_("Meetings whose contribution deadline is on or after this date (YYYY-MM-DD)."),
    )
    deadline_before = django_filters.DateFilter(
        field_name="contribution_deadline",
        lookup_expr="lte",
        help_text=_("Meetings whose contribution deadline is on or before this date (YYYY-MM-DD)."),
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=_("Words found in the code, title, venue, objectives or outcome."),
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("starts_at", "start"),
            ("contribution_deadline", "deadline"),
            ("code", "code"),
            ("title", "title"),
        ),
        help_text=_(
            "Sort by start, deadline, code or title; prefix with - for descending (default: start)."
        ),
    )

    class Meta:
        model = Meeting
        fields = [
            "group",
            "kind",
            "format",
            "upcoming",
            "start_after",
            "start_before",
            "deadline_after",
            "deadline_before",
        ]

    def filter_upcoming(self, queryset, name, value):
        return queryset.upcoming() if value else queryset.past()

    def filter_start_after(self, queryset, name, value):
        return queryset.starting_on_or_after(value)

    def filter_start_before(self, queryset, name, value):
        return queryset.starting_on_or_before(value)

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value)
            | Q(title__icontains=value)
            | Q(venue__icontains=value)
            | Q(objectives__icontains=value)
            | Q(outcome__icontains=value)
        )


class DocumentFilterSet(django_filters.FilterSet):
    number = DocumentCodeFilter(
        method="filter_number",
        help_text=_(
            "A document number: TD480 matches every revision of TD480, TD480-R1 only revision 1."
        ),
    )
    meeting = meeting_code(_("Code of the meeting the document was submitted to."))
    kind = django_filters.MultipleChoiceFilter(
        choices=DocumentKind.choices,
        help_text=choices_help(_("Kind of document"), DocumentKind.choices),
    )
    source_group = group_code(_("Code of the group the document comes from (e.g. FG-MV)."))
    latest = BooleanFilter(
        method="filter_latest",
        help_text=_("true: only the latest revision of each number; false: only superseded ones."),
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=_("Words found in the title or source, or a document number (TD480-R1)."),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("number", "number"), ("revision", "revision"), ("title", "title")),
        help_text=_("Sort by number, revision or title; prefix with - for descending."),
    )

    class Meta:
        model = Document
        fields = ["number", "meeting", "kind", "source_group", "latest"]

    def filter_number(self, queryset, name, value):
        return queryset.matching(value)

    def filter_latest(self, queryset, name, value):
        latest = Document.objects.latest_revisions().values("pk")
        return queryset.filter(pk__in=latest) if value else queryset.exclude(pk__in=latest)

    def filter_search(self, queryset, name, value):
        words = Q(title__icontains=value) | Q(source__icontains=value)
        try:
            number, revision = split_document_code(value)
        except ValueError:
            return queryset.filter(words)
        by_number = Q(number=number) if revision is None else Q(number=number, revision=revision)
        return queryset.filter(words | by_number)


class ResponsibleFormField(forms.CharField):
    """A group code (RG-IEM) or a person's slug (ahmed-said) that exists."""

    default_error_messages = {
        "unknown": _("No group has the code %(value)s and no person the slug.")
    }

    def to_python(self, value):
        value = super().to_python(value)
        # Each lookup only for a value of its kind: nothing else (a NUL byte) reaches a query.
        if value and not (
            (CODE.is_typed(value) and Group.objects.filter(code=value).exists())
            or (SLUG.is_typed(value) and Person.objects.filter(slug=value).exists())
        ):
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        return value


class ResponsibleFilter(django_filters.CharFilter):
    field_class = ResponsibleFormField


class ActionItemFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=ActionStatus.choices,
        help_text=choices_help(pgettext_lazy("status", "Status"), ActionStatus.choices),
    )
    overdue = BooleanFilter(
        method="filter_overdue",
        help_text=_(
            "true: open actions past their due date (today, Geneva time); false: all "
            "others. Derived from the due date, never stored."
        ),
    )
    group = group_code(_("Code of the group whose action it is (the heading it stands under)."))
    concerning = group_code(
        _("Code of a group the action concerns (named in its text)."), field_name="concerned_groups"
    )
    responsible = ResponsibleFilter(
        method="filter_responsible",
        help_text=_("Who must act: a group code (TSAG) or a person's slug (ahmed-said)."),
    )
    meeting = meeting_code(_("Code of the meeting that agreed the action (e.g. wp2-tsag-2024-01)."))
    due_before = django_filters.DateFilter(
        method="filter_due_before",
        help_text=_(
            "Actions due on or before this date (YYYY-MM-DD); actions without a due date "
            "are left out."
        ),
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text=_("Words found in the action code, text or closing note.")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("meeting_starts_at", "meeting"),
            ("position", "position"),
            ("code", "code"),
            ("due_date", "due_date"),
            ("status", "status"),
        ),
        help_text=_(
            "Sort by meeting, position, code, due_date or status; prefix with - for "
            "descending (default: meeting, then the order of the meeting report)."
        ),
    )

    class Meta:
        model = ActionItem
        fields = [
            "status",
            "overdue",
            "group",
            "concerning",
            "responsible",
            "meeting",
            "due_before",
        ]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset.not_overdue()

    def filter_responsible(self, queryset, name, value):
        return queryset.responsible(value)

    def filter_due_before(self, queryset, name, value):
        return queryset.due_before(value)

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(text__icontains=value) | Q(closing_note__icontains=value)
        )
