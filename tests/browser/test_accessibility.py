"""axe-core on every public page and on the admin (login, index, a changelist, a change form),
at desktop and phone widths, with screenshots of each saved to artifacts/screenshots/."""

import pytest
from playwright.sync_api import Page, expect

from deliverables.models import Deliverable, Group, Person
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Document, Meeting
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    screenshot,
)

pytestmark = pytest.mark.browser


def public_pages() -> list[tuple[str, str]]:
    """One of each kind of page, on the real data."""
    timed = Meeting.objects.filter(all_day=False, sessions__isnull=True).order_by("starts_at")
    forum = Meeting.objects.filter(sessions__isnull=False).distinct().first()
    wp2 = Meeting.objects.filter(action_items__isnull=False).distinct().first()
    statement = LiaisonStatement.objects.filter(document__number="TD480").first()
    incoming = LiaisonStatement.objects.filter(direction="incoming").order_by("code").first()
    person = Person.objects.filter(roles__isnull=False).order_by("slug").first()
    return [
        ("home", "/"),
        ("home-sg17", "/?group=SG17"),
        ("matrix", "/matrix/"),
        ("matrix-sg17", "/matrix/?study_group=SG17"),
        ("matrix-no-match", "/matrix/?study_group=SG12&purpose=allocated"),
        ("matrix-bad-input", "/matrix/?approved_after=soon"),
        ("deliverables", "/deliverables/"),
        ("deliverable", Deliverable.objects.get(code="FGMV-12").get_absolute_url()),
        ("groups", "/groups/"),
        ("group-sg17", Group.objects.get(code="SG17").get_absolute_url()),
        ("group-rg-sop", Group.objects.get(code="RG-SOP").get_absolute_url()),
        ("person", person.get_absolute_url()),
        ("meetings", "/meetings/"),
        ("meeting-wp2", wp2.get_absolute_url()),
        ("meeting-interim", timed.first().get_absolute_url()),
        ("meeting-forum", forum.get_absolute_url()),
        ("documents", "/documents/"),
        ("document", Document.objects.filter(number="TD480").first().get_absolute_url()),
        ("actions", "/actions/"),
        ("action", ActionItem.objects.get(code="WP2-9").get_absolute_url()),
        ("liaisons", "/liaisons/"),
        ("liaison", statement.get_absolute_url()),
        ("liaison-incoming", incoming.get_absolute_url()),
        ("search", "/search/?q=age+verification"),
        ("search-empty", "/search/"),
        ("sign-in", "/accounts/login/"),
        ("not-found", "/groups/NO-SUCH-GROUP/"),
    ]


def check_pages(page: Page, pages, suffix: str) -> list[str]:
    problems = []
    for name, url in pages:
        response = page.goto(url)
        assert response is not None
        expect(page.locator("h1")).to_be_visible()
        screenshot(page, f"{name}-{suffix}")
        problems += describe_violations(f"{url} ({suffix})", axe_violations(page))
    return problems


def test_axe_finds_no_violations_on_any_public_page(new_page, seeded):
    pages = public_pages()
    problems = check_pages(new_page(DESKTOP), pages, "desktop")
    problems += check_pages(new_page(PHONE), pages, "phone")
    assert not problems, "\n".join(problems)


def test_axe_finds_no_violations_in_the_admin(new_page, seeded, secretariat_login):
    username, password = secretariat_login
    problems = []
    for suffix, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport)
        page.goto("/admin/")
        expect(page.get_by_label("Username")).to_be_visible()
        screenshot(page, f"admin-login-{suffix}")
        problems += describe_violations(f"admin login ({suffix})", axe_violations(page))
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="What needs attention")).to_be_visible()
        deliverable = Deliverable.objects.get(code="FGMV-12")
        rg_dt = Group.objects.get(code="RG-DT")
        for name, url in (
            ("admin-index", "/admin/"),
            ("admin-changelist", "/admin/deliverables/deliverable/"),
            ("admin-change-form", f"/admin/deliverables/deliverable/{deliverable.pk}/change/"),
            ("admin-hand-over", f"/admin/deliverables/group/{rg_dt.pk}/rotate-role/"),
        ):
            page.goto(url)
            screenshot(page, f"{name}-{suffix}")
            problems += describe_violations(f"{url} ({suffix})", axe_violations(page))
    assert not problems, "\n".join(problems)
