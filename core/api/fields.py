"""Text fields that take text only.

DRF's CharField turns a number into its digits (`{"country": 0}` is saved as "0"), so a body
the schema calls invalid — a number where a string is documented — would be accepted. These
refuse anything but a string, with DRF's own message."""

from __future__ import annotations

from django.db import models
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
