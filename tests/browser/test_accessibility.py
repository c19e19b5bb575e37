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


# WCAG 2.2 A and AA and axe's best practices, on every admin add and change page.
ADMIN_AXE_TAGS = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22a",
    "wcag22aa",
    "best-practice",
]


def admin_axe_violations(page: Page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ADMIN_AXE_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def every_admin_add_and_change_page() -> list[tuple[str, str]]:
    """Each registered ModelAdmin's add page (where adding is allowed) and the change page of
    one of its records (where the demo data has one)."""
    from django.contrib import admin
    from django.urls import reverse

    pages = []
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower
    ):
        name = f"{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_add_permission(_SuperuserRequest()):
            pages.append((f"{name}-add", reverse(f"admin:{name}_add")))
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            pages.append((f"{name}-change", reverse(f"admin:{name}_change", args=[record.pk])))
    return pages


class _SuperuserRequest:
    """Enough of a request for has_add_permission."""

    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(*args, **kwargs) -> bool:
            return True


@pytest.mark.usefixtures("restore_demo_data")
def test_axe_finds_no_violations_on_any_admin_add_or_change_page(new_page, seeded):
    from django.contrib.auth.models import User

    User.objects.create_superuser("axe-root", "root@example.org", "a-long-password-for-axe")
    page = new_page(DESKTOP)
    page.goto("/admin/")
    page.get_by_label("Username").fill("axe-root")
    page.get_by_label("Password").fill("a-long-password-for-axe")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="What needs attention")).to_be_visible()
    problems = []
    pages = every_admin_add_and_change_page()
    assert len(pages) > 30
    for name, url in pages:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        page.wait_for_load_state("load")
        screenshot(page, f"admin-{name}")
        problems += describe_violations(url, admin_axe_violations(page))
    assert not problems, "\n".join(problems)


@pytest.mark.usefixtures("restore_demo_data")
def test_axe_finds_no_violations_on_any_admin_changelist_and_its_filters(new_page, seeded):
    from django.contrib import admin
    from django.contrib.auth.models import User
    from django.urls import reverse

    User.objects.create_superuser("axe-root", "root@example.org", "a-long-password-for-axe")
    page = new_page(DESKTOP)
    page.goto("/admin/")
    page.get_by_label("Username").fill("axe-root")
    page.get_by_label("Password").fill("a-long-password-for-axe")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="What needs attention")).to_be_visible()
    problems = []
    models = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)
    for model in models:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        page.wait_for_load_state("load")
        problems += describe_violations(url, admin_axe_violations(page))
    print(f"{len(models)} changelists checked")
    assert not problems, "\n".join(problems)
