"""Text fields that take text only.

DRF's CharField turns a number into its digits (`{"country": 0}` is saved as "0"), so a body
the schema calls invalid — a number where a string is documented — would be accepted. These
refuse anything but a string, with DRF's own message."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class TextOnlyMixin:
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


class TextField(TextOnlyMixin, serializers.CharField):
    pass


class SlugField(TextOnlyMixin, serializers.SlugField):
    pass


class EmailField(TextOnlyMixin, serializers.EmailField):
    pass


class URLField(TextOnlyMixin, serializers.URLField):
    pass


# ModelSerializer's model-to-serializer field mapping with the text fields above.
FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: TextField,
    models.TextField: TextField,
    models.SlugField: SlugField,
    models.EmailField: EmailField,
    models.URLField: URLField,
}


def allowed_values(choices: dict) -> str:
    return ", ".join(str(value) for value in choices)


class ChoiceField(serializers.ChoiceField):
    """DRF's ChoiceField whose refusal lists the allowed values (`"urgent" is not a valid
    choice; allowed: action, comment, information.`), so a newcomer needs no schema to mend the
    request. Every serializer's choice fields are this one (ModelSerializer's
    `serializer_choice_field` in core.api.serializers, and the declared ones)."""

    default_error_messages = {
        "invalid_choice": _('"{input}" is not a valid choice; allowed: {allowed}.'),
    }

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[str(data)]
        except KeyError:
            self.fail(
                "invalid_choice", input=data, allowed=allowed_values(self.choice_strings_to_values)
            )


class MultipleChoiceField(serializers.MultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _('"{input}" is not a valid choice; allowed: {allowed}.'),
        "not_a_list": serializers.MultipleChoiceField.default_error_messages["not_a_list"],
        "empty": serializers.MultipleChoiceField.default_error_messages["empty"],
    }

    def to_internal_value(self, data):
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        values = set()
        for item in data:
            try:
                values.add(self.choice_strings_to_values[str(item)])
            except KeyError:
                self.fail(
                    "invalid_choice",
                    input=item,
                    allowed=allowed_values(self.choice_strings_to_values),
                )
        return values


class CutoffField(serializers.DateTimeField):
    """A deadline's cut-off as the model computes it (`deadline_cutoff`: the day at its time,
    23:59 unless given, in the meeting's zone), read-only and rendered with that zone's offset
    rather than converted to the server's, so a client reads the instant as it was announced."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def enforce_timezone(self, value):
        return value
