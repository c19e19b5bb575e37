"""The FilterSet of liaison statements, shared by the REST API, the inbox and the public pages.

Every filter asks a QuerySet method (`addressed_to`, `awaiting_reply`, …) so the API, the pages and
the admin answer the same question the same way; every filter has a help text, which becomes its
OpenAPI description.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import DatePrecision, period_start
from core.filters import (
    BooleanFilter,
    CodeChoiceFilter,
    PartialDateFilter,
    choices_help,
    code_choice,
)
from deliverables.models import Deliverable, Group
from meetings.models import Meeting

from .models import Direction, LiaisonPurpose, LiaisonStatement, LiaisonStatus

NOT_STATED_CHOICE = "not_stated"


class LiaisonStatementFilterSet(django_filters.FilterSet):
    to = code_choice(
        Group.objects.all(),
        _(
            "Code of a group: statements addressed to it. A study group (SG12 too) also gets "
            'the statements sent to "all study groups".'
        ),
        method="filter_to",
    )
    # Declared as `from_` because `from` is a Python keyword; published as `from` (see below).
    from_ = code_choice(
        Group.objects.all(),
        _("Code of a group: statements it sent."),
        method="filter_from",
    )
    direction = django_filters.ChoiceFilter(
        choices=Direction.choices, help_text=_("incoming or outgoing (as seen from TSAG).")
    )
    purpose = django_filters.MultipleChoiceFilter(
        choices=[*LiaisonPurpose.choices, (NOT_STATED_CHOICE, _("Not stated"))],
        method="filter_purpose",
        help_text=format_lazy(
            "{} {}",
            choices_help(
                _("What the recipients are asked for"),
                [*LiaisonPurpose.choices, (NOT_STATED_CHOICE, "")],
            ),
            _("not_stated: the source does not say."),
        ),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=LiaisonStatus.choices,
        help_text=choices_help(pgettext_lazy("status", "Status"), LiaisonStatus.choices),
    )
    awaiting_reply = BooleanFilter(
        method="filter_awaiting_reply",
        help_text=_(
            "true: for action, with a reply deadline, not answered and not closed; "
            "false: all others."
        ),
    )
    answered = BooleanFilter(
        method="filter_answered",
        help_text=_("true: some statement replies to it; false: no reply recorded."),
    )
    replies_to = django_filters.CharFilter(
        method="filter_replies_to",
        help_text=_(
            "Statements replying to this one (its code, document or reference, e.g. TSAG-LS14R1)."
        ),
    )
    reply_due_before = django_filters.DateFilter(
        method="filter_reply_due_before",
        help_text=_("Reply deadline on or before this day (YYYY-MM-DD)."),
    )
    reply_due_after = django_filters.DateFilter(
        method="filter_reply_due_after",
        help_text=_("Reply deadline on or after this day (YYYY-MM-DD)."),
    )
    date_after = PartialDateFilter(
        method="filter_date_after",
        bound="start",
        help_text=_(
            "Dated on or after this day (YYYY-MM-DD or YYYY-MM). A statement dated "
            '"August 2023" counts as dated on or after any day of August 2023. Undated ones are left out.'
        ),
    )
    date_before = PartialDateFilter(
        method="filter_date_before",
        bound="end",
        help_text=_(
            "Dated on or before this day (YYYY-MM-DD or YYYY-MM; a month means its last "
            "day). Undated ones are left out."
        ),
    )
    meeting = CodeChoiceFilter(
        queryset=Meeting.objects.all(),
        to_field_name="code",
        field_name="approved_at",
        help_text=_("Code of the meeting that approved the statements (e.g. wp2-tsag-2024-01)."),
    )
    deliverable = code_choice(
        Deliverable.objects.all(),
        _("Code of a deliverable the statements concern (e.g. FGMV-04)."),
        field_name="related_deliverables",
    )
    related_group = code_choice(
        Group.objects.all(),
        _("Code of a group the statements concern (e.g. RG-DT, FG-MV)."),
        field_name="related_groups",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=_(
            "Words found in the document number, reference, title, summary or sender note."
        ),
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("date", "date"),
            ("reply_deadline", "reply_deadline"),
            ("code", "code"),
            ("status", "status"),
            ("title", "title"),
        ),
        help_text=_(
            "Sort by date, reply_deadline, code, status or title; prefix with - for descending."
        ),
    )

    class Meta:
        model = LiaisonStatement
        fields = ["direction", "status"]

    def filter_to(self, queryset, name, value):
        return queryset.addressed_to(value)

    def filter_from(self, queryset, name, value):
        return queryset.sent_by(value)

    def filter_purpose(self, queryset, name, values):
        if not values:
            return queryset
        stated = [value for value in values if value != NOT_STATED_CHOICE]
        condition = Q(purpose__in=stated)
        if NOT_STATED_CHOICE in values:
            condition |= Q(purpose="")
        return queryset.filter(condition)

    def filter_awaiting_reply(self, queryset, name, value):
        return queryset.awaiting_reply() if value else queryset.not_awaiting_reply()

    def filter_answered(self, queryset, name, value):
        return queryset.answered() if value else queryset.exclude(pk__in=queryset.answered())

    def filter_replies_to(self, queryset, name, value):
        original = LiaisonStatement.objects.resolve(value)
        return queryset.filter(replies_to=original) if original else queryset.none()

    def filter_reply_due_before(self, queryset, name, value):
        return queryset.reply_due_before(value)

    def filter_reply_due_after(self, queryset, name, value):
        return queryset.reply_due_after(value)

    def filter_date_after(self, queryset, name, value):
        day = self.filters[name].to_day(value)
        # A partial date counts for every day of its period: compare at its own precision.
        return queryset.filter(
            Q(date_precision=DatePrecision.DAY, date__gte=day)
            | Q(date_precision=DatePrecision.MONTH, date__gte=period_start(day, "month"))
            | Q(date_precision=DatePrecision.YEAR, date__gte=period_start(day, "year"))
        )

    def filter_date_before(self, queryset, name, value):
        return queryset.filter(date__lte=self.filters[name].to_day(value))

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value)
            | Q(document__number__icontains=value)
            | Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(from_note__icontains=value)
        )


# Publish `from_` as `from` (?from=SG5): the query parameter the users and the issue name.
LiaisonStatementFilterSet.base_filters = {
    ("from" if name == "from_" else name): value
    for name, value in LiaisonStatementFilterSet.base_filters.items()
}
LiaisonStatementFilterSet.declared_filters = dict(LiaisonStatementFilterSet.base_filters)
