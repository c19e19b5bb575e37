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


@pytest.mark.usefixtures("restore_demo_data")
def test_secretariat_hands_the_wp2_chair_over_from_the_roles_list(page: Page, secretariat_login):
    from deliverables.models import Role

    sign_in_to_admin(page, *secretariat_login)
    page.goto("/admin/deliverables/role/?q=Martin-Cocher&current=yes")
    row = page.locator("#result_list tbody tr").filter(has_text="WP2")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(value="hand_over")
    page.get_by_role("button", name="Go").click()

    expect(page.locator("h1")).to_have_text("Hand over a role in WP2")
    expect(page.locator("#id_role")).to_have_value("chair")
    expect(page.locator(".field-outgoing .select2-selection__rendered")).to_contain_text(
        "Martin-Cocher"
    )
    # Without a new holder nothing happens and the form says what is missing.
    page.get_by_role("button", name="Hand over").click()
    expect(page.locator(".field-incoming .errorlist")).to_contain_text("required")
    assert Role.objects.get(group__code="WP2", role="chair").ends_on is None

    page.locator(".field-incoming .select2-selection").click()
    page.locator(".select2-search__field").fill("Kouakou")
    page.locator(".select2-results__option").filter(has_text="Kouakou").click()
    page.get_by_label("Takes effect on").fill("2026-12-01")
    page.get_by_label("Decision").fill("TSAG-7")
    page.get_by_role("button", name="Hand over").click()

    expect(page.locator(".messagelist")).to_contain_text("WP2: Guy-Michel Kouakou now Chair")
    chairs = Role.objects.filter(group__code="WP2", role="chair").order_by("pk")
    assert [(r.person.name, str(r.ends_on)) for r in chairs] == [
        ("Gaëlle Martin-Cocher", "2026-12-01"),
        ("Guy-Michel Kouakou", "None"),
    ]
    assert chairs.last().decision == "TSAG-7"


def test_meeting_time_zone_picker_is_searchable_and_now_is_the_meetings_time(
    page: Page, secretariat_login
):
    import datetime as dt
    import zoneinfo

    sign_in_to_admin(page, *secretariat_login)
    page.goto("/admin/meetings/meeting/add/")
    # The reader's browser is in New York, the server in Geneva: no note about either on dates or
    # on hours entered in the meeting's own zone.
    expect(page.locator(".field-start_date input.vDateField")).to_be_visible()
    page.wait_for_load_state("load")
    page.wait_for_timeout(100)
    assert page.locator(".timezonewarning").count() == 0

    picker = page.locator(".field-time_zone .select2-selection")
    expect(picker).to_have_attribute("aria-label", "Time zone")
    picker.click()
    options = page.locator(".select2-results__option[role=option]")
    # The common zones come first, named for people.
    expect(options.first).to_contain_text("Europe/Zurich — Central European")
    page.locator(".select2-container--open .select2-search__field").fill("shang")
    options.filter(has_text="China Standard Time (UTC+8)").click()
    expect(page.locator("#id_time_zone")).to_have_value("Asia/Shanghai")

    page.locator(".field-start_time .datetimeshortcuts").get_by_role("link", name="Now").click()
    entered = page.locator("#id_start_time").input_value()
    shanghai = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai"))
    minutes = {(shanghai + dt.timedelta(minutes=delta)).strftime("%H:%M") for delta in (-1, 0, 1)}
    assert entered[:5] in minutes, (entered, minutes)
