"""Public pages of the deliverables app (thin class-based views).

Higher apps (meetings, liaisons) add their blocks to the group, deliverable and person pages
through the `Sections` registries below; this module never imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Case, Count, F, Prefetch, QuerySet, Value, When
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from core.dates import format_partial_date
from core.exports import csv_writer
from core.filters import PartialDateFormField
from core.pages import SECTION_ROWS, CappedCount, PageFilterForm, capped_count, first_rows
from core.spreadsheets import CONTENT_TYPES, xlsx_table

from .filters import DeliverableFilterSet, GroupFilterSet
from .forms import group_code_field
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
from .querysets import FIRST_STUDY_PERIOD, StudyPeriod
from .sections import (
    ALLOCATION_OUTCOMES,
    DELIVERABLE_SECTIONS,
    GROUP_SECTIONS,
    PERSON_SECTIONS,
    Outcome,
)

# --- Filtering deliverables (matrix, list, CSV) -------------------------------------------------


class DeliverableFilterForm(PageFilterForm):
    """The filters as delegates see them. The filtering itself is the API's FilterSet: "study
    group + received as" becomes its `received_by`, `allocated_to` or `for_information_to`."""

    study_group = group_code_field(
        label=_("Study group"),
        help_text=_("What this group receives, including what goes to all study groups."),
    )
    purpose = forms.ChoiceField(
        choices=[("", _("Allocated or for information")), *Purpose.choices],
        required=False,
        label=_("Received as"),
    )
    group = group_code_field(label=_("Owning group"))
    type = forms.ChoiceField(
        choices=[("", _("Any type")), *DeliverableType.choices], required=False, label=_("Type")
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *DeliverableStatus.choices],
        required=False,
        label=pgettext_lazy("status", "Status"),
    )
    approved_after = PartialDateFormField(
        required=False,
        label=_("Approved from"),
        help_text=_("Month (YYYY-MM)"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    approved_before = PartialDateFormField(
        required=False,
        label=_("Approved until"),
        help_text=_("Month (YYYY-MM)"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    PURPOSE_PARAMS = {
        "": "received_by",
        Purpose.ALLOCATED: "allocated_to",
        Purpose.FOR_INFORMATION: "for_information_to",
    }

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

MATRIX_PAGE_SIZE = 50
"""Deliverables (rows) per page of the matrix, as on the deliverables list: with the 20-odd
columns of a study period, 100 rows would pass the 500 KB a page may weigh."""

MATRIX_CSV_CHUNK = 2_000
"""Deliverables the CSV download reads at a time (one server-side cursor fetch and one query for
their distribution lines), so a worker's memory stays flat however many rows it writes."""


class MatrixFilterForm(DeliverableFilterForm):
    """The deliverables' filters, and which study period's groups make the columns."""

    period = forms.IntegerField(
        required=False,
        min_value=FIRST_STUDY_PERIOD,
        max_value=9999,
        label=_("Study period"),
        help_text=_("Whose study groups make the columns."),
        widget=forms.Select,
    )
    page_only: tuple[str, ...] = (*DeliverableFilterForm.page_only, "period")

    @property
    def asked_period(self) -> StudyPeriod | None:
        """The period asked for (any year of it: ?period=2023 is 2021–2024), when valid."""
        if not self.is_valid() or self.cleaned_data.get("period") is None:
            return None
        return StudyPeriod.holding(self.cleaned_data["period"])

    @property
    def is_filtering(self) -> bool:
        """Whether any filter narrows the deliverables (the period and page do not)."""
        return bool(self.filterset_params())

    def offer_periods(self, periods: list[StudyPeriod], current: StudyPeriod) -> None:
        """The periods whose groups receive something, newest first, as the field's choices."""
        choices: list[tuple[str, str]] = [
            ("", gettext("Current (%(period)s)") % {"period": current.label})
        ]
        choices += [(str(p.start), p.label) for p in sorted(periods, reverse=True)]
        self.fields["period"].widget.choices = choices


@dataclass(frozen=True)
class Cell:
    """What one group receives of one deliverable."""

    purpose: str  # "allocated", "for_information" or "" (nothing)
    via_all: bool = False  # for information as one of "all study groups"
    decision: str = ""
    # What the allocation led to (a work item agreed, consented…), when an app above says.
    outcome: Outcome | None = None

    @property
    def label(self) -> str:
        if self.purpose == Purpose.ALLOCATED:
            return gettext("Allocated")
        if self.purpose == Purpose.FOR_INFORMATION:
            return (
                gettext("For information (sent to all study groups)")
                if self.via_all
                else gettext("For information")
            )
        return ""

    @property
    def csv_value(self) -> str:
        if self.purpose == Purpose.FOR_INFORMATION and self.via_all:
            return "for information (all study groups)"
        return self.purpose.replace("_", " ")


_CSV_CELLS = [Cell(purpose, via_all) for purpose in Purpose.values for via_all in (False, True)]


@dataclass
class MatrixRow:
    deliverable: Deliverable
    to_all: Cell
    cells: list[tuple[Group, Cell]]
    # The cells' markup (to_all's, then (group, markup) per column), set by `render_cells`.
    to_all_html: str = ""
    cells_html: list[tuple[Group, str]] = field(default_factory=list)


def render_cells(rows: list[MatrixRow]) -> None:
    """Render matrix_cell.html once per distinct cell rather than once per cell: a page holds
    a thousand cells of a handful of kinds, and a template include per cell is most of its
    time."""
    template = get_template("deliverables/matrix_cell.html")
    rendered: dict[Cell, str] = {}

    def html(cell: Cell) -> str:
        if cell not in rendered:
            # Escaped by the template; strip() returns a plain str, so it is marked safe again.
            rendered[cell] = mark_safe(template.render({"cell": cell}).strip())
        return rendered[cell]

    for row in rows:
        row.to_all_html = html(row.to_all)
        row.cells_html = [(group, html(cell)) for group, cell in row.cells]


def matrix_deliverables(form: DeliverableFilterForm) -> QuerySet[Deliverable]:
    """The filtered deliverables in natural code order (the code's unique index), with only the
    fields a row shows and only the distribution fields a cell needs (one query per page or
    chunk of rows, none per row)."""
    lines = Distribution.objects.only(
        "deliverable_id", "group_id", "to_all_study_groups", "purpose", "decision"
    )
    queryset = (
        Deliverable.objects.select_related("owner")
        .only(
            "code",
            "title",
            "type",
            "approved",
            "approved_precision",
            "status",
            "owner__code",
            # The title in the page's language when the record has it (core.translations).
            "original_language",
            "i18n",
        )
        .prefetch_related(Prefetch("distribution", queryset=lines))
        .order_by("code")
    )
    return form.filter(queryset)


@dataclass
class MatrixColumns:
    groups: list[Group]  # the columns, study groups first, in natural code order
    period: StudyPeriod
    periods: list[StudyPeriod]  # every period with a group receiving one of the deliverables


def matrix_columns(
    deliverables: QuerySet[Deliverable],
    filtered: bool = True,
    asked: StudyPeriod | None = None,
    chosen: Group | None = None,
    today: dt.date | None = None,
) -> MatrixColumns:
    """The groups receiving at least one of `deliverables` (decided in SQL: one query over the
    groups, never the deliverables' rows), of one study period.

    `filtered` False says `deliverables` are all of them (no filter in use), which lets the
    database answer from its indexes alone. The period is the one asked for; else the chosen
    study group's; else the current one (today's); else, when no group of the current period
    receives any of them, the latest earlier period that has one (the one a delegate most
    likely means), or failing that the earliest later one. A group's period is the one holding its `established` date, and a
    group without one counts as current (StudyPeriod.of_group): the TD315 demo data's SG2…SG20
    are undated, so on the demo data alone the default columns are its study groups, and beside
    the generated periods (SG17-2025 …) they stand with the current period's."""
    today = today or timezone.localdate()
    current = StudyPeriod.current(today)
    receiving = list(
        Group.objects.receiving_any_of(deliverables if filtered else None)
        .only("code", "name", "kind", "established")
        .study_groups_first()
    )
    by_period: dict[StudyPeriod, list[Group]] = {}
    for group in receiving:
        by_period.setdefault(StudyPeriod.of_group(group, today), []).append(group)
    if asked is not None:
        period = asked
    elif chosen is not None:
        period = StudyPeriod.of_group(chosen, today)
    elif current in by_period or not by_period:
        period = current
    else:
        earlier = [p for p in by_period if p < current]
        period = max(earlier) if earlier else min(by_period)
    return MatrixColumns(by_period.get(period, []), period, sorted(by_period))


def matrix_rows(deliverables: Iterable[Deliverable], columns: list[Group]) -> list[MatrixRow]:
    """Each deliverable's cells under `columns`, from its prefetched distribution lines, and
    for allocated cells what the allocation led to (`ALLOCATION_OUTCOMES`: one answer for the
    whole page, never one per cell)."""
    deliverables = list(deliverables)
    outcome_of = ALLOCATION_OUTCOMES.for_page(deliverables, columns)
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
            if cell.purpose == Purpose.ALLOCATED:
                cell = replace(cell, outcome=outcome_of(deliverable.pk, group))
            cells.append((group, cell))
        all_cell = (
            Cell(to_all.purpose, via_all=True, decision=to_all.decision) if to_all else Cell("")
        )
        rows.append(MatrixRow(deliverable, all_cell, cells))
    return rows


class MatrixView(TemplateView):
    """One page of the matrix: `MATRIX_PAGE_SIZE` deliverables (a SQL LIMIT/OFFSET over the
    code's index) against one study period's receiving groups. Constant in table size: the
    count, the columns, the page's rows and their lines are one query each."""

    template_name = "deliverables/matrix.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 404 if context["page_error"] else 200
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = MatrixFilterForm(self.request.GET or None)
        queryset = matrix_deliverables(form)
        chosen = form.chosen_group
        columns = matrix_columns(queryset, form.is_filtering, form.asked_period, chosen)
        form.offer_periods(columns.periods, StudyPeriod.current())
        paginator = Paginator(queryset, MATRIX_PAGE_SIZE)
        number = self.request.GET.get("page") or 1
        page_error = ""
        try:
            page = paginator.page(number)
        except PageNotAnInteger:
            page = None
            page_error = gettext("“%(number)s” is not a page number.") % {"number": number}
        except EmptyPage:
            page = None
            pages = paginator.num_pages
            page_error = ngettext(
                "There is no page %(number)s: these filters give %(pages)d page.",
                "There is no page %(number)s: these filters give %(pages)d pages.",
                pages,
            ) % {"number": number, "pages": pages}
        rows = matrix_rows(page.object_list, columns.groups) if page else []
        render_cells(rows)
        context.update(
            form=form,
            columns=columns.groups,
            period=columns.period,
            rows=rows,
            page_obj=page,
            paginator=paginator,
            page_error=page_error,
            chosen=chosen,
            shows_outcomes=ALLOCATION_OUTCOMES.registered,
        )
        return context


def matrix_csv_chunks(
    deliverables: QuerySet[Deliverable], columns: list[Group]
) -> Iterator[list[list[str]]]:
    """The CSV rows of `deliverables`, `MATRIX_CSV_CHUNK` at a time: plain values from a
    server-side cursor (no model instances: 20,000 rows × 20-odd cells) and, per chunk, one
    query for its distribution lines, so memory holds one chunk whatever the table's size."""
    types, statuses = dict(DeliverableType.choices), dict(DeliverableStatus.choices)
    values = {(cell.purpose, cell.via_all): cell.csv_value for cell in _CSV_CELLS}
    rows = (
        deliverables.prefetch_related(None)
        .values_list(
            "pk", "code", "title", "type", "owner__code", "approved", "approved_precision", "status"
        )
        .iterator(chunk_size=MATRIX_CSV_CHUNK)
    )
    while chunk := list(islice(rows, MATRIX_CSV_CHUNK)):
        named: dict[int, dict[int, str]] = {}
        to_all: dict[int, str] = {}
        lines = Distribution.objects.filter(deliverable_id__in=[row[0] for row in chunk])
        for deliverable_id, group_id, purpose in lines.order_by().values_list(
            "deliverable_id", "group_id", "purpose"
        ):
            if group_id is None:  # the "all study groups" line
                to_all[deliverable_id] = purpose
            else:
                named.setdefault(deliverable_id, {})[group_id] = purpose
        out = []
        for pk, code, title, kind, owner, approved, precision, status in chunk:
            own, everyone = named.get(pk, {}), to_all.get(pk, "")
            cells = []
            for group in columns:
                if group.pk in own:
                    cells.append(values[own[group.pk], False])
                elif everyone and group.is_study_group:
                    cells.append(values[everyone, True])
                else:
                    cells.append("")
            out.append(
                [
                    code,
                    title,
                    types.get(kind, kind),
                    owner,
                    format_partial_date(approved, precision),
                    statuses.get(status, status),
                    values[everyone, True] if everyone else "",
                    *cells,
                ]
            )
        yield out


def matrix_csv(request: HttpRequest, file_format: str = "csv") -> HttpResponse:
    """The whole matrix as filtered on the page (every row, in natural code order) with the
    page's columns, streamed chunk by chunk as `matrix_csv_chunks` reads them. The file name
    says the study period whose groups are the columns."""
    form = MatrixFilterForm(request.GET or None)
    queryset = matrix_deliverables(form)
    columns = matrix_columns(queryset, form.is_filtering, form.asked_period, form.chosen_group)
    # Titles are typed by people: no cell may run as a formula in a spreadsheet.
    writer = csv_writer()
    header = [
        "code",
        "title",
        "type",
        "owner",
        "approved",
        "status",
        "all study groups",
        *(group.code for group in columns.groups),
    ]

    stamp = timezone.localdate().isoformat()
    name = f"allocation-matrix-{columns.period.start}-{columns.period.end}-{stamp}"
    if file_format == "xlsx":
        base = settings.SITE_URL

        def linked() -> Iterator[list]:
            for chunk in matrix_csv_chunks(queryset, columns.groups):
                for row in chunk:
                    url = base + reverse("deliverables:deliverable-detail", args=[row[0]])
                    yield [(row[0], url), *row[1:]]

        return FileResponse(
            xlsx_table(gettext("Allocation matrix"), header, linked(), link_column=0),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type=CONTENT_TYPES["xlsx"],
        )

    def lines() -> Iterator[str]:
        # The BOM makes a spreadsheet read the file as UTF-8 (accents in titles).
        yield "\ufeff" + writer.writerow(header)
        for chunk in matrix_csv_chunks(queryset, columns.groups):
            yield "".join(writer.writerow(row) for row in chunk)

    response = StreamingHttpResponse(lines(), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
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
        lambda r: gettext("Deliverable"),
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
            return gettext("Distribution to all study groups")
        if record.group_id not in group_codes:
            return gettext("Distribution to a removed group")
        return gettext("Distribution to %(group)s") % {"group": group_codes[record.group_id]}

    line_fields = [Distribution._meta.get_field(name) for name in ("purpose", "decision")]
    lines = _entries(line_records, line_subject, line_fields)
    merged = sorted([*own, *lines], key=lambda e: e.when, reverse=True)
    return merged[:HISTORY_LIMIT]


# --- Groups -------------------------------------------------------------------------------------


class GroupListView(ListView):
    """Groups by kind (in the order of GroupKind), in natural code order within a kind,
    paginated in SQL: the study groups of many periods and their working parties and rapporteur
    groups run to hundreds."""

    template_name = "deliverables/group_list.html"
    context_object_name = "groups"
    paginate_by = 100

    def get_queryset(self):
        today = timezone.localdate()
        leaders = Role.objects.current(today).leadership().select_related("person").by_rank()
        self.kind = self.request.GET.get("kind", "")
        self.status = self.request.GET.get("status", "")
        params = QueryDict(mutable=True)
        if self.kind in GroupKind.values:
            params["kind"] = self.kind
        if self.status in GroupStatus.values:
            params["status"] = self.status
        self.filtered = GroupFilterSet(params, queryset=Group.objects.all()).qs
        kind_order = Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(GroupKind.values)),
            default=Value(len(GroupKind.values)),
        )
        return (
            self.filtered.select_related("parent")
            .prefetch_related(Prefetch("roles", queryset=leaders, to_attr="current_leaders"))
            .alias(kind_order=kind_order)
            .order_by("kind_order", "code")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        per_kind = dict(
            self.filtered.order_by()
            .values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        by_kind: dict[str, list[Group]] = {}
        for group in context["groups"]:  # one page, already in kind then code order
            by_kind.setdefault(group.kind, []).append(group)
        context["by_kind"] = [
            (GroupKind(kind).label, kind, members, per_kind.get(kind, len(members)))
            for kind, members in by_kind.items()
        ]
        context["kinds"] = GroupKind.choices
        context["statuses"] = GroupStatus.choices
        context["kind"], context["status"] = self.kind, self.status
        return context


def received_rows(group: Group, purpose: str) -> tuple[list[Deliverable], int]:
    """The first deliverables `group` receives as `purpose` (with how it receives each) and how
    many there are: the page's rows are chosen on the deliverable alone, then only they are
    annotated — annotating first made the database work out how a study group receives each of
    the thousands sent to all study groups before keeping twenty."""
    chosen = Deliverable.objects.received_as(group, purpose).order_by("code")
    rows = list(
        Deliverable.objects.as_received_by(group)
        .filter(pk__in=chosen.values("pk")[:SECTION_ROWS])
        .order_by("code")
    )
    return rows, (capped_count(chosen) if rows else CappedCount(0))


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
        # Each list shows its first rows and counts the rest, linking to the list page.
        allocated, allocated_total = received_rows(group, Purpose.ALLOCATED)
        for_information, for_information_total = received_rows(group, Purpose.FOR_INFORMATION)
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
