"""Admin widgets of the floor (kept out of core.uploads, which the models import)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.widgets import AdminFileWidget
from django.db.models.fields.files import FieldFile


class _LinkedFile:
    """A stored file as the admin's file widget shows it: its name, linked to `url`."""

    def __init__(self, stored: FieldFile, url: str) -> None:
        self.stored, self.url = stored, url

    def __str__(self) -> str:
        return str(self.stored)


class DownloadLinkFileWidget(AdminFileWidget):
    """The admin's file input, its "Currently" link pointing at the record's download view
    (`get_file_url()`, or the method named by `url_method`: an attachment's own address is its
    download) instead of MEDIA_URL, which nothing serves with DEBUG off."""

    def __init__(self, attrs: dict[str, Any] | None = None, url_method: str = "get_file_url"):
        super().__init__(attrs)
        self.url_method = url_method

    def format_value(self, value: Any) -> Any:
        value = super().format_value(value)
        get_file_url = getattr(getattr(value, "instance", None), self.url_method, None)
        return _LinkedFile(value, get_file_url()) if value and get_file_url else value
