"""Every word a reader sees in one of our templates goes through the translation catalogs.

The check reads each project template with Django's own Lexer, so it sees exactly what the
template engine sees: text outside ``{% translate %}`` / ``{% blocktranslate %}`` and outside
``{% comment %}``, ``<script>``, ``<style>`` and code samples must hold no word, nor may a
user-visible attribute (title, alt, aria-label, placeholder, a button's value), nor a string
literal handed to a filter or an include (``|default:"not stated"``, ``with caption="Groups"``)
unless it is wrapped in ``_()``. A failure names the file, the line and the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, Token, TokenType

ROOT = Path(__file__).resolve().parents[2]

# Text that stays as it is in every language, with the reason.
ALLOWED_PHRASES: dict[str, str] = {
    "Standards Tracker": "the product's name",
    "ITU-T": "the organisation's name",
    "iCalendar": "the name of a standard format",
    "RSS/Atom": "names of standard formats",
    "OpenAPI": "the name of a standard format",
    "ReDoc": "the name of the API reference tool",
    "CSV": "a file format, the same in every language",
    "XLSX": "a file format, the same in every language",
    "API": "an acronym used as is in every UN language at ITU",
}

# Templates whose text the check does not read, with the reason. The lead drops an entry when
# its owner's work is merged.
SKIPPED: dict[str, str] = {
    "templates/allauth/elements/button.html": (
        "allauth's button element: its tag name comes from template logic (<{% if %}a{% else %}"
        "button{% endif %}), which no HTML parser reads; it holds no text of its own"
    ),
}

# Content of these elements is code (paths, commands, JSON), never translated.
CODE_ELEMENTS = {"code", "pre", "kbd", "samp"}
NOT_SHOWN = {"script", "style"}
# data-label is shown by the stylesheet as the cell's heading on a phone.
VISIBLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "data-label"}
# Where a template tag or variable stood: never a word, and it keeps words apart.
SLOT = "\ue000"
WORD = re.compile(r"[^\W\d_]", re.UNICODE)
TRANSLATE_OPEN = {"blocktranslate", "blocktrans"}
TRANSLATE_CLOSE = {"endblocktranslate", "endblocktrans"}
# A string literal handed to a filter that shows it (`default:"…"`, `pluralize:"…"`), or an
# include/with keyword (`with caption="…"`), or glued to a variable (`"Work items of "|add:…`).
LITERAL_ARGUMENT = re.compile(
    r"""(?:\|(?:default|default_if_none|pluralize):|\b\w+=|^)(?P<q>["'])(?P<text>.*?)(?P=q)"""
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


ALLOWED = re.compile("|".join(rf"(?<!\w){re.escape(phrase)}(?!\w)" for phrase in ALLOWED_PHRASES))


def _has_word(text: str) -> bool:
    return bool(WORD.search(ALLOWED.sub(" ", text.replace(SLOT, " "))))


class _VisibleText(HTMLParser):
    """Finds words in text and in user-visible attributes of the HTML left once template
    tags, variables and marked strings are replaced by slots."""

    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.findings: list[Finding] = []
        self.open: list[str] = []

    def _report(self, text: str) -> None:
        line = self.getpos()[0]
        cleaned = re.sub(SLOT + "+", "…", " ".join(text.split()))
        self.findings.append(Finding(self.path, line, cleaned))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        is_button = tag == "button" or (
            tag == "input" and (values.get("type") or "").lower() in {"submit", "button", "reset"}
        )
        for name, value in attrs:
            if value is None:
                continue
            if (name in VISIBLE_ATTRIBUTES or (name == "value" and is_button)) and _has_word(value):
                self._report(f'{name}="{value}"')
        if tag not in {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if NOT_SHOWN & set(self.open) or CODE_ELEMENTS & set(self.open):
            return
        if _has_word(data):
            self._report(data)


def _literal_findings(path: str, token: Token) -> list[Finding]:
    contents = token.contents.strip()
    if token.token_type == TokenType.BLOCK and contents.split()[0] not in {"include", "with"}:
        return []
    for match in LITERAL_ARGUMENT.finditer(contents):
        # An include's template name is a literal too, but nobody reads it.
        if token.token_type == TokenType.BLOCK and match.start() == 0:
            continue
        if _has_word(match.group("text")):
            return [Finding(path, token.lineno, contents)]
    return []


def untranslated(source: str, path: str = "<string>") -> list[Finding]:
    """Every piece of text in `source` a reader would see in English whatever their language."""
    pieces: list[str] = []
    findings: list[Finding] = []
    in_translation = in_comment = in_class = False
    for token in Lexer(source).tokenize():
        lines = "\n" * token.contents.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name == "comment":
                in_comment = True
            elif name == "endcomment":
                in_comment = False
            elif name == "block" and token.contents.split()[1].endswith("class"):
                # `{% block page_class %}page--wide{% endblock %}` fills an HTML class.
                in_class = True
            elif name == "endblock":
                in_class = False
            elif name in TRANSLATE_OPEN:
                in_translation = True
            elif name in TRANSLATE_CLOSE:
                in_translation = False
            elif not (in_comment or in_translation):
                findings += _literal_findings(path, token)
            pieces.append(SLOT + lines)
        elif token.token_type == TokenType.VAR:
            if not (in_comment or in_translation):
                findings += _literal_findings(path, token)
            pieces.append(SLOT + lines)
        elif token.token_type == TokenType.TEXT and not (in_comment or in_translation or in_class):
            pieces.append(token.contents)
        else:
            pieces.append(SLOT + lines)
    parser = _VisibleText(path)
    parser.feed("".join(pieces))
    parser.close()
    return sorted(findings + parser.findings, key=lambda f: f.line)


def project_templates() -> list[Path]:
    roots = [ROOT / "templates", *ROOT.glob("*/templates")]
    found = []
    for root in roots:
        if any(part in {".venv", "node_modules", "staticfiles"} for part in root.parts):
            continue
        found += [
            p for p in root.rglob("*") if p.suffix in {".html", ".txt", ".xml"} and p.is_file()
        ]
    return sorted(found)


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


TEMPLATES = project_templates()


def test_the_walk_finds_the_project_templates_and_no_third_party_ones() -> None:
    names = {_relative(p) for p in TEMPLATES}
    assert "templates/home.html" in names
    assert "reminders/templates/reminders/email/digest.txt" in names
    assert not any(".venv" in name for name in names)


@pytest.mark.parametrize("path", TEMPLATES, ids=_relative)
def test_every_word_of_the_template_is_marked_for_translation(path: Path) -> None:
    name = _relative(path)
    if name in SKIPPED:
        pytest.skip(SKIPPED[name])
    findings = untranslated(path.read_text(encoding="utf-8"), name)
    assert not findings, "Text not marked for translation:\n" + "\n".join(map(str, findings))


# The checker itself, on small templates.


@pytest.mark.parametrize(
    ("source", "line", "text"),
    [
        ("<p>Hello</p>", 1, "Hello"),
        (
            "{% load i18n %}\n<h1>{% translate 'Groups' %}</h1>\n<p>{{ n }} groups</p>",
            3,
            "… groups",
        ),
        ('<a href="/" title="Open the page">{% translate "x" %}</a>', 1, 'title="Open the page"'),
        ('<img src="a.png" alt="Logo">', 1, 'alt="Logo"'),
        ('<nav aria-label="Pages"></nav>', 1, 'aria-label="Pages"'),
        (
            '<input name="q" placeholder="a code such as SG17">',
            1,
            'placeholder="a code such as SG17"',
        ),
        ('<input type="submit" value="Save">', 1, 'value="Save"'),
        ('<select><option value="x">Every group</option></select>', 1, "Every group"),
        ("<title>Done · Standards Tracker</title>", 1, "Done · Standards Tracker"),
        ("{# a note #}\n<p>{% if late %}, late{% endif %}</p>", 2, "…, late…"),
        ("{% blocktranslate %}x{% endblocktranslate %} and more", 1, "… and more"),
        ("<p>&nbsp;Due&hellip;</p>", 1, "Due…"),
        ('{{ value|default:"not stated" }}', 1, 'value|default:"not stated"'),
        (
            '{% include "t.html" with caption="Groups" %}',
            1,
            'include "t.html" with caption="Groups"',
        ),
        ('{{ n|pluralize:"it,them" }}', 1, 'n|pluralize:"it,them"'),
        ("<p>RAPID</p>", 1, "RAPID"),
    ],
)
def test_the_check_fails_on_an_unmarked_word(source: str, line: int, text: str) -> None:
    findings = untranslated(source)
    assert [(f.line, f.text) for f in findings] == [(line, text)]


@pytest.mark.parametrize(
    "source",
    [
        "{% load i18n %}<h1>{% translate 'Groups' %}</h1>",
        "{% load i18n %}<p>{% blocktranslate trimmed count counter=n %}\n one group\n"
        "{% plural %}\n {{ counter }} groups\n{% endblocktranslate %}</p>",
        "{% comment %}Why this page exists.{% endcomment %}<p>{{ group.code }}</p>",
        "<script>var label = 'not shown';</script><style>p::after { content: 'x'; }</style>",
        "<p><code>GET /api/v1/groups/</code></p><pre>curl -s example</pre>",
        "<footer>Standards Tracker · ITU-T · CSV, XLSX</footer>",
        "<p>{{ a }}API{{ b }}</p>",
        '{% load i18n %}{% translate "Save" as save %}<input type="submit" value="{{ save }}">',
        '<input type="hidden" name="action" value="follow"><a href="/x" class="button">{{ x }}</a>',
        '{{ value|default:_("not stated") }}{{ d|date:"j F Y" }}{{ p|default:"—" }}',
        '{% include "includes/t.html" with caption=_("Groups") rows=rows %}',
        "<p>{{ a }} · {{ b }} — 12:00 (+01:00)</p>",
    ],
)
def test_the_check_passes_marked_or_untranslatable_text(source: str) -> None:
    assert untranslated(source) == []
