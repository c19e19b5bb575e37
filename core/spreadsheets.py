"""Spreadsheets in and out: the secretariat's records as CSV and XLSX files, read back all or
nothing, through django-import-export's resources (one per kind of record, declared in each app's
`resources.py` and registered here from its `AppConfig.ready()`, so this floor names no app).

- Records are matched on their codes (a resource's `import_id_fields`), related records are named
  by code (`CodeWidget`, `CodesWidget`), never by database ids.
- Every row runs the model's own `full_clean()` (`clean_model_instances`), so an error reads as
  the admin says it; `import_records` names the row, the column and the value with it.
- One transaction for a whole file: a single bad row and nothing is written.
- Exports stream rows in the queryset's SQL order (`iterator()` with prefetching chunks). CSV
  cells pass `core.exports.neutralise_cell` (a leading apostrophe), which `read_dataset` takes
  off again so an export reads back unchanged; XLSX cells keep their types (dates are dates)
  and strings are stored as text, never as formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, ClassVar

import tablib
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db.models import Field, Model, QuerySet
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import Result, RowResult
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .exports import FORMULA_STARTS, csv_writer

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Rows fetched (and their related rows prefetched) per round trip while exporting.
CHUNK = 500
# An import reports its progress every so many rows.
PROGRESS_EVERY = 25
XLSX_MAGIC = b"PK\x03\x04"


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table (not CSV or XLSX, no header, unknown columns)."""


# --- related records by code ----------------------------------------------------------------


class CodeWidget(widgets.ForeignKeyWidget):
    """A related record named by its code. The codes of a whole file are looked up in one query
    (`preload`), so a 2,000-row import does not ask once per row."""

    def __init__(self, model: type[Model], field: str = "code", **kwargs: Any) -> None:
        super().__init__(model, field=field, **kwargs)
        self._cache: dict[str, Model] | None = None

    def preload(self, values: Iterable[Any]) -> None:
        codes = {str(value).strip() for value in values if value not in (None, "")}
        found = self.model._default_manager.filter(**{f"{self.field}__in": codes})
        self._cache = {str(getattr(obj, self.field)): obj for obj in found}

    def forget(self) -> None:
        self._cache = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Model | None:
        if value in (None, ""):
            return None
        code = str(value).strip()
        if self._cache is not None and code in self._cache:
            return self._cache[code]
        try:
            return self.model._default_manager.get(**{self.field: code})
        except (ObjectDoesNotExist, ValidationError, ValueError):
            raise ValueError(self.unknown(code)) from None

    def unknown(self, code: str) -> str:
        return _("No %(model)s has the %(field)s “%(code)s”.") % {
            "model": self.model._meta.verbose_name,
            "field": self.field,
            "code": code,
        }

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(getattr(value, self.field))


class CodesWidget(widgets.ManyToManyWidget):
    """Several related records as their codes separated by commas ("SG16, SG17"); an unknown
    code is an error, never silently left out."""

    def __init__(self, model: type[Model], field: str = "code", **kwargs: Any) -> None:
        super().__init__(model, separator=",", field=field, **kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> QuerySet:
        codes = [part.strip() for part in str(value or "").split(",") if part.strip()]
        found = self.model._default_manager.filter(**{f"{self.field}__in": codes})
        known = {str(getattr(obj, self.field)) for obj in found}
        missing = [code for code in codes if code not in known]
        if missing:
            raise ValueError(
                _("No %(model)s has the %(field)s %(codes)s.")
                % {
                    "model": self.model._meta.verbose_name,
                    "field": self.field,
                    "codes": ", ".join(f"“{code}”" for code in missing),
                }
            )
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None:
            return ""
        return ", ".join(str(getattr(item, self.field)) for item in value.all())


# --- the resources --------------------------------------------------------------------------


class SpreadsheetResource(resources.ModelResource):
    """What every kind shares: the model's full_clean on every row, unchanged rows skipped (an
    export read back changes nothing), each change in the history as "imported from <file> by
    <user>", and related codes looked up once per file."""

    # A link column: the record's page, written as a hyperlink on its code in XLSX.
    link_field: ClassVar[str] = ""
    # Related records a row's export reads (prefetched per chunk of CHUNK rows).
    export_prefetch: ClassVar[tuple[str, ...]] = ()
    export_select: ClassVar[tuple[str, ...]] = ()
    # An example row for the downloadable template, column by column.
    example: ClassVar[dict[str, Any]] = {}

    class Meta:
        abstract = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    @classmethod
    def field_from_django_field(cls, field_name: str, django_field: Any, readonly: bool) -> Any:
        """An empty cell of a field that may be blank means blank, not the field's default (a
        meeting whose format is "not stated" stays so)."""
        column = super().field_from_django_field(field_name, django_field, readonly)
        if getattr(django_field, "blank", False):
            column.default = NOT_PROVIDED
        return column

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.change_reason = ""
        self.history_user: Any = None
        self.import_started = timezone.now()

    # import ------------------------------------------------------------------------------

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        columns = {f.column_name for f in self.get_import_fields()}
        unknown = [h for h in dataset.headers or [] if h not in columns]
        if unknown:
            raise SpreadsheetError(
                _("Unknown column %(unknown)s; the columns are: %(columns)s.")
                % {
                    "unknown": ", ".join(f"“{name}”" for name in unknown),
                    "columns": ", ".join(f.column_name for f in self.get_import_fields()),
                }
            )
        user, file_name = kwargs.get("user"), kwargs.get("file_name") or "a file"
        who = getattr(user, "get_username", lambda: "")() or kwargs.get("by") or "someone"
        self.change_reason = f"imported from {file_name} by {who}"[:100]
        self.history_user = user if getattr(user, "pk", None) else None
        self.import_started = timezone.now()
        for import_field in self.get_import_fields():
            if isinstance(import_field.widget, CodeWidget):
                column = import_field.column_name
                if column in (dataset.headers or []):
                    import_field.widget.preload(dataset[column])

    def after_import(self, dataset: tablib.Dataset, result: Result, **kwargs: Any) -> None:
        super().after_import(dataset, result, **kwargs)
        for import_field in self.get_import_fields():
            if isinstance(import_field.widget, CodeWidget):
                import_field.widget.forget()

    def import_row(self, row: Any, instance_loader: Any, **kwargs: Any) -> RowResult:
        """The library's, telling `progress` (a callable of the rows done) every
        PROGRESS_EVERY rows."""
        row_result = super().import_row(row, instance_loader, **kwargs)
        progress, number = kwargs.get("progress"), kwargs.get("row_number") or 0
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
        return row_result

    def import_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        """The fields, then the many-to-many columns checked before anything is saved (the
        library would meet an unknown code only while saving, as an unexplained error).

        With `previewed_at` (an import confirmed after a preview), a record someone changed
        after the preview is an error of its row: the import would silently overwrite a
        change the secretariat never saw. A change made by this very import (a record saved
        by an earlier row) is not one."""
        errors: dict[str, Any] = {}
        previewed_at, stamp = kwargs.get("previewed_at"), getattr(instance, "last_updated", None)
        if (
            previewed_at is not None
            and instance.pk is not None
            and stamp is not None
            and previewed_at < stamp < self.import_started
        ):
            errors[NON_FIELD_ERRORS] = [
                _(
                    "This record was changed at %(time)s, after the preview: upload the file "
                    "again to see the change in a new preview."
                )
                % {"time": timezone.localtime(stamp).strftime("%Y-%m-%d %H:%M:%S %Z")}
            ]
        keys = self._key_fields(instance) if instance.pk else {}
        stored = {name: getattr(instance, attname) for name, attname in keys.items()}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance._unchanged_keys = [  # type: ignore[attr-defined]
            name for name, attname in keys.items() if getattr(instance, attname) == stored[name]
        ]
        for import_field in self.get_import_fields():
            m2m = isinstance(import_field.widget, widgets.ManyToManyWidget)
            if m2m and import_field.column_name in row:
                try:
                    import_field.clean(row)
                except ValueError as error:
                    errors[import_field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def validate_instance(
        self,
        instance: Model,
        import_validation_errors: dict | None = None,
        validate_unique: bool = True,
    ) -> None:
        """The model's full_clean, less the checks of a record's key columns (its code) when
        they are the values the database already holds: the record was found by them, and the
        database's own constraints (unique, the code's pattern) hold for them. Five queries of
        eighteen for a changed deliverable."""
        errors = dict(import_validation_errors or {})
        unchanged = getattr(instance, "_unchanged_keys", [])
        try:
            instance.full_clean(exclude=[*errors, *unchanged], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _key_fields(self, instance: Model) -> dict[str, str]:
        """The model fields of the import id columns (a record's key), name to attname (a
        foreign key compared by its id, never fetched)."""
        keys = {}
        for column in self.get_import_id_fields():
            attribute = self.fields[column].attribute if column in self.fields else column
            try:
                model_field = instance._meta.get_field((attribute or "").split("__")[0])
            except FieldDoesNotExist:
                continue
            if isinstance(model_field, Field):
                keys[model_field.name] = model_field.attname
        return keys

    def before_save_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        instance._change_reason = self.change_reason  # type: ignore[attr-defined]
        if self.history_user is not None:
            instance._history_user = self.history_user  # type: ignore[attr-defined]

    def get_diff_class(self) -> type:
        return NamingDiff

    # export ------------------------------------------------------------------------------

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        """`queryset` (already ordered as shown) with what a row's export reads."""
        if self.export_select:
            queryset = queryset.select_related(*self.export_select)
        if self.export_prefetch:
            queryset = queryset.prefetch_related(*self.export_prefetch)
        return queryset

    def headers(self) -> list[str]:
        return [f.column_name for f in self.get_export_fields()]

    def typed_row(self, obj: Model) -> list[Any]:
        """The row of `obj`: dates, numbers and yes/no as such, everything else as text."""
        values = []
        for export_field in self.get_export_fields():
            method = getattr(self, f"dehydrate_{export_field.column_name}", None)
            raw = None if method else export_field.get_value(obj)
            if isinstance(raw, bool | int | float | Decimal | dt.date) and not isinstance(
                export_field.widget, widgets.ForeignKeyWidget
            ):
                values.append(raw)
            else:
                values.append(self.export_field(export_field, obj))
        return values

    def template_dataset(self) -> tablib.Dataset:
        headers = [f.column_name for f in self.get_import_fields()]
        return tablib.Dataset([self.example.get(name, "") for name in headers], headers=headers)


class NamingDiff(resources.Diff):
    """The library's diff, which also names the columns that change (the preview says
    "changes: title, status")."""

    def as_html(self) -> list[Any]:
        html = _DiffCells(super().as_html())
        html.changed = [] if self.new else list(self.changed_columns)
        return html

    def compare_with(self, resource: Any, instance: Any) -> None:
        super().compare_with(resource, instance)
        headers = [f.column_name for f in resource.get_import_fields()]
        self.changed_columns = [
            name
            for name, left, right in zip(headers, self.left, self.right, strict=False)
            if left != right
        ]


class _DiffCells(list):
    changed: list[str]


class CodeInstanceLoader(CachedInstanceLoader):
    """Every record of a file looked up in one query by its code (one import id field)."""


# --- the registry of kinds ------------------------------------------------------------------


class Kinds:
    """The kinds of record a spreadsheet holds, by the API's name for them."""

    def __init__(self) -> None:
        self._resources: dict[str, type[SpreadsheetResource]] = {}

    def register(self, kind: str, resource: type[SpreadsheetResource]) -> None:
        self._resources[kind] = resource

    def names(self) -> list[str]:
        return sorted(self._resources)

    def resource(self, kind: str) -> SpreadsheetResource:
        if kind not in self._resources:
            raise SpreadsheetError(
                _("Unknown kind “%(kind)s”: choose one of %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(self.names())}
            )
        return self._resources[kind]()

    def name_for(self, model: type[Model]) -> str | None:
        """The kind of `model`'s records, or None when no spreadsheet holds them."""
        for kind, resource in self._resources.items():
            if resource._meta.model is model:
                return kind
        return None

    def for_model(self, model: type[Model]) -> SpreadsheetResource | None:
        for resource in self._resources.values():
            if resource._meta.model is model:
                return resource()
        return None


spreadsheet_kinds = Kinds()


# --- reading --------------------------------------------------------------------------------


def _unneutralise(value: Any) -> Any:
    """A CSV cell written by `neutralise_cell` ('=x) read as it was typed (=x)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _decode(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else Windows-1252, what Excel's plain
    "CSV" saves on Western European Windows (and a superset of Latin-1's printable range)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _cell(value: Any) -> Any:
    """An XLSX cell as the resources read it: a date cell (which openpyxl reads as a datetime at
    midnight) as a date, an empty cell as empty text."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return "" if value is None else value


def read_dataset(data: bytes) -> tablib.Dataset:
    """A CSV (comma or semicolon separated, detected from the header line) or XLSX file as a
    table whose first row names the columns. Empty rows are dropped."""
    if data.startswith(XLSX_MAGIC):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:
            raise SpreadsheetError(
                _("This file is not a readable XLSX workbook: %(error)s") % {"error": error}
            ) from None
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        text = _decode(data)
        header_line = text.split("\n", 1)[0]
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise SpreadsheetError(_("The file is empty: its first row must name the columns."))
    headers = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        cells = [_unneutralise(_cell(cell)) for cell in row[:width]]
        dataset.append(cells + [""] * (width - len(cells)))
    return dataset


# --- importing ------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    """What an import did (or, in a dry run, would do), and every error."""

    result: Result
    kind: str
    errors: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        totals = self.result.totals
        return {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
            "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
            "errors": totals[RowResult.IMPORT_TYPE_ERROR] + totals[RowResult.IMPORT_TYPE_INVALID],
        }


def describe_errors(resource: SpreadsheetResource, result: Result, headers: list[str]) -> list[str]:
    """Every error of `result` as "Row 3, column owner, value “SG99”: <the rule>". Rows are
    counted as a spreadsheet shows them: the header is row 1."""
    columns = {f.attribute: f.column_name for f in resource.get_import_fields()}
    lines = [_("The file: %(error)s") % {"error": error.error} for error in result.base_errors]
    for invalid in result.invalid_rows:
        row_number = invalid.number + 1
        for attribute, messages in invalid.error_dict.items():
            column = columns.get(attribute, attribute)
            for message in messages:
                if attribute == NON_FIELD_ERRORS:
                    lines.append(
                        _("Row %(row)s: %(message)s") % {"row": row_number, "message": message}
                    )
                else:
                    value = invalid.values[headers.index(column)] if column in headers else ""
                    lines.append(
                        _("Row %(row)s, column %(column)s, value “%(value)s”: %(message)s")
                        % {"row": row_number, "column": column, "value": value, "message": message}
                    )
    for number, errors in result.row_errors():
        lines.extend(
            _("Row %(row)s: %(message)s") % {"row": number + 1, "message": error.error}
            for error in errors
        )
    return lines


def import_dataset(
    kind: str,
    dataset: tablib.Dataset,
    *,
    dry_run: bool,
    file_name: str,
    user: Any = None,
    by: str = "",
    previewed_at: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import `dataset` as records of `kind` in one transaction: any error and nothing is
    written (a dry run writes nothing either way). With `previewed_at`, a record changed since
    then is an error of its row; `progress` hears of the rows done every PROGRESS_EVERY rows."""
    resource = spreadsheet_kinds.resource(kind)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        file_name=file_name,
        user=user,
        by=by,
        previewed_at=previewed_at,
        progress=progress,
    )
    return ImportOutcome(
        result=result,
        kind=kind,
        errors=describe_errors(resource, result, list(dataset.headers or [])),
    )


# --- writing --------------------------------------------------------------------------------


def iter_records(resource: SpreadsheetResource, queryset: QuerySet) -> Iterator[Model]:
    """The records in the queryset's own order, CHUNK at a time with their related rows."""
    return resource.export_queryset(queryset).iterator(chunk_size=CHUNK)


def _csv_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_chunks(resource: SpreadsheetResource, queryset: QuerySet) -> Iterator[str]:
    """The records as CSV, line by line, UTF-8 with a BOM so a spreadsheet reads the accents
    right; every cell through the formula neutraliser."""
    writer = csv_writer()
    yield "\ufeff" + writer.writerow(resource.headers())
    for obj in iter_records(resource, queryset):
        yield writer.writerow([_csv_text(value) for value in resource.typed_row(obj)])


def write_xlsx(
    resource: SpreadsheetResource,
    rows: Iterable[Model] | None,
    stream: IO[bytes],
    *,
    base_url: str = "",
    queryset: QuerySet | None = None,
    template: tablib.Dataset | None = None,
) -> None:
    """An XLSX workbook of the records (or of a template's one example row) written to
    `stream` row by row (openpyxl's write-only mode): a frozen, bold header row, dates as
    dates, the code column linked to the record's page, strings stored as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=resource._meta.model._meta.verbose_name_plural[:31])
    sheet.freeze_panes = "A2"
    headers = template.headers if template is not None else resource.headers()
    bold = Font(bold=True)
    link_font = Font(color="0563C1", underline="single")
    header_cells = []
    for name in headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for position, name in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(position)].width = max(12, len(name) + 2)
    link_column = headers.index(resource.link_field) if resource.link_field in headers else -1

    def cells(values: list[Any], obj: Model | None) -> list[Any]:
        out = []
        for position, value in enumerate(values):
            cell = _typed_cell(sheet, value)
            if position == link_column and obj is not None and hasattr(obj, "get_absolute_url"):
                cell.hyperlink = base_url + obj.get_absolute_url()
                cell.font = link_font
            out.append(cell)
        return out

    if template is not None:
        for values in template:
            sheet.append(cells(list(values), None))
    else:
        records = rows if rows is not None else iter_records(resource, queryset)  # type: ignore[arg-type]
        for obj in records:
            sheet.append(cells(resource.typed_row(obj), obj))
    book.save(stream)


def xlsx_table(
    title: str, headers: list[str], rows: Iterable[list[Any]], *, link_column: int = -1
) -> IO[bytes]:
    """A one-sheet workbook of plain rows (a link column's cells hold (text, url) pairs), in a
    rewound temporary file: for tables that are no kind of record (the allocation matrix)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold, link_font = Font(bold=True), Font(color="0563C1", underline="single")
    header_cells = []
    for name in headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for values in rows:
        cells = []
        for position, value in enumerate(values):
            url = None
            if position == link_column and isinstance(value, tuple):
                value, url = value
            cell = _typed_cell(sheet, value)
            if url:
                cell.hyperlink, cell.font = url, link_font
            cells.append(cell)
        sheet.append(cells)
    spool = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)  # noqa: SIM115
    book.save(spool)
    spool.seek(0)
    return spool


def _typed_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=None)
    if isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, bool | int | float | Decimal):
        cell.value = value
    else:
        # Text cell, never a formula, whatever it begins with.
        cell.value = str(value or "")
        cell.data_type = "s"
    return cell


def spreadsheet_response(
    resource: SpreadsheetResource, queryset: QuerySet, file_format: str, name: str, base_url: str
) -> Any:
    """A download of the records of `queryset` (in its order): CSV streamed, XLSX written to a
    spooled file first (a workbook is a zip) and streamed from it."""
    from django.http import FileResponse, Http404, StreamingHttpResponse

    if file_format == "csv":
        response = StreamingHttpResponse(
            csv_chunks(resource, queryset), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if file_format != "xlsx":
        raise Http404(_("CSV or XLSX"))
    return FileResponse(
        xlsx_file(resource, queryset, base_url=base_url),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=CONTENT_TYPES["xlsx"],
    )


def list_download(
    list_view: type,
    kind: str,
    name: str | Callable[[Any], str],
    rows: Callable[[Any], QuerySet] | None = None,
) -> Callable[..., Any]:
    """A view downloading what the public list `list_view` shows for the request's filters —
    every row, in the list's order (`rows(view)` when the page's own queryset is not the one
    to write) — as records of `kind`, in the columns the import reads. The list's own
    prefetches are replaced by the resource's. The URL's other arguments go to the page (a
    group's work programme: its code); `name(view)`, called after `rows(view)`, names the file
    after what the page shows."""
    from django.conf import settings
    from django.utils import timezone

    def download(request: Any, file_format: str, **kwargs: Any) -> Any:
        page = list_view()
        page.setup(request, **kwargs)
        queryset = rows(page) if rows is not None else page.get_queryset()
        stem = name(page) if callable(name) else name
        return spreadsheet_response(
            spreadsheet_kinds.resource(kind),
            queryset.prefetch_related(None),
            file_format,
            f"{stem}-{timezone.localdate().isoformat()}",
            settings.SITE_URL,
        )

    return download


def xlsx_file(
    resource: SpreadsheetResource, queryset: QuerySet, *, base_url: str = ""
) -> IO[bytes]:
    """The workbook in a temporary file (spilled to disk past 5 MB), rewound for streaming."""
    spool = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(resource, None, spool, base_url=base_url, queryset=queryset)
    spool.seek(0)
    return spool


def template_bytes(resource: SpreadsheetResource, file_format: str) -> bytes:
    """An empty workbook for `resource`: the columns it reads and one example row."""
    dataset = resource.template_dataset()
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow([_csv_text(value) for value in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    stream = io.BytesIO()
    write_xlsx(resource, None, stream, template=dataset)
    return stream.getvalue()


def date_field(**kwargs: Any) -> fields.Field:
    """A date column read from a date cell or ISO text (2024-01-26)."""
    return fields.Field(widget=widgets.DateWidget(format="%Y-%m-%d"), **kwargs)


__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "CodeInstanceLoader",
    "CodeWidget",
    "CodesWidget",
    "ImportOutcome",
    "SpreadsheetError",
    "SpreadsheetResource",
    "csv_chunks",
    "date_field",
    "import_dataset",
    "read_dataset",
    "spreadsheet_kinds",
    "template_bytes",
    "write_xlsx",
    "xlsx_file",
]
