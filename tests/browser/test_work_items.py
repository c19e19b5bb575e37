"""A delegate follows an allocation to what the study group made of it, in a real browser: from
SG17's column of the matrix to the work item made from FGMV-12, and its timeline.

The demo documents name no work item made from an allocation (TD315's Q.TSCA comes from a
contribution), so the test makes its own: a work item of SG17 under Question 1/17, made from the
allocation of FGMV-12, agreed, consented and in last call, recorded through the service."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from deliverables.models import Deliverable, Group, GroupKind
from tests.browser.conftest import axe_violations, describe_violations, screenshot
from workitems.models import ApprovalTrack, Stage, WorkItem, WorkItemKind
from workitems.services import record_stage_event

pytestmark = pytest.mark.browser

IDENTIFIER = "F.MVAGE"


@pytest.fixture
def made_from_fgmv12(restore_demo_data):
    sg17 = Group.objects.get(code="SG17")
    question = Group.objects.create(
        code="Q99-17",
        name="Age assurance in immersive environments",
        kind=GroupKind.QUESTION,
        parent=sg17,
        mandate="Study age assurance in metaverse services.",
    )
    item = WorkItem.objects.create(
        identifier=IDENTIFIER,
        title="Age verification for children in metaverse services",
        kind=WorkItemKind.NEW_RECOMMENDATION,
        study_group=sg17,
        origin_deliverable=Deliverable.objects.get(code="FGMV-12"),
        approval_track=ApprovalTrack.AAP,
        timing=dt.date(2026, 9, 1),
        timing_precision="month",
    )
    item.questions.set([question])
    today = timezone.localdate()
    record_stage_event(item, Stage.AGREED, dt.date(2025, 3, 14), decision="SG17 meeting report")
    record_stage_event(item, Stage.CONSENTED, today - dt.timedelta(days=10))
    record_stage_event(item, Stage.LAST_CALL, today - dt.timedelta(days=3), note="Announced.")
    return item


def test_delegate_goes_from_the_matrix_to_the_work_item_and_its_timeline(
    page: Page, made_from_fgmv12
):
    page.goto("/matrix/")
    page.get_by_label("Study group").fill("SG17")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("thead th.is-chosen")).to_have_text("SG17")
    row = page.locator("table.matrix tbody tr", has=page.get_by_role("link", name="FGMV-12"))
    headers = page.locator("table.matrix thead th").all_inner_texts()
    column = [h.strip() for h in headers].index("SG17")
    cell = row.locator("th, td").nth(column)
    expect(cell).to_contain_text("Consented")
    cell.get_by_role("link").click()

    expect(page).to_have_url(re.compile(r"/groups/SG17/work-programme/\?from=FGMV-12"))
    expect(page.locator("main")).to_contain_text("made from the allocation of FGMV-12")
    page.get_by_role("link", name=IDENTIFIER).click()

    expect(page).to_have_url(re.compile(f"/work-items/{re.escape(IDENTIFIER)}/"))
    expect(page.locator("h1")).to_contain_text("Age verification for children")
    stages = page.locator("ol.timeline li strong").all_inner_texts()
    assert stages == ["Agreed as a work item", "Consented (AAP)", "Last call"]
    expect(page.locator(".page-head")).to_contain_text("In last call until")
    expect(page.locator("#timeline")).to_contain_text("Announced.")
    expect(page.locator(".facts")).to_contain_text("FGMV-12")
    expect(page.locator(".facts")).to_contain_text("Q99/17")


def test_work_item_pages_pass_axe(page: Page, made_from_fgmv12):
    """The work programme, the work item and the Question pages: WCAG 2.1 A/AA (axe-core)."""
    problems = []
    for name, url in [
        ("work-programme-sg17", "/groups/SG17/work-programme/"),
        ("work-programme-from-fgmv12", "/groups/SG17/work-programme/?from=FGMV-12"),
        ("work-item", f"/work-items/{IDENTIFIER}/"),
        ("question", "/questions/Q99-17/"),
        ("work-item-seed", "/work-items/Q.TSCA/"),
    ]:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        screenshot(page, f"workitems-{name}")
        problems += describe_violations(name, axe_violations(page))
    assert not problems, "\n".join(problems)
