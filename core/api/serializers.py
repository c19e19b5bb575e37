"""Base classes shared by every app's API."""

import copy
import functools
import re
import types
from collections.abc import Mapping
from urllib.parse import quote

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.db.models.fields.related_descriptors import (
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
)
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.utils.encoding import force_str, iri_to_uri
from django.utils.hashable import make_hashable
from django.utils.http import RFC3986_SUBDELIMS, escape_leading_slashes
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import Field, SkipField, empty
from rest_framework.relations import ManyRelatedField, PKOnlyObject, RelatedField
from rest_framework.reverse import reverse as drf_reverse
from rest_framework.settings import api_settings
from rest_framework.utils import model_meta

from core.api.collector import collector_paused
from core.api.fields import FIELD_MAPPING as TEXT_ONLY_FIELD_MAPPING
from core.api.fields import ChoiceField, MultipleChoiceField
from core.api.querysets import forget_shown_rows, prefetched_attr
from core.api.validation import PlainMessagesMixin, check_list_sizes
from core.codes import check_code
from core.dates import DATE_RANGE_MESSAGE, DateOutOfRange


def django_errors_as_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        )
    return serializers.ValidationError({"non_field_errors": exc.messages})


# --- The read path: the same representation, without DRF's per-row generic work -------------
#
# Measured on the 10× work programme (bench/scale.py), a list of 100 rows spent most of its time
# outside the rows' data: `reverse()` walking the resolver for every link (21,000 of them on a
# page of meetings), DRF's `get_attribute` calling `inspect.signature` on every
# `get_<field>_display` of every row, and its generic per-field dispatch. The two pieces below
# keep every byte of the output and fall back to DRF wherever a case is not the plain one.


_LinkPlan = tuple[str, "re.Pattern[str]", dict]
_LINK_PLANS: dict[tuple, _LinkPlan | None] = {}
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def _link_plan(viewname: str, names: tuple[str, ...], urlconf, prefix: str) -> _LinkPlan | None:
    """The URL pattern of a view name taking exactly these keyword arguments, when it has one
    pattern and no defaults (every router route); None sends the caller to Django's reverse."""
    possibilities = get_resolver(urlconf).reverse_dict.getlist(viewname)
    if len(possibilities) != 1:
        return None
    possibility, pattern, defaults, converters = possibilities[0]
    if len(possibility) != 1 or defaults:
        return None
    result, params = possibility[0]
    if set(params) != set(names):
        return None
    candidate = prefix.replace("%", "%%") + result
    return candidate, re.compile(f"^{re.escape(prefix)}{pattern}"), converters


def reverse(viewname, args=None, kwargs=None, request=None, format=None, **extra) -> str:
    """`rest_framework.reverse.reverse`, with the route's pattern looked up once per view name
    instead of once per link. It builds the URL as Django's `_reverse_with_prefix` does (the
    converters' `to_url`, the pattern's check, the same quoting) and hands anything else —
    positional arguments, a format suffix, a versioning scheme, a namespaced name, a value
    the pattern refuses — to DRF's own `reverse`."""
    if (
        args
        or format is not None
        or extra
        or getattr(request, "versioning_scheme", None) is not None
        or not isinstance(viewname, str)
        or ":" in viewname
    ):
        return drf_reverse(viewname, args, kwargs, request, format, **extra)
    kwargs = kwargs or {}
    context = _link_context(request)
    if context is None:
        return drf_reverse(viewname, args, kwargs, request, format, **extra)
    memo = context[3]
    # A page links the same few records many times (100 deliverables, their owners and their
    # distribution lines name a few dozen groups): each link is built once per request.
    try:
        memo_key = (viewname, *kwargs.items())
        return memo[memo_key]
    except KeyError:
        pass
    except TypeError:
        memo_key = None
    url = _reverse_planned(viewname, kwargs, request, context)
    if url is None:
        return drf_reverse(viewname, args, kwargs, request, format, **extra)
    if memo_key is not None:
        memo[memo_key] = url
    return url


def _reverse_planned(viewname: str, kwargs: dict, request, context: tuple) -> str | None:
    """The link through the route's plan; None when the plan does not apply (DRF's reverse
    decides)."""
    urlconf, prefix, base, _memo = context
    key = (viewname, tuple(sorted(kwargs)), urlconf, prefix)
    try:
        plan = _LINK_PLANS[key]
    except KeyError:
        plan = _LINK_PLANS[key] = _link_plan(viewname, key[1], urlconf, prefix)
    if plan is None:
        return None
    candidate_pat, regex, converters = plan
    text = {}
    try:
        for name, value in kwargs.items():
            text[name] = converters[name].to_url(value) if name in converters else str(value)
    except ValueError:
        return None
    candidate = candidate_pat % text
    if not regex.search(candidate):
        return None
    url = escape_leading_slashes(quote(candidate, safe=_URL_SAFE))
    if base is None:
        return url
    if "/./" in url or "/../" in url:
        return request.build_absolute_uri(url)
    # build_absolute_uri's own shortcut for a path from the root: the scheme and host, then
    # the path (already quoted, so its iri_to_uri leaves it as it is).
    return base + url


def _link_context(request) -> tuple | None:
    """The URLconf, script prefix and absolute-URL base of a request's links, read once per
    request (they hold for the whole view); None when the request asks for a format override,
    which DRF's reverse carries into every link."""
    if request is None:
        return get_urlconf(), get_script_prefix(), None, {}
    context = request.__dict__.get("_link_context", _MISSING)
    if context is _MISSING:
        override = api_settings.URL_FORMAT_OVERRIDE
        if override and override in request.GET:
            context = None
        else:
            base = iri_to_uri(request._current_scheme_host)
            context = (get_urlconf(), get_script_prefix(), base, {})
        request.__dict__["_link_context"] = context
    return context


_MISSING = object()


class FastReverseMixin:
    """For DRF's hyperlinked fields: their links through the `reverse` above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reverse = reverse


class LinkField(FastReverseMixin, serializers.HyperlinkedIdentityField):
    """The record's own API link (`HyperlinkedIdentityField`, reversed through the plan)."""


_PLAIN_CALLABLES = (types.FunctionType, types.MethodType, functools.partial)


def _plain_getter(attrs: list[str]):
    """Reads `a.b.c` off an instance as DRF's `get_attribute` does for model data, without its
    signature inspection: a method met on the way (`get_kind_display`) is called. Anything
    unusual (a missing attribute, a mapping) raises `_Slow` and goes to DRF's own path."""

    def get(instance):
        for attr in attrs:
            if instance is None or isinstance(instance, Mapping):
                raise _Slow
            try:
                instance = getattr(instance, attr)
            except ObjectDoesNotExist:
                return None
            except AttributeError:
                raise _Slow from None
            if isinstance(instance, _PLAIN_CALLABLES):
                instance = instance()
        return instance

    return get


class _Slow(Exception):
    """The fast read of a field did not apply; DRF's own `get_attribute` decides."""


class ShownListSerializer(serializers.ListSerializer):
    """A list of records shown with the garbage collector paused (core.api.collector)."""

    def to_representation(self, data):
        with collector_paused():
            return super().to_representation(data)


class FastReadMixin:
    """`Serializer.to_representation` with each field's way to its value decided once per
    serializer instead of once per row and field. The output is the same dict: the fields in
    the same order, None where DRF gives None, each value through the field's own
    `to_representation`; relations, nested serializers and anything with a default still go
    through the field's `get_attribute`."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        """DRF's list of this serializer; its plain ListSerializer shows the list with the
        collector paused (a `Meta.list_serializer_class` of the serializer's own is kept)."""
        serializer = super().many_init(*args, **kwargs)  # type: ignore[misc]
        if type(serializer) is serializers.ListSerializer:
            serializer.__class__ = ShownListSerializer
        return serializer

    def get_fields(self) -> dict:
        """The serializer's fields, worked out from the model once per class (ModelSerializer
        inspects the model and builds every field again for each serializer, i.e. each
        request and each nested list) and copied for each instance as DRF copies its declared
        fields: the same field objects, unbound, each instance its own."""
        cls = type(self)
        prototypes = cls.__dict__.get("_field_prototypes")
        if prototypes is None:
            prototypes = super().get_fields()  # type: ignore[misc]
            cls._field_prototypes = prototypes  # type: ignore[attr-defined]
        return {name: _copy_field(field) for name, field in prototypes.items()}

    def _read_plan(self) -> list:
        plan = self.__dict__.get("_fast_read_plan")
        if plan is None:
            plan = []
            for field in self._readable_fields:  # type: ignore[attr-defined]
                getter = None
                if isinstance(field, (serializers.ListSerializer, ManyRelatedField)):
                    getter = _prefetched_getter(self, field)
                elif (
                    not isinstance(
                        field, (serializers.BaseSerializer, RelatedField, ManyRelatedField)
                    )
                    and field.default is empty
                ):
                    if field.source == "*":
                        getter = _identity
                    elif field.source_attrs:
                        getter = _display_getter(self, field.source_attrs) or _plain_getter(
                            list(field.source_attrs)
                        )
                plan.append((field.field_name, field, getter, field.to_representation))
            self.__dict__["_fast_read_plan"] = plan
        return plan

    def to_representation(self, instance):
        ret = {}
        for name, field, getter, represent in self._read_plan():
            try:
                if getter is None:
                    raise _Slow
                attribute = getter(instance)
            except _Slow:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
                check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                ret[name] = None if check is None else represent(attribute)
                continue
            ret[name] = None if attribute is None else represent(attribute)
        return ret


def _copy_field(field: Field) -> Field:
    """A fresh, unbound copy of a field prototype. DRF deep-copies every declared field for each
    serializer instance, which re-runs each field's `__init__` with deep copies of its arguments
    (a related field's queryset cloned every time): on a detail request that was a third of the
    serializer's time. A field that holds no other field is copied shallowly (its own attributes,
    `bind` then sets its name and parent on the copy only); a serializer, or a field holding a
    child field bound to it (a many-related field), still gets DRF's deep copy."""
    if isinstance(field, serializers.BaseSerializer) or any(
        isinstance(value, Field) for value in vars(field).values()
    ):
        return copy.deepcopy(field)
    return copy.copy(field)


def _prefetched_getter(serializer, field: Field):
    """For a to-many field (a nested list, a list of links) read from one relation of the
    serializer's model: the rows `prefetch_related` already loaded, taken from the instance
    (its `to_attr` list, or the prefetch cache by the relation's own key) instead of through a
    related manager, which Django builds per row and relation with a cloned, filtered queryset
    only to hand back that cache. Without a prefetch, DRF's own path (`_Slow`)."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or len(field.source_attrs) != 1 or field.default is not empty:
        return None
    attr = field.source_attrs[0]
    descriptor = model.__dict__.get(attr)
    if isinstance(descriptor, ManyToManyDescriptor):
        cache_name = (
            descriptor.rel.field.related_query_name()
            if descriptor.reverse
            else descriptor.rel.field.name
        )
    elif isinstance(descriptor, ReverseManyToOneDescriptor):
        cache_name = descriptor.rel.cache_name
    else:
        cache_name = None

    shown = prefetched_attr(attr)

    def get(instance):
        if not isinstance(instance, model):
            raise _Slow
        rows = instance.__dict__.get(shown)  # shown_prefetch(attr)
        if rows is not None:
            return rows
        value = instance.__dict__.get(attr)
        if type(value) is list:  # Prefetch(..., to_attr=attr)
            return value
        if cache_name is not None:
            rows = getattr(instance, "_prefetched_objects_cache", {}).get(cache_name)
            if rows is not None and rows._result_cache is not None:
                return rows._result_cache
        raise _Slow

    return get


_DISPLAY = re.compile(r"get_(\w+)_display")


def _display_getter(serializer, attrs: list[str]):
    """`get_<field>_display` of the serializer's own model, without rebuilding the field's
    choices for every row (Django's method makes a dict of them on each call): the labels are
    read once per serializer, so in the language of the request, and anything not among the
    choices goes to the method itself."""
    match = _DISPLAY.fullmatch(attrs[0]) if len(attrs) == 1 else None
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if match is None or model is None:
        return None
    try:
        model_field = model._meta.get_field(match[1])
    except FieldDoesNotExist:
        return None
    if not model_field.choices or not hasattr(model_field, "attname"):
        return None
    attname, method = model_field.attname, attrs[0]
    labels: dict = {}

    def get(instance):
        if not isinstance(instance, model):
            raise _Slow
        if not labels:
            labels.update(
                (make_hashable(key), force_str(label, strings_only=True))
                for key, label in model_field.flatchoices
            )
        value = getattr(instance, attname)
        try:
            return labels[make_hashable(value)]
        except (KeyError, TypeError):
            return getattr(instance, method)()

    return get


def _identity(instance):
    return instance


class ReadModelSerializer(FastReadMixin, serializers.ModelSerializer):
    """A ModelSerializer with the fast read path (nested and read-only serializers)."""

    serializer_choice_field = ChoiceField
    serializer_multiple_choice_field = MultipleChoiceField


class ValidatedModelSerializer(FastReadMixin, serializers.ModelSerializer):
    """Runs the model's own `full_clean()` so a rule written once in `clean()` or as a constraint
    holds in the API as in the admin (after NetBox's ValidatedModelSerializer). Lists in the
    body are bounded (`MAX_NESTED_ITEMS`)."""

    serializer_field_mapping = TEXT_ONLY_FIELD_MAPPING
    serializer_choice_field = ChoiceField
    serializer_multiple_choice_field = MultipleChoiceField

    def to_internal_value(self, data):
        check_list_sizes(self, data)
        return super().to_internal_value(data)

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

    def update(self, instance: Model, validated_data: dict) -> Model:
        """DRF's update, writing only the columns this request sets (with `last_updated`): a
        PATCH of a group's title no longer writes back every other column as this request read
        it, over a change another request made to them meanwhile."""
        serializers.raise_errors_on_nested_writes("update", self, validated_data)
        info = model_meta.get_field_info(type(instance))
        loaded = _loaded_columns(instance)
        before = {field.attname: getattr(instance, field.attname) for field in loaded}
        many = []
        for attr, value in validated_data.items():
            if attr in info.relations and info.relations[attr].to_many:
                many.append((attr, value))
            else:
                setattr(instance, attr, value)
        written = {
            field.name
            for field in loaded
            if field.name in validated_data
            or getattr(instance, field.attname) != before[field.attname]
            or getattr(field, "auto_now", False)
        }
        instance.save(update_fields=sorted(written))
        for attr, value in many:
            getattr(instance, attr).set(value)
        forget_shown_rows(instance)
        return instance

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


def _loaded_columns(instance: Model) -> list:
    """The columns an update may write: loaded, stored by the model (not generated by the
    database), not the primary key."""
    deferred = instance.get_deferred_fields()
    return [
        field
        for field in instance._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "generated", False)
        and field.attname not in deferred
    ]


# How a related record appears in every response: its natural code and its API link.
LINK_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
    "description": "The related record's code and its API link. Written as the code alone.",
}


class CodeRelatedField(PlainMessagesMixin, serializers.SlugRelatedField):
    """A related record written as its code or slug, which is checked against the model field's
    own kind of code (core.codes) before any query: a NUL byte or a space is a 400 on the field,
    never a database error."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            records: QuerySet = self.get_queryset()  # type: ignore[assignment]
            check_code(records.model, self.slug_field, data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="invalid") from None
        return super().to_internal_value(data)


@extend_schema_field(LINK_SCHEMA)
class CodeLinkField(CodeRelatedField):
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
class PartialDateField(PlainMessagesMixin, serializers.Field):
    """A date known to the day, month or year: '2023-10-12', '2023-10' or '2023'.

    Bound to a model that has `<name>` (DateField) and `<name>_precision`."""

    default_error_messages = {
        "invalid": _("Use YYYY, YYYY-MM or YYYY-MM-DD."),
        "out_of_range": DATE_RANGE_MESSAGE,
    }

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
        except DateOutOfRange:
            self.fail("out_of_range")
        except ValueError:
            self.fail("invalid")
        return {self.date_attr: value, self.precision_attr: precision}
