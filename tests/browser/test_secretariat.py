"""The secretariat edits in the admin; delegates see the change on the public pages."""

import re

import pytest
from playwright.sync_api import Page, expect

from deliverables.models import Deliverable

pytestmark = pytest.mark.browser


def sign_in_to_admin(page: Page, username: str, password: str) -> None:
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="What needs attention")).to_be_visible()


@pytest.mark.usefixtures("restore_demo_data")
def test_secretariat_changes_a_distribution_and_delegates_see_it(
    page: Page, new_page, secretariat_login
):
    sign_in_to_admin(page, *secretariat_login)
    page.get_by_role("link", name="Deliverables", exact=True).first.click()
    page.get_by_role("link", name=re.compile("^FGMV-12")).first.click()
    expect(page.locator("h1")).to_contain_text("Change deliverable")

    line = page.locator("#distribution-group tr.has_original").filter(has_text="SG17")
    line.get_by_label("Purpose").select_option(label="For information")
    line.get_by_label("Decision").fill("TSAG January 2024")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # A delegate (not signed in) sees it on the public matrix …
    delegate = new_page()
    delegate.goto("/matrix/?study_group=SG17&purpose=for_information")
    rows = delegate.locator("table.matrix tbody th[scope=row] a").all_inner_texts()
    assert "FGMV-12" in rows
    delegate.goto("/matrix/?study_group=SG17&purpose=allocated")
    rows = delegate.locator("table.matrix tbody th[scope=row] a").all_inner_texts()
    assert "FGMV-12" not in rows

    # … and in the deliverable's history.
    delegate.goto(Deliverable.objects.get(code="FGMV-12").get_absolute_url())
    change = delegate.locator("#history li").filter(has_text="Distribution to SG17 changed")
    expect(change.first).to_contain_text("by the secretariat")
    expect(change.first).to_contain_text("Purpose: was Allocated")
    expect(change.first).to_contain_text("now For information")
    expect(change.first).to_contain_text("Decision: was WP2-8")

    # The secretariat's own view of the history names who made the change.
    page.goto(Deliverable.objects.get(code="FGMV-12").get_absolute_url())
    expect(page.locator("#history li").first).to_contain_text("by secretary")
