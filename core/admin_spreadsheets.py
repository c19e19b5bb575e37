"""The secretariat's spreadsheets in the admin: import with a preview (django-import-export's
upload → preview → confirm, reading files as `core.spreadsheets.read_dataset` does), export of
the changelist as filtered (CSV or XLSX, streamed), and an empty template workbook per kind.

A ModelAdmin mixes in `SpreadsheetAdminMixin`; its kind's resource comes from the registry
(`core.spreadsheets.spreadsheet_kinds`), so an admin names no resource class."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from import_export.admin import ImportMixin
from import_export.formats.base_formats import Format

from .spreadsheets import (
    CONTENT_TYPES,
    FORMATS,
    describe_errors,
    read_dataset,
    spreadsheet_kinds,
    spreadsheet_response,
    template_bytes,
)


class _SheetFormat(Format):
    """CSV or XLSX as read_dataset reads them: the bytes decide (BOM, encoding, separator)."""

    extension = ""

    def get_title(self) -> str:
        return self.extension

    def create_dataset(self, in_stream: Any) -> Any:
        return read_dataset(in_stream if isinstance(in_stream, bytes) else in_stream.encode())

    def get_extension(self) -> str:
        return self.extension

    def can_import(self) -> bool:
        return True

    def __init__(self, encoding: str | None = None) -> None:
        self.encoding = encoding


class CSVSheet(_SheetFormat):
    extension = "csv"


class XLSXSheet(_SheetFormat):
    extension = "xlsx"


class SpreadsheetAdminMixin(ImportMixin):
    """Import, export and templates for the kind of this admin's model."""

    import_export_change_list_template = "admin/spreadsheets/change_list.html"
    import_template_name = "admin/spreadsheets/import.html"
    formats = (CSVSheet, XLSXSheet)
    import_formats = formats
    skip_admin_log = True

    def get_import_resource_classes(self, request: HttpRequest) -> list[type]:
        resource = spreadsheet_kinds.for_model(self.model)
        return [type(resource)] if resource is not None else []

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The library's view, whose errors are also listed as import_records prints them (row
        as the spreadsheet counts it, column, value, rule)."""
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            result = response.context_data.get("result")
            resource = spreadsheet_kinds.for_model(self.model)
            if result is not None and resource is not None:
                form = response.context_data.get("form")
                upload = getattr(form, "cleaned_data", {}).get("import_file")
                headers: list[str] = []
                if upload is not None:
                    upload.seek(0)
                    headers = list(read_dataset(upload.read()).headers or [])
                response.context_data["spreadsheet_errors"] = describe_errors(
                    resource, result, headers
                )
            response.context_data["template_formats"] = FORMATS
        return response

    def get_urls(self) -> list[URLPattern]:
        info = self.model._meta.app_label, self.model._meta.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "spreadsheet/<str:file_format>/",
                view(self.export_spreadsheet),
                name="{}_{}_spreadsheet".format(*info),
            ),
            path(
                "spreadsheet-template/<str:file_format>/",
                view(self.spreadsheet_template),
                name="{}_{}_spreadsheet_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        extra_context = {**(extra_context or {}), "spreadsheet_formats": FORMATS}
        return super().changelist_view(request, extra_context)

    def export_spreadsheet(self, request: HttpRequest, file_format: str) -> HttpResponse:
        """The changelist's records as filtered, searched and ordered on the page, every one
        of them (not only the page shown), streamed."""
        resource = spreadsheet_kinds.for_model(self.model)
        if file_format not in FORMATS or resource is None:
            raise PermissionDenied
        # The secretariat's (who edit): a person's e-mail is theirs to see, and is in the file.
        if not self.has_change_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request)
        name = f"{self.model._meta.verbose_name_plural}-{timezone.localdate():%Y-%m-%d}"
        return spreadsheet_response(
            resource, queryset, file_format, name.replace(" ", "-"), settings.SITE_URL
        )

    def spreadsheet_template(self, request: HttpRequest, file_format: str) -> HttpResponse:
        resource = spreadsheet_kinds.for_model(self.model)
        if file_format not in FORMATS or resource is None:
            raise PermissionDenied
        if not self.has_import_permission(request):
            raise PermissionDenied
        name = f"{self.model._meta.verbose_name_plural}-template.{file_format}".replace(" ", "-")
        response = HttpResponse(
            template_bytes(resource, file_format), content_type=CONTENT_TYPES[file_format]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
