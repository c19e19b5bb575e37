"""Base classes shared by every app's API."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse


def django_errors_as_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        )
    return serializers.ValidationError({"non_field_errors": exc.messages})


class ValidatedModelSerializer(serializers.ModelSerializer):
    """Runs the model's own `full_clean()` so a rule written once in `clean()` or as a constraint
    holds in the API as in the admin (after NetBox's ValidatedModelSerializer)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance_with(attrs)
        # Not the generated columns (a stored search vector): the database writes them.
        fields = [field for field in instance._meta.concrete_fields if not field.generated]
        before = {field.attname: getattr(instance, field.attname) for field in fields}
        try:
            instance.full_clean()
        except DjangoValidationError as exc:
            raise django_errors_as_drf(exc) from exc
        # What the model's clean() completes (the meeting of a liaison statement's approving
        # action) is written too, as a ModelForm in the admin saves the instance it cleaned.
        for field in fields:
            if getattr(instance, field.attname) != before[field.attname]:
                attrs[field.name] = getattr(instance, field.name)
        return attrs

    def instance_with(self, attrs: dict) -> Model:
        """The record as it would be saved with `attrs`: a new one, or a copy of the one being
        edited (never that one itself, so a refused write leaves it as it was)."""
        model: type[Model] = self.Meta.model
        concrete = {field.name for field in model._meta.concrete_fields}
        plain = {key: value for key, value in attrs.items() if key in concrete}
        if self.instance is None:
            return model(**plain)
        instance = copy.copy(self.instance)
        for key, value in plain.items():
            setattr(instance, key, value)
        return instance


# How a related record appears in every response: its natural code and its API link.
LINK_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
    "description": "The related record's code and its API link. Written as the code alone.",
}


@extend_schema_field(LINK_SCHEMA)
class CodeLinkField(serializers.SlugRelatedField):
    """A related record rendered as its natural code plus its link; written as the code."""

    def __init__(self, view_name: str, slug_field: str = "code", **kwargs):
        self.view_name = view_name
        super().__init__(slug_field=slug_field, **kwargs)

    def to_representation(self, obj):
        code = getattr(obj, self.slug_field)
        request = self.context.get("request")
        return {
            "code": code,
            "url": reverse(self.view_name, kwargs={self.slug_field: code}, request=request),
        }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("code")
        return super().to_internal_value(data)

    def use_pk_only_optimization(self):
        return False


@extend_schema_field(OpenApiTypes.STR)
class PartialDateField(serializers.Field):
    """A date known to the day, month or year: '2023-10-12', '2023-10' or '2023'.

    Bound to a model that has `<name>` (DateField) and `<name>_precision`."""

    default_error_messages = {"invalid": "Use YYYY, YYYY-MM or YYYY-MM-DD."}

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.date_attr = field_name
        self.precision_attr = f"{field_name}_precision"

    def to_representation(self, obj):
        from core.dates import iso_partial_date

        return iso_partial_date(getattr(obj, self.date_attr), getattr(obj, self.precision_attr))

    def to_internal_value(self, data):
        from core.dates import DatePrecision, parse_partial_date

        if data in (None, ""):
            return {self.date_attr: None, self.precision_attr: DatePrecision.DAY}
        try:
            value, precision = parse_partial_date(data)
        except ValueError:
            self.fail("invalid")
        return {self.date_attr: value, self.precision_attr: precision}
