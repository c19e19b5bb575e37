"""Playwright (sync API) driving Debian's Chromium against the app served by `live_server`,
on PostgreSQL, with the real demo data (`load_seed_data`).

The demo data and a secretariat account are committed once for the package (the live server
reads through its own connection, so they cannot sit in a test's transaction), not loaded and
flushed again for every test; the tables are emptied after the package, as pytest-django does
after a transactional test. A test that changes data asks for `restore_demo_data`.

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
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from core.api.permissions import SECRETARIAT_GROUP
from tests.seed_snapshot import SeedSnapshot, restore

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


def _load_demo_site(snapshot: SeedSnapshot) -> None:
    restore(snapshot)
    user = User.objects.create_user(
        "secretary", "secretary@example.org", SECRETARIAT_PASSWORD, is_staff=True
    )
    group, _ = UserGroup.objects.get_or_create(name=SECRETARIAT_GROUP)
    user.groups.add(group)


def _empty_the_tables() -> None:
    # What pytest-django does after a transactional test (TransactionTestCase's flush).
    call_command("flush", interactive=False, verbosity=0)


def _close_connections() -> None:
    # Playwright switches the context the ORM keeps its connections in, so a connection opened
    # outside a test would outlive it and keep the test database from being dropped at the end.
    connections.close_all()


@pytest.fixture(scope="package")
def demo_site(seed_snapshot, django_db_blocker, _sync_orm_beside_playwright) -> SeedSnapshot:
    """The real demo data (TD315, the metaverse forum, the WSIS session) and a secretariat
    account, committed for the browser tests; the tables are emptied when they are done."""
    with django_db_blocker.unblock():
        _load_demo_site(seed_snapshot)
        _close_connections()
        yield seed_snapshot
        _empty_the_tables()
        _close_connections()


@pytest.fixture(autouse=True)
def _live_server_helper(request, django_db_blocker):
    """Replaces pytest-django's helper of the same name, which makes every live-server test
    transactional (tables flushed after it, so the demo data loaded again before the next):
    here the tests share the package's committed `demo_site` and reach the database directly."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("demo_site")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    with django_db_blocker.unblock():
        yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture
def restore_demo_data(demo_site, django_db_blocker):
    """For a test that changes data: the demo site is put back as it was loaded afterwards."""
    yield
    with django_db_blocker.unblock():
        _empty_the_tables()
        _load_demo_site(demo_site)
        _close_connections()


@pytest.fixture
def seeded(demo_site) -> None:
    """The real demo data (see `demo_site`)."""


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
def secretariat_login(demo_site) -> tuple[str, str]:
    """The secretariat account of the demo site: (username, password)."""
    return "secretary", SECRETARIAT_PASSWORD


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
