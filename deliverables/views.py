"""Public pages of the deliverables app (thin class-based views).

Higher apps (meetings, liaisons) add their blocks to the group, deliverable and person pages
through the `Sections` registries below; this module never imports them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from django import forms
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from core.filters import PartialDateFormField
from core.pages import PageFilterForm, first_rows

from .filters import DeliverableFilterSet, GroupFilterSet
from .models import (
    Deliverable,
    DeliverableStatus,
    DeliverableType,
    Distribution,
    Group,
    GroupKind,
    GroupStatus,
    Person,
    Purpose,
    Role,
)
from .sections import DELIVERABLE_SECTIONS, GROUP_SECTIONS, PERSON_SECTIONS

# --- Filtering deliverables (matrix, list, CSV) -------------------------------------------------


class GroupCodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return obj.code if obj.name in ("", obj.code) else f"{obj.code} — {obj.name}"


class DeliverableFilterForm(PageFilterForm):
    """The filters as delegates see them. The filtering itself is the API's FilterSet: "study
    group + received as" becomes its `received_by`, `allocated_to` or `for_information_to`."""

    study_group = GroupCodeField(
        queryset=Group.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="All groups",
        label="Study group",
        help_text="What this group receives, including what goes to all study groups.",
    )
    purpose = forms.ChoiceField(
        choices=[("", "Allocated or for information"), *Purpose.choices],
        required=False,
        label="Received as",
    )
    group = GroupCodeField(
        queryset=Group.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="Any group",
        label="Owning group",
    )
    type = forms.ChoiceField(choices=[("", "Any type"), *DeliverableType.choices], required=False)
    status = forms.ChoiceField(
        choices=[("", "Any status"), *DeliverableStatus.choices], required=False
    )
    approved_after = PartialDateFormField(
        required=False,
        label="Approved from",
        help_text="Month (YYYY-MM)",
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    approved_before = PartialDateFormField(
        required=False,
        label="Approved until",
        help_text="Month (YYYY-MM)",
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    PURPOSE_PARAMS = {
        "": "received_by",
        Purpose.ALLOCATED: "allocated_to",
        Purpose.FOR_INFORMATION: "for_information_to",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["study_group"].queryset = Group.objects.receiving_deliverables()
        self.fields["group"].queryset = Group.objects.owning_deliverables()

    @property
    def chosen_group(self) -> Group | None:
        return self.cleaned_data.get("study_group") if self.is_valid() else None

    filterset_class = DeliverableFilterSet
    page_only = ("page", "study_group", "purpose")

    def filterset_params(self) -> QueryDict:
        params = super().filterset_params()
        group = self.data.get("study_group", "").strip()
        if group:
            purpose = self.data.get("purpose", "")
            params[self.PURPOSE_PARAMS.get(purpose, "received_by")] = group
        return params

    @property
    def active_filters(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, to say what the table shows."""
        if not self.is_valid():
            return []
        shown = []
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.fields[name]
            if isinstance(value, Group):
                value = value.code
            elif isinstance(value, tuple):
                value = self.data.get(name)
            elif isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            shown.append((str(field.label), str(value)))
        return shown


def filtered_deliverables(params: QueryDict) -> tuple[DeliverableFilterForm, QuerySet[Deliverable]]:
    form = DeliverableFilterForm(params or None)
    queryset = (
        Deliverable.objects.select_related("owner")
        .prefetch_related(
            Prefetch("distribution", queryset=Distribution.objects.select_related("group"))
        )
        .order_by("code")
    )
    return form, form.filter(queryset)


# --- The allocation matrix ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What one group receives of one deliverable."""

    purpose: str  # "allocated", "for_information" or "" (nothing)
    via_all: bool = False  # for information as one of "all study groups"
    decision: str = ""

    @property
    def label(self) -> str:
        if self.purpose == Purpose.ALLOCATED:
            return "Allocated"
        if self.purpose == Purpose.FOR_INFORMATION:
            return (
                "For information (sent to all study groups)"
                if self.via_all
                else ("For information")
            )
        return ""

    @property
    def csv_value(self) -> str:
        if self.purpose == Purpose.FOR_INFORMATION and self.via_all:
            return "for information (all study groups)"
        return self.purpose.replace("_", " ")


@dataclass
class MatrixRow:
    deliverable: Deliverable
    to_all: Cell
    cells: list[tuple[Group, Cell]]


def matrix_columns(deliverables: list[Deliverable]) -> list[Group]:
    """Every study group, and any other group that receives one of the deliverables listed."""
    extra = {
        line.group_id
        for deliverable in deliverables
        for line in deliverable.distribution.all()
        if line.group_id
    }
    groups = Group.objects.filter(Q(kind=GroupKind.STUDY_GROUP) | Q(pk__in=extra))
    return list(groups.study_groups_first())


def matrix_rows(deliverables: list[Deliverable], columns: list[Group]) -> list[MatrixRow]:
    rows = []
    for deliverable in deliverables:
        lines = list(deliverable.distribution.all())
        to_all = next((line for line in lines if line.to_all_study_groups), None)
        by_group = {line.group_id: line for line in lines if line.group_id}
        cells = []
        for group in columns:
            line = by_group.get(group.pk)
            if line is not None:
                cell = Cell(line.purpose, decision=line.decision)
            elif to_all is not None and group.is_study_group:
                cell = Cell(to_all.purpose, via_all=True, decision=to_all.decision)
            else:
                cell = Cell("")
            cells.append((group, cell))
        all_cell = (
            Cell(to_all.purpose, via_all=True, decision=to_all.decision) if to_all else Cell("")
        )
        rows.append(MatrixRow(deliverable, all_cell, cells))
    return rows


class MatrixView(TemplateView):
    template_name = "deliverables/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, queryset = filtered_deliverables(self.request.GET)
        deliverables = list(queryset)
        columns = matrix_columns(deliverables)
        context.update(
            form=form,
            columns=columns,
            rows=matrix_rows(deliverables, columns),
            chosen=form.chosen_group,
            total=Deliverable.objects.count(),
        )
        return context


def matrix_csv(request):
    """The matrix as filtered on the page, one row per deliverable, one column per group."""
    _, queryset = filtered_deliverables(request.GET)
    deliverables = list(queryset)
    columns = matrix_columns(deliverables)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="allocation-matrix-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "code",
            "title",
            "type",
            "owner",
            "approved",
            "status",
            "all study groups",
            *(group.code for group in columns),
        ]
    )
    for row in matrix_rows(deliverables, columns):
        d = row.deliverable
        writer.writerow(
            [
                d.code,
                d.title,
                d.get_type_display(),
                d.owner.code,
                d.approved_display,
                d.get_status_display(),
                row.to_all.csv_value,
                *(cell.csv_value for _, cell in row.cells),
            ]
        )
    return response


# --- Deliverables -------------------------------------------------------------------------------


class DeliverableListView(ListView):
    template_name = "deliverables/deliverable_list.html"
    context_object_name = "deliverables"
    paginate_by = 50

    def get_queryset(self):
        self.form, queryset = filtered_deliverables(self.request.GET)
        return queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class DeliverableDetailView(DetailView):
    template_name = "deliverables/deliverable_detail.html"
    slug_field = slug_url_kwarg = "code"
    context_object_name = "deliverable"

    def get_queryset(self):
        return Deliverable.objects.select_related("owner").prefetch_related(
            Prefetch("distribution", queryset=Distribution.objects.select_related("group"))
        )

    def get_context_data(self, **kwargs):
        deliverable = self.object
        lines = list(deliverable.distribution.all())
        return super().get_context_data(
            allocated=[line for line in lines if line.purpose == Purpose.ALLOCATED],
            for_information=[line for line in lines if line.purpose == Purpose.FOR_INFORMATION],
            history=deliverable_history(deliverable),
            sections=DELIVERABLE_SECTIONS.render(deliverable, self.request),
            **kwargs,
        )


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str  # "+", "~", "-"
    subject: str
    changes: list[tuple[str, str, str]]  # (field, old, new)


HISTORY_LIMIT = 50


def _display(record, field) -> str:
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _entries(records, subject, fields, groups_by_id=None) -> list[HistoryEntry]:
    """Turn historical rows (oldest first) into entries naming each changed field."""
    entries, previous = [], {}
    for record in records:
        earlier = previous.get(record.id)
        changes = []
        if earlier is not None and record.history_type == "~":
            for field in fields:
                old, new = _display(earlier, field), _display(record, field)
                if old != new:
                    changes.append((str(field.verbose_name), old, new))
        if record.history_type != "~" or changes or earlier is None:
            entries.append(
                HistoryEntry(
                    record.history_date,
                    record.history_user,
                    record.history_type,
                    subject(record),
                    changes,
                )
            )
        previous[record.id] = record
    return entries


def deliverable_history(deliverable: Deliverable) -> list[HistoryEntry]:
    """The deliverable's own changes and those of its distribution lines, newest first (the
    admin edits distribution inline, so to a reader both are changes to the deliverable)."""
    tracked = [
        f
        for f in Deliverable._meta.concrete_fields
        if f.editable and f.name != "id" and not f.name.endswith("_precision")
    ]
    own = _entries(
        deliverable.history.select_related("history_user").order_by("history_date", "history_id"),
        lambda r: "Deliverable",
        tracked,
    )
    line_records = list(
        Distribution.history.filter(deliverable_id=deliverable.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    group_codes = dict(
        Group.objects.filter(pk__in={r.group_id for r in line_records if r.group_id}).values_list(
            "pk", "code"
        )
    )

    def line_subject(record) -> str:
        if record.to_all_study_groups:
            return "Distribution to all study groups"
        return f"Distribution to {group_codes.get(record.group_id, 'a removed group')}"

    line_fields = [Distribution._meta.get_field(name) for name in ("purpose", "decision")]
    lines = _entries(line_records, line_subject, line_fields)
    merged = sorted([*own, *lines], key=lambda e: e.when, reverse=True)
    return merged[:HISTORY_LIMIT]


# --- Groups -------------------------------------------------------------------------------------


class GroupListView(ListView):
    template_name = "deliverables/group_list.html"
    context_object_name = "groups"

    def get_queryset(self):
        today = timezone.localdate()
        leaders = Role.objects.current(today).leadership().select_related("person").by_rank()
        queryset = Group.objects.select_related("parent").prefetch_related(
            Prefetch("roles", queryset=leaders, to_attr="current_leaders")
        )
        self.kind = self.request.GET.get("kind", "")
        self.status = self.request.GET.get("status", "")
        params = QueryDict(mutable=True)
        if self.kind in GroupKind.values:
            params["kind"] = self.kind
        if self.status in GroupStatus.values:
            params["status"] = self.status
        return GroupFilterSet(params, queryset=queryset).qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = context["groups"]  # in natural code order, from the database
        by_kind: dict[str, list[Group]] = {}
        for group in groups:
            by_kind.setdefault(group.kind, []).append(group)
        order = list(GroupKind.values)
        context["by_kind"] = [
            (GroupKind(kind).label, kind, members)
            for kind, members in sorted(by_kind.items(), key=lambda kv: order.index(kv[0]))
        ]
        context["kinds"] = GroupKind.choices
        context["statuses"] = GroupStatus.choices
        context["kind"], context["status"] = self.kind, self.status
        return context


class GroupDetailView(DetailView):
    template_name = "deliverables/group_detail.html"
    slug_field = slug_url_kwarg = "code"
    context_object_name = "group"

    def get_queryset(self):
        return Group.objects.select_related("parent", "successor")

    def get_context_data(self, **kwargs):
        group = self.object
        today = timezone.localdate()
        roles = group.roles.select_related("person")
        received = Deliverable.objects.as_received_by(group).order_by("code")
        # Each list shows its first rows and counts the rest, linking to the list page.
        allocated, allocated_total = first_rows(received.filter(received_purpose=Purpose.ALLOCATED))
        for_information, for_information_total = first_rows(
            received.filter(received_purpose=Purpose.FOR_INFORMATION)
        )
        owned, owned_total = first_rows(group.owned_deliverables.order_by("code"))
        list_url = reverse("deliverables:deliverable-list")
        return super().get_context_data(
            current_roles=roles.current(today).by_rank(),
            past_roles=roles.not_current(today).order_by(F("ends_on").desc(nulls_first=True), "pk"),
            allocated=allocated,
            allocated_total=allocated_total,
            allocated_url=f"{list_url}?study_group={group.code}&purpose={Purpose.ALLOCATED.value}",
            for_information=for_information,
            for_information_total=for_information_total,
            for_information_url=(
                f"{list_url}?study_group={group.code}&purpose={Purpose.FOR_INFORMATION.value}"
            ),
            owned=owned,
            owned_total=owned_total,
            owned_url=f"{list_url}?group={group.code}",
            children=group.children.order_by("code"),
            predecessors=list(group.predecessors.all()),
            sections=GROUP_SECTIONS.render(group, self.request),
            calendar_path=f"{group.get_absolute_url()}calendar.ics",
            **kwargs,
        )


# --- People -------------------------------------------------------------------------------------


class PersonDetailView(DetailView):
    template_name = "deliverables/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        return get_object_or_404(Person, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        person = self.object
        today = timezone.localdate()
        roles = person.roles.select_related("group").order_by("-starts_on", "group__code")
        return super().get_context_data(
            current_roles=roles.current(today),
            past_roles=roles.not_current(today),
            show_email=bool(person.email) and Person.email_visible_to(self.request.user),
            sections=PERSON_SECTIONS.render(person, self.request),
            **kwargs,
        )
