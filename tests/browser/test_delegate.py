"""What a delegate does in a real browser, on the real data."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from meetings.models import Meeting
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SG17_ALLOCATED = ["FGMV-06", "FGMV-10", "FGMV-11", "FGMV-12", "FGMV-13"]
ALL_FOR_INFORMATION = ["FGMV-01", "FGMV-02", "FGMV-21"]


def matrix_cell(page: Page, deliverable: str, group: str) -> str:
    """The text a screen reader gets for one cell (row = deliverable, column = group)."""
    return page.evaluate(
        """([deliverable, group]) => {
            const table = document.querySelector("table.matrix");
            const headers = [...table.tHead.rows[0].cells].map(c => c.textContent.trim());
            const column = headers.indexOf(group);
            const row = [...table.tBodies[0].rows].find(
                r => r.cells[0].querySelector("a").textContent.trim() === deliverable);
            return row.cells[column].querySelector(".visually-hidden").textContent.trim();
        }""",
        [deliverable, group],
    )


def test_delegate_filters_the_matrix_to_sg17(page: Page):
    page.goto("/matrix/")
    expect(page).to_have_title(re.compile("^Allocation matrix"))
    page.get_by_label("Study group").fill("SG17")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"study_group=SG17"))

    rows = page.locator("table.matrix tbody th[scope=row] a").all_inner_texts()
    assert sorted(rows) == sorted(SG17_ALLOCATED + ALL_FOR_INFORMATION)
    for code in SG17_ALLOCATED:
        assert matrix_cell(page, code, "SG17") == "Allocated", code
    for code in ALL_FOR_INFORMATION:
        assert matrix_cell(page, code, "SG17") == "For information (sent to all study groups)"
        assert matrix_cell(page, code, "All SGs") == "For information (sent to all study groups)"
    expect(page.locator("thead th.is-chosen")).to_have_text("SG17")


def test_delegate_downloads_the_filtered_matrix_as_csv(page: Page):
    page.goto("/matrix/?study_group=SG17&purpose=allocated")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download as CSV")).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    codes = [line.split(",")[0] for line in text.splitlines()[1:]]
    assert codes == SG17_ALLOCATED


def test_search_finds_fgmv12_from_words(page: Page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label(re.compile("^Search groups")).fill("age verification")
    page.get_by_label(re.compile("^Search groups")).press("Enter")
    first = page.locator("#results-deliverables + ol.results li a").first
    expect(first).to_contain_text("FGMV-12")
    first.click()
    expect(page.locator("h1")).to_contain_text("Children's age verification in the metaverse")


def focus_by_tab(page: Page, matches, limit: int = 120) -> None:
    """Press Tab until the focused element satisfies `matches` (a JS predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => ({matches}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {matches}")


def test_keyboard_only_delegate_reaches_the_matrix_filter_and_a_deliverable(page: Page):
    page.goto("/")
    # The first Tab reaches the skip link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    focus_by_tab(page, "el.tagName === 'A' && el.textContent.trim() === 'Matrix'")
    # Focus is visible: the GOV.UK yellow.
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == (
        "rgb(255, 191, 71)"
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/matrix/$"))

    focus_by_tab(page, "el.id === 'id_study_group'")
    page.keyboard.type("SG17")
    assert page.evaluate("document.activeElement.value") == "SG17"
    focus_by_tab(page, "el.tagName === 'BUTTON' && el.textContent.includes('Apply filters')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"study_group=SG17"))

    focus_by_tab(page, "el.tagName === 'A' && el.textContent.trim() === 'FGMV-12'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/deliverables/FGMV-12/$"))
    expect(page.locator("h1")).to_contain_text("FGMV-12")


def test_meeting_page_shows_the_readers_local_time_beside_the_meetings(page: Page):
    meeting = (
        Meeting.objects.filter(all_day=False, time_zone="Europe/Zurich", code__startswith="rg-iem")
        .order_by("starts_at")
        .first()
    )
    page.goto(meeting.get_absolute_url())
    expect(page.locator("dl.facts .time-range")).to_contain_text(
        "13:00–14:30 Central European Standard Time (UTC+1)"
    )
    # The reader is in New York: 13:00 in Geneva is 07:00 there.
    local = page.locator("dl.facts .js-local-range").first
    expect(local).to_be_visible()
    expect(local).to_contain_text("Your time:")
    expect(local).to_contain_text("07:00")
    expect(local).to_contain_text("08:30")


def test_the_matrix_is_usable_on_a_phone(new_page, seeded):
    page = new_page(PHONE)
    page.goto("/matrix/")
    region = page.locator(".matrix-scroll")
    # Nothing is cut off: the page itself does not scroll sideways; the table does, inside its
    # own region, which the keyboard can reach.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert region.get_attribute("tabindex") == "0"
    last_column = page.locator("table.matrix thead th").last
    assert last_column.evaluate("el => el.getBoundingClientRect().left") > PHONE["width"]
    region.evaluate("el => el.scrollLeft = el.scrollWidth")
    box = last_column.evaluate("el => el.getBoundingClientRect().toJSON()")
    assert box["left"] >= 0
    assert box["right"] <= PHONE["width"]
    # The deliverable column stays in view (sticky) while the groups scroll under it.
    first = page.locator("table.matrix tbody th[scope=row]").first
    assert first.evaluate("el => el.getBoundingClientRect().left") >= 0


def test_on_a_phone_the_chosen_study_groups_column_is_scrolled_into_view(new_page, seeded):
    page = new_page(PHONE)
    page.goto("/matrix/?study_group=SG17")
    chosen = page.locator("table.matrix thead th.is-chosen")
    expect(chosen).to_have_text("SG17")
    box = chosen.evaluate("el => el.getBoundingClientRect().toJSON()")
    assert box["left"] >= 0
    assert box["right"] <= PHONE["width"]
    # ...and not hidden under the pinned deliverable column.
    pinned = page.locator("table.matrix thead th").first
    assert box["left"] >= pinned.evaluate("el => el.getBoundingClientRect().right") - 1


def test_on_a_desktop_the_whole_matrix_fits_without_scrolling_sideways(new_page, seeded):
    page = new_page(DESKTOP)
    page.goto("/matrix/")
    region = page.locator(".matrix-scroll")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
