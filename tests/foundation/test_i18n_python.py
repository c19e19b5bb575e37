"""Every string of our Python that a delegate or the secretariat reads is marked for translation.

An AST walk over each app's modules (migrations, management commands and tests aside) finds a
plain string literal, an f-string, or a literal built with `%`, `+` or `.format()` where users
read it: validation errors, messages, verbose names and help texts, field labels, admin
descriptions, API error details, choice labels, feed titles and the titles of the registries
other apps fill (page sections, alternate feeds, search kinds, calendar entries). A string
wrapped in a gettext-family call passes. The test names file:line and the string, so the fix is
one look away.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "core",
    "deliverables",
    "meetings",
    "liaisons",
    "workitems",
    "reminders",
    "portal",
    "integrations",
    "accounts",
    "standards_tracker",
)
SKIPPED_PARTS = {"migrations", "tests", "bench", "commands", "testing", "__pycache__"}

# A word: two letters in a row, in any script ("—", "%s" and "1–200" carry none).
WORD = re.compile(r"[^\W\d_]{2,}")

TRANSLATING = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "format_lazy",
}
# Keyword arguments whose value users read (wherever they are passed).
SHOWN_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "description",
    "short_description",
    "empty_label",
    "detail",
    "message",
    "violation_error_message",
}
SHOWN_DICT_KEYS = {"detail", "help_text", "label", "verbose_name", "verbose_name_plural"}
# Class attributes users read.
SHOWN_ATTRIBUTES = {
    "verbose_name",
    "verbose_name_plural",
    "short_description",
    "default_detail",
    "message",
    "default_error_messages",
    "error_messages",
}
# Exceptions whose first argument (or `detail=`/`message=`) is shown: Django's and DRF's.
SHOWN_EXCEPTIONS = {
    "ValidationError",
    "DjangoValidationError",
    "PermissionDenied",
    "NotFound",
    "ParseError",
    "Http404",
    "APIException",
    "AuthenticationFailed",
    "NotAuthenticated",
    "MethodNotAllowed",
    "NotAcceptable",
    "UnsupportedMediaType",
    "Throttled",
    "PreconditionFailed",
    "PreconditionRequired",
    "StillReferenced",
}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}
# Registries filled at import time or in `ready()`: call → (positional indexes, keywords) shown.
REGISTRY_CALLS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "Kind": ((1,), ("label",)),  # core.search: the heading of a kind of hit
    "Outcome": ((1, 2), ("label", "short")),  # deliverables.sections: a matrix cell
    "DayEntry": ((2, 3), ("summary", "description")),  # core.calendars: a calendar entry
    "related_code_filter": ((1,), ("title",)),  # core.admin: a list filter
    "RegexValidator": ((1,), ()),  # its message
}
# `<registry>.register(...)` calls: the registry's name → positions and keywords shown.
REGISTER_ON = {
    re.compile(r"_SECTIONS$"): ((1,), ("title",)),  # core.pages.Sections: a section heading
    re.compile(r"^alternate_feeds$"): ((2,), ("title",)),  # core.feeds: a feed link's title
}

# (path, string) → why it stays as it is.
ALLOWED: dict[tuple[str, str], str] = {
    (
        "reminders/schedule.py",
        "Sends the deadline reminders (action items, contribution deadlines, liaison reply deadlines, group lifetimes). Change the hour here; untick Enabled to pause. A deleted entry is created again at the next migrate.",
    ): "a PeriodicTask's description: a database row written once at migrate time, not a message",
    (
        "reminders/schedule.py",
        "Sends the weekly digest (the deadlines of the week ahead of what they follow) to the users who chose it on their 'What I follow' page.",
    ): "a PeriodicTask's description: a database row written once at migrate time, not a message",
    (
        "integrations/schedule.py",
        "Deletes the change log's entries (/api/v1/changes/) older than CHANGES_RETENTION_DAYS, except those a webhook has still to deliver. A deleted entry is created again at the next migrate.",
    ): "a PeriodicTask's description: a database row written once at migrate time, not a message",
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def literal_text(node: ast.AST | None) -> str | None:
    """The text of `node` when it is an untranslated literal users would read, else None."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        parts = [
            literal_text(node.left),
            literal_text(node.right) if isinstance(node.op, ast.Add) else None,
        ]
        found = [part for part in parts if part is not None]
        return "".join(found) if found else None
    if isinstance(node, ast.IfExp):
        return literal_text(node.body) or literal_text(node.orelse)
    if isinstance(node, ast.Call):
        if _name(node.func) in TRANSLATING:
            return None
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return literal_text(node.func.value)
    return None


def _texts(node: ast.AST | None) -> Iterator[tuple[int, str]]:
    """Literals users read in `node`, also inside the dicts, lists and tuples of messages that
    validation errors take."""
    if node is None:
        return
    if isinstance(node, ast.Dict):
        for value in node.values:
            yield from _texts(value)
        return
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        for item in node.elts:
            yield from _texts(item)
        return
    text = literal_text(node)
    if text is not None and WORD.search(text):
        yield node.lineno, text


class Checker(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []

    def _check(self, node: ast.AST | None) -> None:
        self.found.extend(_texts(node))

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        keywords = {keyword.arg: keyword.value for keyword in node.keywords if keyword.arg}
        for keyword in SHOWN_KEYWORDS & keywords.keys():
            self._check(keywords[keyword])
        if "error_messages" in keywords and isinstance(keywords["error_messages"], ast.Dict):
            self._check(keywords["error_messages"])
        if name in SHOWN_EXCEPTIONS:
            self._check(node.args[0] if node.args else None)
        if (
            isinstance(node.func, ast.Attribute)
            and _name(node.func.value) == "messages"
            and name in MESSAGE_LEVELS | {"add_message"}
        ):
            index = 2 if name == "add_message" else 1
            self._check(node.args[index] if len(node.args) > index else keywords.get("message"))
        if name in {"message_user", "add_error"} and len(node.args) > 1:
            self._check(node.args[1])
        if isinstance(node.func, ast.Attribute) and "error" in _name(node.func.value).lower():
            # errors.setdefault("parent", "…"), errors.append("…"): messages gathered to raise.
            if name == "setdefault" and len(node.args) > 1:
                self._check(node.args[1])
            if name in {"append", "extend"} and node.args:
                self._check(node.args[0])
        registry = REGISTRY_CALLS.get(name)
        if registry is None and name == "register" and isinstance(node.func, ast.Attribute):
            owner = _name(node.func.value)
            registry = next((v for k, v in REGISTER_ON.items() if k.search(owner)), None)
        if registry is not None:
            positions, names = registry
            for index in positions:
                if index < len(node.args):
                    self._check(node.args[index])
            for keyword in set(names) & keywords.keys():
                self._check(keywords[keyword])
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        # An API error body built by hand ({"detail": "Not found."}) and a serializer's
        # extra_kwargs ({"code": {"help_text": "…"}}). Not "description": that key is the
        # OpenAPI schema's, written for developers.
        for key, value in zip(node.keys, node.values, strict=True):
            text = literal_text(value)
            shown = isinstance(key, ast.Constant) and key.value in SHOWN_DICT_KEYS
            if shown and text is not None and WORD.search(text):
                self.found.append((value.lineno, text))
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = {_name(base) for base in node.bases}
        is_choices = bool(bases & CHOICES_BASES)
        is_feed = any(base.endswith("Feed") for base in bases)
        is_filter = any(base.endswith("Filter") for base in bases)
        for statement in node.body:
            if not isinstance(statement, ast.Assign | ast.AnnAssign):
                continue
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = {_name(target) for target in targets}
            value = statement.value
            if is_choices and isinstance(value, ast.Tuple) and value.elts:
                self._check(value.elts[-1])
            shown = set(SHOWN_ATTRIBUTES)
            if is_feed:
                shown |= {"title", "description"}
            if is_filter:
                shown.add("title")
            if names & shown or any(name.lower().endswith("_message") for name in names):
                self._check(value)
        self.generic_visit(node)

    def visit_Module(self, node: ast.Module) -> None:
        # STALE_MESSAGE = "…": a message defined once and raised elsewhere.
        for statement in node.body:
            if isinstance(statement, ast.Assign) and any(
                _name(target).endswith("_MESSAGE") for target in statement.targets
            ):
                self._check(statement.value)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            # `some_function.short_description = "…"`, the admin's older spelling.
            if isinstance(target, ast.Attribute) and target.attr in SHOWN_ATTRIBUTES:
                self._check(node.value)
            # errors["parent"] = "…": a message gathered to raise.
            if isinstance(target, ast.Subscript) and "error" in _name(target.value).lower():
                self._check(node.value)
        self.generic_visit(node)


def unmarked(source: str, path: str = "<source>") -> list[Finding]:
    """The strings of `source` shown to users and not marked for translation."""
    checker = Checker()
    checker.visit(ast.parse(source))
    return [
        Finding(path, line, text)
        for line, text in sorted(set(checker.found))
        if (path, text) not in ALLOWED
    ]


def modules(app: str) -> Iterator[Path]:
    for path in sorted((ROOT / app).rglob("*.py")):
        if not SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
            yield path


@pytest.mark.parametrize("app", APPS)
def test_strings_users_read_are_marked_for_translation(app: str) -> None:
    findings = [
        finding
        for path in modules(app)
        for finding in unmarked(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert not findings, "Mark these for translation (gettext):\n" + "\n".join(map(str, findings))


@pytest.mark.parametrize(
    "source",
    [
        'raise ValidationError("The end comes before the start.")',
        'raise ValidationError({"end": "The end comes before the start."})',
        'raise ValidationError({"end": ["The end comes before the start."]})',
        'raise serializers.ValidationError(f"No group {code}.")',
        'raise ValidationError("No group %s." % code)',
        'raise ValidationError("No group {}.".format(code))',
        'raise ValidationError(message="No group.")',
        'errors["parent"] = "A group cannot report to itself."',
        'errors.setdefault("parent", "A Question belongs to a study group.")',
        'self.errors.append("Nothing to import.")',
        'form.add_error("group", "Say which group.")',
        'STALE_MESSAGE = "The record has changed since you read it."',
        "class Role(Tenure):\n    ends_before_start_message = 'A role cannot end before it starts.'",
        "class F(forms.CharField):\n    default_error_messages = {'invalid': 'Use YYYY.'}",
        'UniqueConstraint(fields=["code"], name="u", violation_error_message="Taken.")',
        'messages.success(request, "Saved.")',
        'messages.add_message(request, messages.INFO, "Saved.")',
        'self.message_user(request, "Two groups closed.")',
        'code = models.CharField(verbose_name="code")',
        'code = models.CharField("code", help_text="As ITU writes it.")',
        'field = forms.CharField(label="Group")',
        'x = forms.ModelChoiceField(queryset, empty_label="Any group")',
        'x = forms.CharField(error_messages={"required": "Say which group."})',
        '@admin.display(description="Current chair")\ndef chair(self, obj): ...',
        '@admin.action(description="Close the groups")\ndef close(self, request, qs): ...',
        "def chair(obj): ...\nchair.short_description = 'Current chair'",
        "class Meta:\n    verbose_name_plural = 'people'",
        "class A(AppConfig):\n    verbose_name = 'Work programme'",
        'raise PermissionDenied("Only the secretariat.")',
        'raise NotFound(detail="No such group.")',
        'raise Http404("No such group.")',
        "class Late(APIException):\n    default_detail = 'Too late.'",
        "class P(BasePermission):\n    message = 'Only the secretariat may change records.'",
        'JsonResponse({"detail": "Not found."}, status=404)',
        'extra_kwargs = {"code": {"help_text": "Unique code, used in URLs."}}',
        'validator = RegexValidator(r"[A-Z]+", message="Use capitals.")',
        "class Kind(models.TextChoices):\n    STUDY = 'sg', 'Study group'",
        "class Lead(models.IntegerChoices):\n    WEEK = 7, 'A week before'",
        "class F(Feed):\n    title = 'New deliverables'",
        "class HeldToday(admin.SimpleListFilter):\n    title = 'held today'",
        'related_code_filter("group", "group", placeholder="SG17-2025")',
        "class F(Feed):\n    description = 'What was added' + ' lately'",
        'GROUP_SECTIONS.register("meetings", "Meetings", "t.html", ctx)',
        'alternate_feeds.register("a", "b", title="{code}: new work")',
        'GROUPS = Kind(key="groups", label="Groups", queryset=q)',
        'yield DayEntry(uid, day, f"Last call ends: {code}", "", path)',
        'x = Outcome("none", "No work item yet", "None")',
    ],
)
def test_the_check_finds_an_unmarked_string(source: str) -> None:
    assert unmarked(source), source


@pytest.mark.parametrize(
    "source",
    [
        'raise ValidationError(_("The end comes before the start."))',
        'raise ValidationError({"end": [_("The end comes before the start.")]})',
        'raise ValidationError(_("No group %(code)s.") % {"code": code})',
        'raise ValidationError(ngettext("%(n)d group.", "%(n)d groups.", n) % {"n": n})',
        'raise ValidationError(message, code="invalid")',
        'code = models.CharField(_("code"), help_text=_("As ITU writes it."))',
        '@admin.display(description=pgettext_lazy("role", "Chair"))\ndef chair(self, obj): ...',
        'x = format_lazy("{}: {}", _("Deadline"), code)',
        # Codes, identifiers and log messages are not translated.
        'logger.warning("Group %s has no chair", code)',
        "class Kind(models.TextChoices):\n    STUDY = 'sg', _('Study group')",
        "class Kind(models.TextChoices):\n    STUDY = 'sg'",
        "GROUP_SECTIONS.register('meetings', _('Meetings'), 't.html', ctx)",
        'raise ValidationError({"end": "—"})',
        'thing = Other(label_field="name", description_field="x")',
        'schema = {"properties": {"detail": {"type": "string"}}}',
    ],
)
def test_the_check_passes_a_marked_or_unshown_string(source: str) -> None:
    assert not unmarked(source), source


def test_an_allowed_string_passes_only_in_its_own_file(monkeypatch: pytest.MonkeyPatch) -> None:
    source = 'raise ValidationError("Group")'
    monkeypatch.setitem(ALLOWED, ("core/x.py", "Group"), "a test")
    assert not unmarked(source, "core/x.py")
    assert unmarked(source, "core/y.py")
