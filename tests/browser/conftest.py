"""Playwright (sync API) driving Debian's Chromium against the app served by `live_server`,
on PostgreSQL, with the real demo data (`load_seed_data`).

Never `playwright install`: the browser is the system's /usr/bin/chromium (`apt-get install -y
chromium`; CI's .ci/run installs it). Screenshots go to artifacts/screenshots/ (git-ignored).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group as UserGroup
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Browser, Page, sync_playwright

from core.api.permissions import SECRETARIAT_GROUP

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# A reader far from Geneva, so meeting pages show a local time that differs from the meeting's.
READER_TIME_ZONE = "America/New_York"
SECRETARIAT_PASSWORD = "a-long-password-for-the-browser"


@pytest.fixture(scope="package")
def _sync_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread, and Django refuses database access
    from a thread with a running loop, although every query here is ordinary synchronous code.
    Allowed only while the browser runs (this package), never for the rest of the suite or the
    processes it starts."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_sync_orm_beside_playwright) -> Browser:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def seeded(transactional_db) -> None:
    """The real demo data: TD315, the metaverse forum and the WSIS session."""
    call_command("load_seed_data", verbosity=0)


def _new_page(browser: Browser, live_server, viewport: dict) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        locale="en-GB",
        timezone_id=READER_TIME_ZONE,
        is_mobile=viewport["width"] < 600,
        has_touch=viewport["width"] < 600,
    )
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(browser, live_server, seeded) -> Page:
    page = _new_page(browser, live_server, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Pages at a chosen viewport: `new_page(PHONE)`; closed after the test."""
    opened = []

    def make(viewport: dict = DESKTOP) -> Page:
        page = _new_page(browser, live_server, viewport)
        opened.append(page)
        return page

    yield make
    for page in opened:
        page.context.close()


@pytest.fixture
def secretariat_login(transactional_db) -> tuple[str, str]:
    user = User.objects.create_user(
        "secretary", "secretary@example.org", SECRETARIAT_PASSWORD, is_staff=True
    )
    group, _ = UserGroup.objects.get_or_create(name=SECRETARIAT_GROUP)
    user.groups.add(group)
    return user.username, SECRETARIAT_PASSWORD


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page) -> list[dict]:
    """The WCAG 2.0/2.1 A and AA violations axe-core finds on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def describe_violations(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}) {violation['help']} — "
            f"{len(violation['nodes'])} node(s): {targets}"
        )
    return lines
