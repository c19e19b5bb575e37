"""Admin widgets of the floor (kept out of core.uploads, which the models import)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.widgets import AdminFileWidget
from django.db.models.fields.files import FieldFile
from django.forms import Media, Select


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


class TimeZoneSelect(Select):
    """A time-zone <select> that static/js/admin-times.js turns into a searchable picker with the
    admin's own Select2 (no new library; the page stays within the CSP)."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__({"class": "admin-time-zone", "style": "width: 28em", **(attrs or {})})
        self.choices = choices

    @property
    def media(self) -> Media:
        return Media(
            js=[
                "admin/js/vendor/jquery/jquery.js",
                "admin/js/vendor/select2/select2.full.js",
                "admin/js/jquery.init.js",
            ],
            css={"screen": ["admin/css/vendor/select2/select2.css", "admin/css/autocomplete.css"]},
        )
