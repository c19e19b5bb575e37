"""The Content-Security-Policy breaks nothing: Chromium reports no violation on any public page,
the admin (login, index, changelist, change form, the hand-over page with its select boxes) or
the API docs, and the API docs still draw the operations."""

import pytest
from playwright.sync_api import Page, expect

from deliverables.models import Deliverable, Group
from tests.browser.test_accessibility import public_pages

pytestmark = pytest.mark.browser

# Collected before any page script runs, so a refusal during loading is caught too.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"}`);
});
"""


def watch(page: Page) -> list[str]:
    """What the browser refuses on `page`, from its console and the violation events."""
    refused: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def violations_after(page: Page, url: str, refused: list[str]) -> list[str]:
    response = page.goto(url)
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    events = page.evaluate("window.__csp || []")
    return [f"{url}: {text}" for text in [*refused, *events]]


def test_no_public_page_has_a_csp_violation(new_page, seeded):
    page = new_page()
    refused = watch(page)
    problems = []
    for _name, url in public_pages():
        problems += violations_after(page, url, refused)
        refused.clear()
    assert not problems, "\n".join(problems)


def test_the_admin_has_no_csp_violation(new_page, seeded, secretariat_login):
    username, password = secretariat_login
    page = new_page()
    refused = watch(page)
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="What needs attention")).to_be_visible()
    deliverable = Deliverable.objects.get(code="FGMV-12")
    rg_dt = Group.objects.get(code="RG-DT")
    problems = list(refused)
    for url in (
        "/admin/",
        "/admin/deliverables/deliverable/",
        f"/admin/deliverables/deliverable/{deliverable.pk}/change/",
        f"/admin/deliverables/deliverable/{deliverable.pk}/history/",
        f"/admin/deliverables/group/{rg_dt.pk}/rotate-role/",
    ):
        refused.clear()
        problems += violations_after(page, url, refused)
    assert not problems, "\n".join(problems)
    # The hand-over page's script (a static file now) still names the select boxes.
    assert page.locator(".select2-selection__rendered").first.get_attribute("aria-label")


def test_the_api_docs_draw_the_operations_without_a_csp_violation(new_page, seeded):
    page = new_page()
    refused = watch(page)

    problems = violations_after(page, "/api/v1/docs/", refused)

    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert not problems, "\n".join(problems)
