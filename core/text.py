"""Free text (titles, summaries, notes, names): no control characters but tab and line breaks.

A vertical tab, an escape or a NUL pasted into a title is invisible on a page, breaks the CSV
and iCalendar exports and the e-mails that quote it, and (NUL) cannot be stored by PostgreSQL.
One validator, put on every free-text field of the project's models when the apps are ready
(`guard_free_text_fields`), so the admin's forms and the API (both run the model's
`full_clean()`) refuse it alike, with a message on the field, and a field added later is
covered without anyone remembering to. The codes have stricter validators of their own
(core.codes: no control character at all)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .codes import CodeValidator, NoControlCharacters

# C0 controls but tab (\x09), line feed (\x0a) and carriage return (\x0d), and DEL.
FREE_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@deconstructible
class FreeTextValidator:
    message = _("Control characters are not allowed (tabs and line breaks are); found %(found)s.")
    code = "control_characters"

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        found = sorted(set(FREE_TEXT_CONTROLS.findall(value)))
        if found:
            # Named as U+000B, since the character itself would not show in the message.
            names = ", ".join(f"U+{ord(char):04X}" for char in found)
            raise ValidationError(self.message, code=self.code, params={"found": names})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FreeTextValidator)

    def __hash__(self) -> int:
        return hash(self.code)


free_text = FreeTextValidator()


def project_models() -> list[type[models.Model]]:
    """The models of the project's own apps (not Django's or a library's)."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if base in Path(config.path).resolve().parents and ".venv" not in Path(config.path).parts
        for model in config.get_models(include_auto_created=False)
    ]


def guard_free_text_fields() -> None:
    """Adds `free_text` to each text field of the project's models that is not a choice and has
    no stricter rule of its own (a kind of code). Added to the field's run-time validators, not
    to its declaration, so no migration records it (a validator never changes the database)."""
    stricter = (NoControlCharacters, CodeValidator, FreeTextValidator)
    for model in project_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            validators = field.validators
            if not any(isinstance(validator, stricter) for validator in validators):
                validators.append(free_text)
