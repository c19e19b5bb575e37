"""A secretariat member creates an API token on their account page, sees it once, uses it as a
Bearer token, and revokes it; the ReDoc reference draws the API without a CSP violation."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, describe_violations, screenshot
from tests.browser.test_csp import violations_after, watch
from tests.browser.test_secretariat import sign_in_to_admin

pytestmark = pytest.mark.browser


def api_get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            json.load(response)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.usefixtures("restore_demo_data")
def test_secretary_creates_uses_and_revokes_a_named_token(
    page: Page, live_server, secretariat_login
):
    sign_in_to_admin(page, *secretariat_login)  # the secretariat's own sign-in
    page.goto("/account/api-tokens/")
    expect(page.get_by_role("heading", name="Your API tokens", level=1)).to_be_visible()
    expect(page.get_by_text("You have no API token.")).to_be_visible()

    page.get_by_label("Name").fill("nightly export")
    page.get_by_label("Expires after").select_option(label="30 days")
    page.get_by_role("button", name="Create the token").click()

    shown = page.get_by_role("status").filter(has_text="Your new token “nightly export”")
    expect(shown).to_contain_text("Copy it now: it is shown only this once.")
    token = page.get_by_label("Token", exact=True).input_value()
    assert len(token) == 64
    assert not describe_violations("token page", axe_violations(page))
    screenshot(page, "api-tokens-new")
    assert api_get(f"{live_server.url}/api/v1/groups/", token) == 200

    page.goto("/account/api-tokens/")  # shown once: not on the next visit
    expect(page.get_by_text(token)).to_have_count(0)
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="nightly export"))
    expect(row).to_contain_text(token[:8])
    row.get_by_role("button", name="Revoke nightly export").click()
    expect(page.get_by_role("status")).to_contain_text("Revoked “nightly export”")
    expect(page.get_by_text("You have no API token.")).to_be_visible()
    assert api_get(f"{live_server.url}/api/v1/groups/", token) == 401


def test_redoc_draws_the_api_without_a_csp_violation(new_page, seeded):
    page = new_page()
    refused = watch(page)

    problems = violations_after(page, "/api/v1/redoc/", refused)

    # ReDoc lays out the whole schema in the page before it shows anything: seconds, not one.
    expect(page.get_by_text("List liaison statements").first).to_be_attached(timeout=60_000)
    assert not problems, "\n".join(problems)
