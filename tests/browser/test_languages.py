"""The site in each of the six languages, as a reader switches to it with the menu: the home,
the matrix, a group and a statement page, tagged with their language and direction, Arabic
mirrored, and axe (WCAG 2.2 A/AA and best practice) clean in Arabic and French.

Screenshots: artifacts/screenshots/language-<lang>-<page>.png (look at ar and zh-hans).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from meetings.models import Meeting
from tests.browser.conftest import describe_violations, screenshot

PAGES = {
    "home": "/",
    "matrix": "/matrix/",
    "group": "/groups/SG17/",
    "statement": "/liaisons/td480-r1/",
}
# Language code, its name in the menu, the direction.
LANGUAGES = [
    ("ar", "العربية", "rtl"),
    ("zh-hans", "中文", "ltr"),
    ("en", "English", "ltr"),
    ("fr", "Français", "ltr"),
    ("ru", "Русский", "ltr"),
    ("es", "Español", "ltr"),
]
# The main navigation's first link ("Home") as each language's catalog says it: proof, on every
# page, that the page is written in that language and not only tagged with it.
EXPECTED_HOME_LABEL: dict[str, str] = {
    "ar": "الرئيسية",
    "zh-hans": "首页",
    "en": "Home",
    "fr": "Accueil",
    "ru": "Главная",
    "es": "Inicio",
}
AXE_LANGUAGES = {"ar", "fr"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Best-practice rules known to fail in every language for a reason outside the languages (none).
KNOWN_FAILURES: set[str] = set()


def _axe(page: Page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "rules": {rule: {"enabled": False} for rule in KNOWN_FAILURES},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def _switch_with_the_menu(page: Page, name: str) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Language").get_by_role("button", name=name).click()
    page.wait_for_load_state()


@pytest.mark.parametrize(("language", "name", "direction"), LANGUAGES)
def test_each_page_in_each_language(page: Page, language, name, direction):
    _switch_with_the_menu(page, name)
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookie.get("django_language") == language
    problems: list[str] = []
    for label, path in PAGES.items():
        # From here on the cookie alone chooses the language.
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, path
        html = page.locator("html")
        assert html.get_attribute("lang") == language, path
        assert html.get_attribute("dir") == direction, path
        # The menu's own name is translated too ("Langue", "اللغة"): found by its place.
        current = page.locator("nav.language-menu [aria-current=true]")
        assert current.inner_text() == name
        if language in EXPECTED_HOME_LABEL:
            home = page.get_by_role("navigation").first.get_by_role("link").first
            assert home.inner_text() == EXPECTED_HOME_LABEL[language], path
        if direction == "rtl":
            # Mirrored: the brand sits at the right, the main content starts from the right.
            brand = page.locator(".site-header__brand").bounding_box()
            viewport = page.viewport_size
            assert brand, path
            assert viewport, path
            assert brand["x"] > viewport["width"] / 2, path
        screenshot(page, f"language-{language}-{label}")
        if language in AXE_LANGUAGES:
            problems += describe_violations(f"{language} {path}", _axe(page))
    assert not problems, "\n".join(problems)


def test_the_readers_own_time_follows_the_page_language(page: Page):
    """The reader is in New York, the meeting in Geneva: 'Your time' is written in French on a
    French page, whatever the browser's own locale (en-GB here)."""
    meeting = (
        Meeting.objects.filter(all_day=False, time_zone="Europe/Zurich", code__startswith="rg-iem")
        .order_by("starts_at")
        .first()
    )
    _switch_with_the_menu(page, "Français")
    page.goto(meeting.get_absolute_url())
    local = page.locator("dl.facts .js-local-range").first
    expect(local).to_be_visible()
    expect(local).to_contain_text("07:00")
    text = local.inner_text()
    assert re.search(r"\b(lun|mar|mer|jeu|ven|sam|dim)\.", text), text
    assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", text), text
