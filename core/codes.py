"""One rule per kind of code: the model field, the URL pattern, the filters and the API's related
fields all ask the same `CodeKind`, so nothing can be stored that a URL cannot address (a list
whose `reverse()` fails for one row is a 500 for everyone), and nothing that cannot be a code —
a NUL byte, a control character — travels on to the database.

Each kind has two patterns: `pattern`, what may be stored, and `typed`, what a URL or a filter
accepts — the same shape in either letter case where codes are looked up case-insensitively
(their uniqueness is case-insensitive too: `unique_any_case`). Patterns use only what Python's
`re`, PostgreSQL's regular expressions and JSON Schema read the same way, so the check
constraint and the OpenAPI schema can carry them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Expression, F, Model, Q, UniqueConstraint
from django.db.models.constraints import CheckConstraint
from django.db.models.functions import Upper
from django.urls import register_converter
from django.urls.converters import get_converters
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# C0 controls and DEL. Tab, line feed and carriage return are controls too: no code holds them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


@deconstructible
class NoControlCharacters:
    """Refuses a NUL byte (PostgreSQL cannot store one) or any other control character."""

    message = _("Control characters (such as NUL) are not allowed here.")
    code = "control_characters"

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters)

    def __hash__(self) -> int:
        return hash(self.code)


no_control_characters = NoControlCharacters()


@deconstructible
class CodeValidator:
    """A code of one kind, as stored. Deconstructs to its kind's name, so a migration does not
    repeat the pattern and a change of the kind is one change."""

    def __init__(self, kind_name: str) -> None:
        self.kind_name = kind_name

    @property
    def kind(self) -> CodeKind:
        return KINDS[self.kind_name]

    def __call__(self, value: Any) -> None:
        kind = self.kind
        if not isinstance(value, str) or not kind.stored.fullmatch(value):
            raise ValidationError(kind.message, code="invalid", params={"value": value})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeValidator) and other.kind_name == self.kind_name

    def __hash__(self) -> int:
        return hash(self.kind_name)


@dataclass(frozen=True)
class CodeKind:
    """A kind of code: its name in messages and URL routes, its stored and typed patterns."""

    name: str
    label: StrOrPromise
    pattern: str
    typed_pattern: str
    message: StrOrPromise
    stored: re.Pattern[str] = field(init=False, repr=False, compare=False)
    typed: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stored", re.compile(self.pattern))
        object.__setattr__(self, "typed", re.compile(self.typed_pattern))

    @property
    def validator(self) -> CodeValidator:
        return CodeValidator(self.name)

    @property
    def converter(self) -> str:
        """The name of this kind's path converter (`<code:code>`), registered by `CoreConfig`."""
        return self.name

    def is_typed(self, value: object) -> bool:
        """Whether a URL or a filter could name a record with this: false for anything no record
        can have (a control character, a space, a slash), so no query is sent for it."""
        return isinstance(value, str) and self.typed.fullmatch(value) is not None

    def check_typed(self, value: object, what: str | None = None) -> str:
        """`value` when it is well-formed; a ValidationError saying what the code looks like."""
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(no_control_characters.message, code=no_control_characters.code)
        if not self.is_typed(value):
            raise ValidationError(
                _("“%(value)s” is not a %(label)s: %(rule)s"),
                code="invalid",
                params={"value": value, "label": what or self.label, "rule": self.message},
            )
        return str(value)

    def check_constraint(self, column: str, name: str) -> CheckConstraint:
        """The stored pattern as a check constraint, for writes that skip the model (SQL,
        bulk loads)."""
        return CheckConstraint(
            condition=Q(**{f"{column}__regex": f"^(?:{self.pattern})$"}),
            name=name,
            violation_error_message=self.message,
        )


CODE = CodeKind(
    name="code",
    label=_("code"),
    # Groups and deliverables: SG16, RG-IEM, FGMV-04, Q1.2.
    pattern=r"[A-Z0-9][A-Za-z0-9.-]*[A-Za-z0-9]",
    typed_pattern=r"[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]",
    message=_(
        "Use capital letters, digits, dots and hyphens, starting with a letter or digit "
        "and ending with a letter or digit (for example SG16, RG-IEM, FGMV-04)."
    ),
)
SLUG = CodeKind(
    name="slugcode",
    label=_("slug"),
    # Meetings, people, liaison statements: wp2-tsag-2024-01, ahmed-said, td480-r1.
    pattern=r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?",
    typed_pattern=r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?",
    message=_(
        "Use small letters, digits, hyphens and underscores, starting and ending with a "
        "letter or digit (for example wp2-tsag-2024-01)."
    ),
)
ACTION_CODE = CodeKind(
    name="actioncode",
    label=_("action code"),
    # Unique within a meeting: WP2-9, RG-WP2-2, A.3.
    pattern=r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?",
    typed_pattern=r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?",
    message=_(
        "Use letters, digits, dots and hyphens, starting and ending with a letter or digit "
        "(for example WP2-9)."
    ),
)
DOCUMENT_NUMBER = CodeKind(
    name="documentnumber",
    label=_("document number"),
    pattern=r"[A-Z]+[0-9]+",
    typed_pattern=r"[A-Za-z]+[0-9]+",
    message=_("Use a document number such as TD480 or C55 (revision apart)."),
)
DOCUMENT_CODE = CodeKind(
    name="documentcode",
    label=_("document code"),
    # A number and, after -R, a revision: TD480, TD480-R1 (TD480R1 and any case are read too).
    pattern=r"[A-Z]+[0-9]+(?:-R[0-9]+)?",
    typed_pattern=r"[A-Za-z]+[0-9]+(?:-?[Rr][0-9]+)?",
    message=_("Use a document code such as TD480 or TD480-R1."),
)
KEY = CodeKind(
    name="key",
    label=_("code"),
    # Whatever addresses a record of any kind (a code, a slug, a document code or reference):
    # the union of the kinds above, for routes whose kind is known only from another part.
    pattern=r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?",
    typed_pattern=r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?",
    message=_("Use letters, digits, dots, hyphens and underscores."),
)

KINDS: dict[str, CodeKind] = {
    kind.name: kind for kind in (CODE, SLUG, ACTION_CODE, DOCUMENT_NUMBER, DOCUMENT_CODE, KEY)
}


def kind_of(model: type[Model], field_name: str) -> CodeKind | None:
    """The kind of code a model field holds (from its validators), or None for other fields."""
    try:
        model_field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None
    for validator in getattr(model_field, "validators", ()):
        if isinstance(validator, CodeValidator):
            return validator.kind
    return None


def check_code(model: type[Model], field_name: str, value: object, what: str = "") -> str:
    """`value` as a code the model's field could hold (any letter case where the kind allows);
    a ValidationError before any query otherwise. For fields without a kind: no control
    characters."""
    kind = kind_of(model, field_name)
    if kind is not None:
        return kind.check_typed(value, what or None)
    text = str(value)
    no_control_characters(text)
    return text


class _KindConverter:
    regex: str

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)


def register_path_converters() -> None:
    """`<code:…>`, `<slugcode:…>`, `<actioncode:…>`, `<documentcode:…>`, `<key:…>` for the apps'
    URLs: each kind's typed pattern, so a path holding anything else (a NUL, a space) is a 404
    from the resolver and never a query."""
    known = get_converters()
    for kind in KINDS.values():
        if kind.name in known:
            continue
        converter = type(
            f"{kind.name.title()}Converter", (_KindConverter,), {"regex": kind.typed_pattern}
        )
        register_converter(converter, kind.name)


class UniqueAnyCase(UniqueConstraint):
    """Unique whatever the letter case: `UniqueAnyCase(Upper("code"), name=…)` (optionally with
    other columns, `F("meeting")`). Its index is the one `code__iexact` and `code__upper`
    lookups use on PostgreSQL, and a violation found by `full_clean()` is reported on the code
    field rather than as an error of the whole form."""

    def _code_field(self) -> str | None:
        names = [
            str(node.name)  # type: ignore[attr-defined]
            for expression in self.expressions
            if isinstance(expression, Upper)
            for node in _flatten(expression)
            if isinstance(node, F)
        ]
        return names[0] if names else None

    def validate(self, model, instance, exclude=None, using=None):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as exc:
            code_field = self._code_field()
            if code_field is None or hasattr(exc, "error_dict"):
                raise
            raise ValidationError({code_field: exc.error_list}) from exc


def _flatten(expression: Any) -> Iterator[Any]:
    yield expression
    if isinstance(expression, Expression):
        for source in expression.get_source_expressions():
            yield from _flatten(source)
