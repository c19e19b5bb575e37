"""The secretariat's spreadsheets in the admin: import with a preview (django-import-export's
upload → preview → confirm, reading files as `core.spreadsheets.read_dataset` does), export of
the changelist as filtered (CSV or XLSX, streamed), and an empty template workbook per kind.

"Confirm" does not import in the request (2,000 changed rows take longer than a worker may
answer): it stores the file and queues the import (`core.spreadsheet_imports`), then shows a
progress page that refreshes itself until the import is done or failed.

A ModelAdmin mixes in `SpreadsheetAdminMixin`; its kind's resource comes from the registry
(`core.spreadsheets.spreadsheet_kinds`), so an admin names no resource class."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from import_export.formats.base_formats import Format
from import_export.forms import ConfirmImportForm

from .models import SpreadsheetImport
from .spreadsheet_imports import progress, queue_import
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


class ConfirmSpreadsheetForm(ConfirmImportForm):
    """The library's confirm form, carrying when the preview began: a record changed after it
    is not overwritten by the import (`SpreadsheetResource.import_instance`)."""

    previewed_at = forms.DateTimeField(widget=forms.HiddenInput())


# Seconds between two refreshes of the progress page.
PROGRESS_REFRESH = 2


class SpreadsheetAdminMixin(ImportMixin):
    """Import, export and templates for the kind of this admin's model."""

    import_export_change_list_template = "admin/spreadsheets/change_list.html"
    import_template_name = "admin/spreadsheets/import.html"
    formats = (CSVSheet, XLSXSheet)
    import_formats = formats
    skip_admin_log = True
    confirm_form_class = ConfirmSpreadsheetForm

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
        # Taken before the preview reads a record: a change after it is caught at import.
        request._spreadsheet_previewed_at = timezone.now()  # type: ignore[attr-defined]
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

    def get_confirm_form_initial(self, request: HttpRequest, import_form: Any) -> dict:
        initial = super().get_confirm_form_initial(request, import_form)
        previewed_at = getattr(request, "_spreadsheet_previewed_at", None)
        if initial and previewed_at is not None:
            initial["previewed_at"] = previewed_at
        return initial

    @method_decorator(require_POST)
    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Store the previewed file and queue its import; then its progress page."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        kind = spreadsheet_kinds.name_for(self.model)
        confirm_form = self.create_confirm_form(request)
        if kind is None or not confirm_form.is_valid():
            # The library's page, listing the form's errors.
            return super().process_import(request, **kwargs)
        tmp_storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            encoding=None,
            read_mode="rb",
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            data = tmp_storage.read()
        except FileNotFoundError:
            # Confirmed twice, or the temporary file is gone: upload again.
            self.message_user(
                request,
                _("This file was already confirmed, or is no longer available: upload it again."),
                level="error",
            )
            return HttpResponseRedirect(self._admin_url("import"))
        data = data if isinstance(data, bytes) else data.encode("utf-8")
        upload = queue_import(
            kind=kind,
            file_name=confirm_form.cleaned_data["original_file_name"],
            data=data,
            user=request.user,
            previewed_at=confirm_form.cleaned_data["previewed_at"],
            # Counted now: the worker's count is only seen once its transaction commits.
            rows_total=len(read_dataset(data)),
        )
        tmp_storage.remove()
        return HttpResponseRedirect(self._admin_url("spreadsheet_import", upload.pk))

    def spreadsheet_import(self, request: HttpRequest, import_id: int) -> HttpResponse:
        """How a queued import is going: refreshed every PROGRESS_REFRESH seconds (a meta
        refresh: the CSP allows no inline script) until it is done or failed."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = get_object_or_404(
            SpreadsheetImport.objects.defer("data").select_related("user"),
            pk=import_id,
            kind=spreadsheet_kinds.name_for(self.model),
        )
        done = progress(upload)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(file)s") % {"file": upload.file_name},
            "upload": upload,
            "rows_done": done,
            "refresh": None if upload.finished else PROGRESS_REFRESH,
            "errors": upload.error_text.splitlines(),
            "changelist_url": self._admin_url("changelist"),
            "import_url": self._admin_url("import"),
        }
        return TemplateResponse(request, "admin/spreadsheets/progress.html", context)

    def _admin_url(self, name: str, *args: Any) -> str:
        info = self.model._meta.app_label, self.model._meta.model_name
        return reverse(
            "admin:{}_{}_{}".format(*info, name), args=args, current_app=self.admin_site.name
        )

    def get_urls(self) -> list[URLPattern]:
        info = self.model._meta.app_label, self.model._meta.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "spreadsheet-import/<int:import_id>/",
                view(self.spreadsheet_import),
                name="{}_{}_spreadsheet_import".format(*info),
            ),
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
