"""The OpenAPI schema tells the truth about every operation, not only its happy path.

drf-spectacular documents what a view returns when all goes well. A client (and schemathesis in
the test suite) also meets the answers DRF gives on its own: a refused token, a write without
the secretariat's rights, a record that is not there, a body that does not validate, a throttle.
`AutoSchema` adds those to every operation from what the view is (a list, a detail, a write),
each with its body, and marks reads that anyone may make as such (`security: [{}, ...]`)."""

from __future__ import annotations

import re

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.urls.converters import get_converters
from django_filters import Filter
from drf_spectacular import openapi
from drf_spectacular.plumbing import (
    ResolvedComponent,
    anchor_pattern,
    append_meta,
    resolve_regex_path_parameter,
)
from rest_framework import permissions
from rest_framework.relations import SlugRelatedField

from ..filters import PartialDateFilter
from .permissions import SecretariatWriteOrReadOnly
from .serializers import PartialDateField

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

# Permission classes that let anyone read (GET, HEAD, OPTIONS).
ANONYMOUS_READS = (
    permissions.AllowAny,
    permissions.IsAuthenticatedOrReadOnly,
    SecretariatWriteOrReadOnly,
)

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"

ERROR_SCHEMA = {
    "type": "object",
    "description": "Why the request was refused.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Messages per field (`non_field_errors` for the record as a whole; a nested "
    "field's messages nested alike), or `detail` when the body could not be read at all.",
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ]
    },
    "example": {"code": ["A group with this code already exists."]},
}

# What PartialDateField reads and writes: a year (1900–2199, the years every part of the app
# handles), a month or a day; null (or "") when unknown.
PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "nullable": True,
    "pattern": r"^((19|20|21)[0-9]{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$",
    "example": "2023-10",
}

NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"

# A parameter of a path() route: `<code:code>` (converter and name) or `<code>`.
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>\w+)>")

DESCRIPTIONS = {
    "400": "The request is invalid: messages per field.",
    "401": "The token (or session) given is not valid, or a write came without any.",
    "403": "Signed in, but only the secretariat may do this.",
    "404": "No such record (or, on a list, no such page).",
    "406": "None of the media types in the Accept header can be served.",
    "409": "Other records still refer to this one: they must go first.",
    "412": "The record changed since the ETag given in If-Match.",
    "413": "The body is larger than the API accepts; `detail` gives the limit.",
    "415": "The body's media type is not accepted.",
    "429": "Too many requests: wait the seconds given in Retry-After.",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema with every operation's error answers and public reads."""

    def get_auth(self) -> list[dict]:
        auths = super().get_auth()
        if self.method in permissions.SAFE_METHODS and self._anyone_may_read() and {} not in auths:
            auths.append({})
        return auths

    def _anyone_may_read(self) -> bool:
        return all(isinstance(p, ANONYMOUS_READS) for p in self.view.get_permissions())

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, PartialDateField):
            meta = self._get_serializer_field_meta(field, direction)
            return append_meta(dict(PARTIAL_DATE_SCHEMA), meta)
        if direction == "request" and isinstance(field, SlugRelatedField):
            # A related record is written as its code alone (it reads back as code and link).
            meta = self._get_serializer_field_meta(field, direction)
            return append_meta(self._code_schema(field), meta)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _code_schema(self, field: SlugRelatedField) -> dict:
        schema: dict = {"type": "string"}
        code = _code_pattern(field)
        # DRF reads "" as null for a related field: accepted where null is, refused elsewhere.
        if code:
            schema["pattern"] = f"^(?:{code})?$" if field.allow_null else f"^(?:{code})$"
        if not field.allow_null:
            schema["minLength"] = 1
        return schema

    def _get_filter_parameters(self) -> list[dict]:
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        filters = filterset.base_filters if filterset is not None else {}
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter.get("in") != "query" or schema.get("type") == "array":
                continue
            if isinstance(filters.get(parameter["name"]), PartialDateFilter):
                # A year, a month or a day, as PartialDateField writes them.
                schema["pattern"] = PARTIAL_DATE_SCHEMA["pattern"]
            code = _code_pattern(filters.get(parameter["name"]))
            if code and "pattern" not in schema:
                # A record given by its code: what a code of that kind looks like.
                schema["pattern"] = f"^(?:{code})?$"
            # A filter of one value takes an empty one as "not given" (the public pages' filter
            # forms send their empty fields), so `?parent=` is answered, not refused.
            parameter["allowEmptyValue"] = True
            if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
                # No parameter may hold a control character (a 400 before the view).
                schema["pattern"] = NO_CONTROL_CHARACTERS
        return parameters

    def _get_parameters(self) -> list[dict]:
        parameters = super()._get_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if (
                parameter.get("in") == "path"
                and schema.get("type") == "string"
                and "pattern" not in schema
                and (pattern := self._path_pattern(parameter["name"]))
            ):
                # A parameter the view describes itself (extend_schema) loses the pattern
                # drf-spectacular reads from the URL: the URL still says what it matches.
                schema["pattern"] = pattern
        return parameters

    def _path_pattern(self, name: str) -> str | None:
        """What the URL matches for path parameter `name`: its regex group or its converter's
        regex (the kinds of code register theirs, core.codes), anchored."""
        found = resolve_regex_path_parameter(self.path_regex, name)
        if found:
            return found["schema"]["pattern"]
        for match in ROUTE_PARAMETER.finditer(self.path_regex):
            converter = get_converters().get(match["converter"] or "")
            if match["parameter"] == name and converter is not None:
                return anchor_pattern(converter.regex)
        return None

    def map_parsers(self) -> list[str]:
        # JSON is the API's format. The form parsers serve the browsable API's forms, which
        # cannot carry the nested records and lists of codes a JSON body does.
        media_types = super().map_parsers()
        return ["application/json"] if "application/json" in media_types else media_types

    def _get_response_bodies(self, direction="response") -> dict:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._error_response(code)
            elif "content" not in responses[code]:
                # A view's own description of the answer (extend_schema), given its body.
                responses[code]["content"] = self._error_response(code)["content"]
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        codes = ["401", "406", "429"]
        is_detail = bool(self._path_variables())
        is_list = self.method == "GET" and self._is_list_view()
        if self.method in WRITE_METHODS:
            codes.append("403")
        if self.method in BODY_METHODS:
            codes += ["400", "413", "415"]
        if is_list:
            # Filters and page size are validated; a page past the end is not found.
            codes += ["400", "404"]
        if is_detail:
            codes.append("404")
        if self.method == "DELETE":
            codes.append("409")
        return sorted(set(codes))

    def _path_variables(self) -> list[str]:
        import uritemplate

        return list(uritemplate.variables(self.path))

    def _error_response(self, code: str) -> dict:
        name, schema = (
            (VALIDATION_ERROR, VALIDATION_ERROR_SCHEMA) if code == "400" else (ERROR, ERROR_SCHEMA)
        )
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return {
            "description": DESCRIPTIONS[code],
            "content": {
                media_type: {"schema": component.ref} for media_type in ("application/json",)
            },
        }


def _code_pattern(source: object) -> str | None:
    """The pattern of the code a related field or a filter names its record by, as a URL or a
    filter accepts it: the `typed_pattern` of the kind of code (core.codes) that the model
    field's validator checks. None when the record is named otherwise."""
    queryset = getattr(source, "queryset", None)
    slug_field = getattr(source, "slug_field", None)
    if isinstance(source, Filter):
        slug_field = source.extra.get("to_field_name")
    if not isinstance(queryset, QuerySet) or not slug_field:
        return None
    try:
        model_field = queryset.model._meta.get_field(slug_field)
    except FieldDoesNotExist:
        return None
    for validator in model_field.validators:
        pattern = getattr(getattr(validator, "kind", None), "typed_pattern", None)
        if isinstance(pattern, str):
            return pattern
    return None
