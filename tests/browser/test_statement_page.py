"""A delegate of SG17 opens TD480-R1 (Liaison Statement on metaverse, to all study groups) and
reads what SG17 must do and by when: its share of the allocation, what it gets for information,
that no reply deadline is given, and the TD that carries the statement."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    screenshot,
)

pytestmark = pytest.mark.browser

SG17_ALLOCATED = "Take forward FGMV-06, FGMV-10, FGMV-11, FGMV-12 and FGMV-13"


def test_sg17_reads_what_td480_r1_asks_of_it_and_by_when(page: Page):
    page.goto("/liaisons/td480-r1/")
    expect(page).to_have_title(re.compile("TD480-R1"))

    ask = page.get_by_role("region", name="What is asked of whom, by when")
    expect(ask).to_contain_text("No reply deadline is given.")
    table = ask.get_by_role("table", name="What each addressee is asked")
    sg17 = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="SG17"))
    expect(sg17.get_by_role("cell").nth(0)).to_have_text("For action")
    expect(sg17.get_by_role("cell").nth(1)).to_contain_text(SG17_ALLOCATED)
    expect(sg17.get_by_role("cell").nth(2)).to_have_text("—")  # no deadline to meet
    everyone = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="All study groups")
    )
    expect(everyone.get_by_role("cell").nth(0)).to_have_text("For information")
    expect(everyone.get_by_role("cell").nth(1)).to_contain_text("sent for information")
    expect(ask).to_contain_text("Carried by TD480-R1")
    expect(page.get_by_text("Purpose: not stated")).to_have_count(0)

    assert not describe_violations("statement page", axe_violations(page))


@pytest.mark.parametrize(("name", "viewport"), [("laptop", DESKTOP), ("phone", PHONE)])
def test_statement_page_at_laptop_and_phone_width(new_page, seeded, name, viewport):
    page = new_page(viewport)
    page.goto("/liaisons/td480-r1/")
    table = page.get_by_role("table", name="What each addressee is asked")
    expect(table).to_be_visible()
    # The page itself never scrolls sideways; a wide table scrolls in its own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    code = page.locator(".page-head h1 .code")
    assert code.evaluate("e => e.getClientRects().length") == 1  # "TD480-R1" on one line
    screenshot(page, f"statement-td480-r1-{name}")


@pytest.mark.parametrize(
    ("path", "table", "key_columns"),
    [
        ("/liaisons/", "Liaison statements", ["Reply by", "Status"]),
        ("/actions/", "Action items", ["Due", "Status"]),
    ],
)
def test_on_a_phone_lists_keep_reply_by_and_status_in_view(
    new_page, seeded, path, table, key_columns
):
    page = new_page(PHONE)
    page.goto(path)
    rows = page.get_by_role("table", name=table).get_by_role("row")
    first = rows.nth(1)  # after the header row
    for label in key_columns:
        cell = first.locator(f'td[data-label="{label}"]')
        box = cell.evaluate("el => el.getBoundingClientRect().toJSON()")
        assert box["left"] >= 0, label
        assert box["right"] <= PHONE["width"], label
    # Codes are whole: each row's code sits on one line ("TD475-R1", never "TD475-/R1").
    codes = page.locator("tbody th[scope=row] > a:first-child")
    assert codes.evaluate_all("els => els.every(e => e.getClientRects().length === 1)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"phone{path.replace('/', '-')}list")
