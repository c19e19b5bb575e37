"""The catalogs (locale/<ll>/LC_MESSAGES/django.po) are complete and in step with the sources:
every language has one; every string marked in a template or in Python is in each of them
(re-extracted with makemessages into a copy of the sources, compared by context and msgid); no
entry is untranslated or fuzzy; placeholders agree between the source and its translation; a
plural entry has as many forms as its language has (Django's own catalog for it says how many);
and the compiled catalogs are the ones in use (a French string comes back in French).

`make messages` regenerates the catalogs after strings are marked or changed; translators fill
them; `make install` compiles them. The checker's functions are tested on tiny bad catalogs
below, so each check provably fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import django
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
# Django's language codes, and the directory names it reads them from.
LANGUAGE_DIRS = {code: translation.to_locale(code) for code, _name in settings.LANGUAGES}
# What makemessages must not read (as the Makefile's `messages` target).
IGNORED = [
    ".venv",
    ".tools",
    ".git",
    "staticfiles",
    "tests",
    "bench",
    "node_modules",
    "artifacts",
    "media",
    "locale",
]
PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{[A-Za-z_]\w*\}"
)
BARE = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdifr]")

Key = tuple[str | None, str]  # (context, msgid)


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _keys(catalog: Catalog) -> set[Key]:
    keys: set[Key] = set()
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        keys.add((message.context, msgid))
    return keys


def _name(key: Key) -> str:
    context, msgid = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def missing_catalogs(locale_dir: Path, languages: dict[str, str]) -> list[str]:
    return [
        f"{code}: no catalog at {locale_dir / directory / 'LC_MESSAGES' / 'django.po'}"
        for code, directory in languages.items()
        if not (locale_dir / directory / "LC_MESSAGES" / "django.po").is_file()
    ]


def missing_strings(extracted: Catalog, catalog: Catalog, where: str) -> list[str]:
    """Strings marked in the sources that the catalog lacks (`make messages` adds them)."""
    return [
        f"{where}: {_name(key)} is marked in the sources but not in the catalog"
        for key in sorted(_keys(extracted) - _keys(catalog), key=lambda k: (k[1], k[0] or ""))
    ]


def untranslated_or_fuzzy(catalog: Catalog, where: str) -> list[str]:
    problems = []
    if catalog.fuzzy:
        problems.append(f"{where}: the header is marked fuzzy (the catalog would not compile)")
    for message in catalog:
        if not message.id:
            continue
        key = _name((message.context, message.id[0] if message.pluralizable else message.id))
        forms = message.string if message.pluralizable else (message.string,)
        if message.fuzzy:
            problems.append(f"{where}: {key} is fuzzy")
        elif not all(forms):
            problems.append(f"{where}: {key} is not translated")
    return problems


def _placeholders(text: str) -> tuple[set[str], int]:
    return set(PLACEHOLDER.findall(text)), len(BARE.findall(PLACEHOLDER.sub("", text)))


def placeholder_mismatches(catalog: Catalog, where: str) -> list[str]:
    """A translation must use the source's named placeholders, no others, and as many bare
    ones; a plural's forms together use those of its two source forms (one form may leave the
    count out: "un jour")."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            source = set().union(*(_placeholders(text)[0] for text in message.id))
            forms = [text for text in message.string if text]
            used = set().union(*(_placeholders(text)[0] for text in forms)) if forms else source
            for text in forms:
                extra = _placeholders(text)[0] - source
                if extra:
                    problems.append(
                        f"{where}: {message.id[0]!r} has {sorted(extra)} in {text!r}, "
                        "not in the source"
                    )
            if forms and source - used:
                problems.append(
                    f"{where}: {message.id[0]!r} drops {sorted(source - used)} in every form"
                )
            continue
        if not message.string:
            continue
        source, source_bare = _placeholders(message.id)
        target, target_bare = _placeholders(message.string)
        if source != target or source_bare != target_bare:
            problems.append(
                f"{where}: {message.id!r} has placeholders {sorted(source)} but its translation "
                f"{message.string!r} has {sorted(target)}"
            )
    return problems


def _nplurals(header: str) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    return int(match.group(1)) if match else None


def plural_form_errors(po_text: str, expected: int | None, where: str) -> list[str]:
    """Each plural entry has the language's number of forms (read from the text: a reader that
    pads or drops forms would hide the mistake)."""
    problems = []
    header_count = _nplurals(po_text.split("\n\n", 1)[0])
    if expected is not None and header_count != expected:
        problems.append(f"{where}: Plural-Forms says nplurals={header_count}, not {expected}")
    count = expected or header_count
    for block in po_text.split("\n\n"):
        if "\nmsgid_plural " not in f"\n{block}":
            continue
        forms = len(re.findall(r"^msgstr\[\d+\]", block, re.MULTILINE))
        if forms != count:
            msgid = re.search(r'^msgid "(.*)"$', block, re.MULTILINE)
            problems.append(
                f"{where}: {msgid.group(1) if msgid else block[:60]!r} has {forms} plural "
                f"forms, the language has {count}"
            )
    return problems


def django_nplurals(directory: str) -> int | None:
    """How many plural forms Django's own catalog gives the language (the reference)."""
    path = (
        Path(django.__file__).parent / "conf" / "locale" / directory / "LC_MESSAGES" / "django.po"
    )
    if not path.is_file():
        return None
    return _nplurals(path.read_text(encoding="utf-8").split("\n\n", 1)[0])


def extract(tmp_path: Path) -> Catalog:
    """The strings marked in the sources now, by makemessages in a copy of the project (so the
    committed catalogs are never touched)."""
    copy = tmp_path / "sources"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*IGNORED, "__pycache__", "*.mo"))
    environment = {
        **os.environ,
        "DEBUG": "on",
        "DJANGO_SETTINGS_MODULE": "standards_tracker.settings",
    }
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-wrap", "-v", "0"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )
    return read_catalog(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")


# --- The catalogs as committed ------------------------------------------------------------------


def _catalog_path(directory: str) -> Path:
    return LOCALE / directory / "LC_MESSAGES" / "django.po"


def test_every_language_has_a_catalog():
    assert not (problems := missing_catalogs(LOCALE, LANGUAGE_DIRS)), "\n".join(problems)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs gettext's xgettext")
def test_every_marked_string_is_in_every_catalog(tmp_path):
    extracted = extract(tmp_path)
    problems = []
    for directory in LANGUAGE_DIRS.values():
        path = _catalog_path(directory)
        if path.is_file():
            problems += missing_strings(extracted, read_catalog(path), str(path.relative_to(ROOT)))
    assert not problems, "Run `make messages`, then translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("directory", LANGUAGE_DIRS.values())
def test_no_entry_is_untranslated_fuzzy_or_broken(directory):
    path = _catalog_path(directory)
    assert path.is_file(), f"no catalog at {path}"
    where = str(path.relative_to(ROOT))
    catalog = read_catalog(path)
    problems = [
        *untranslated_or_fuzzy(catalog, where),
        *placeholder_mismatches(catalog, where),
        *plural_form_errors(path.read_text(encoding="utf-8"), django_nplurals(directory), where),
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", [code for code in LANGUAGE_DIRS if code != "en"])
def test_the_compiled_catalogs_are_the_ones_in_use(code):
    """A string of ours comes back translated: the .mo files are compiled (`make install`) from
    the catalogs and found through LOCALE_PATHS."""
    catalog = read_catalog(_catalog_path(LANGUAGE_DIRS[code]))
    sample = next(
        (
            m
            for m in catalog
            if m.id and not m.pluralizable and not m.context and m.string and m.string != m.id
        ),
        None,
    )
    assert sample is not None, f"{code}: no translated string to try"
    with translation.override(code):
        assert translation.gettext(sample.id) == sample.string, (
            f"{code}: {sample.id!r} is not translated at run time: run `make install` "
            "(it compiles the catalogs)"
        )


# --- The checker itself, on tiny bad catalogs ------------------------------------------------------

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


def _write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "fr" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + body, encoding="utf-8")
    return path


def test_checker_names_a_language_without_a_catalog(tmp_path):
    _write(tmp_path, "")
    problems = missing_catalogs(tmp_path, {"fr": "fr", "zh-hans": "zh_Hans"})
    assert problems == [f"zh-hans: no catalog at {tmp_path}/zh_Hans/LC_MESSAGES/django.po"]


def test_checker_names_a_marked_string_missing_from_a_catalog(tmp_path):
    catalog = read_catalog(_write(tmp_path, 'msgid "Meetings"\nmsgstr "Réunions"\n'))
    extracted = Catalog()
    extracted.add("Meetings")
    extracted.add("Open", context="status")
    problems = missing_strings(extracted, catalog, "fr")
    assert problems == [
        "fr: 'Open' (context 'status') is marked in the sources but not in the catalog"
    ]


def test_checker_names_untranslated_and_fuzzy_entries_and_a_fuzzy_header(tmp_path):
    body = (
        'msgid "Meetings"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Groups"\nmsgstr "Groupes"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s jour"\nmsgstr[1] ""\n'
    )
    catalog = read_catalog(_write(tmp_path, body, "#, fuzzy\n" + HEADER))
    assert untranslated_or_fuzzy(catalog, "fr") == [
        "fr: the header is marked fuzzy (the catalog would not compile)",
        "fr: 'Meetings' is not translated",
        "fr: 'Groups' is fuzzy",
        "fr: '%(n)s day' is not translated",
    ]


def test_checker_names_placeholders_that_differ(tmp_path):
    body = (
        'msgid "No group has the code %(code)s."\nmsgstr "Aucun groupe n’a le code %(cod)s."\n\n'
        'msgid "Hello {name}"\nmsgstr "Bonjour"\n\n'
        'msgid "%s of %s"\nmsgstr "%s"\n\n'
        'msgid "%(count)s day"\nmsgid_plural "%(count)s days"\n'
        'msgstr[0] "un jour"\nmsgstr[1] "%(count)s jours %(extra)s"\n\n'
        'msgid "Fine %(code)s"\nmsgstr "Bien %(code)s"\n'
    )
    problems = placeholder_mismatches(read_catalog(_write(tmp_path, body)), "fr")
    assert len(problems) == 4, problems
    assert "No group has the code" in problems[0]
    assert "Hello {name}" in problems[1]
    assert "%s of %s" in problems[2]
    assert "['%(extra)s']" in problems[3]


def test_checker_names_plural_entries_with_the_wrong_number_of_forms(tmp_path):
    body = (
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s 天"\nmsgstr[1] "%(n)s 天"\n'
    )
    text = _write(
        tmp_path, body, HEADER.replace("nplurals=2; plural=(n > 1)", "nplurals=1; plural=0")
    ).read_text()
    assert plural_form_errors(text, 1, "zh_Hans") == [
        "zh_Hans: '%(n)s day' has 2 plural forms, the language has 1"
    ]
    assert plural_form_errors(text, 6, "ar")[0] == "ar: Plural-Forms says nplurals=1, not 6"


def test_the_reference_plural_counts_are_djangos():
    assert django_nplurals("zh_Hans") == 1
    assert django_nplurals("ar") == 6
    assert django_nplurals("ru") == 4
