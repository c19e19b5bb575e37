"""The allocation matrix: deliverables down, groups across, filters, CSV."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from deliverables.models import GroupKind, Purpose
from deliverables.querysets import StudyPeriod
from deliverables.views import MATRIX_PAGE_SIZE
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    StudyGroupFactory,
)

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    assert response.streaming, "the CSV is streamed"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def cells(response, code: str) -> dict[str, str]:
    """{group code: purpose} of one deliverable's row as the page shows it."""
    row = next(r for r in response.context["rows"] if r.deliverable.code == code)
    return {group.code: cell.purpose for group, cell in row.cells}


def row_codes(response) -> list[str]:
    return [row.deliverable.code for row in response.context["rows"]]


def test_matrix_shows_every_deliverable_against_every_study_group(client, programme):
    response = client.get("/matrix/")
    assert row_codes(response) == ["FGMV-01", "FGMV-04", "FGMV-12"]
    assert [g.code for g in response.context["columns"]] == ["SG12", "SG16", "SG17"]


def test_study_groups_sort_by_number_not_by_text(client, programme):
    from tests.deliverables.factories import StudyGroupFactory

    StudyGroupFactory(code="SG2")
    StudyGroupFactory(code="SG20")
    response = client.get("/matrix/")
    assert [g.code for g in response.context["columns"]] == ["SG2", "SG12", "SG16", "SG17", "SG20"]


def test_a_cell_says_allocated_or_for_information(client, programme):
    response = client.get("/matrix/")
    assert cells(response, "FGMV-12") == {
        "SG12": "",
        "SG16": "for_information",
        "SG17": "allocated",
    }
    assert cells(response, "FGMV-04") == {"SG12": "", "SG16": "allocated", "SG17": ""}


def test_all_for_information_reaches_every_study_group_including_sg12(client, programme):
    response = client.get("/matrix/")
    assert cells(response, "FGMV-01") == {
        "SG12": "for_information",
        "SG16": "for_information",
        "SG17": "for_information",
    }
    row = next(r for r in response.context["rows"] if r.deliverable.code == "FGMV-01")
    assert row.to_all.purpose == "for_information"


def test_cells_carry_text_for_screen_readers_not_only_colour(client, programme):
    response = client.get("/matrix/")
    assertContains(response, '<span class="visually-hidden">Allocated</span>', html=False)
    assertContains(
        response,
        '<span class="visually-hidden">For information (sent to all study groups)</span>',
    )
    assertContains(response, '<span class="visually-hidden">Not sent</span>')


def test_table_has_a_caption_and_header_scopes_and_scrolls_in_a_focusable_region(client, programme):
    response = client.get("/matrix/")
    assertContains(response, '<caption id="matrix-caption">')
    assertContains(response, 'role="region" aria-labelledby="matrix-caption" tabindex="0"')
    assertContains(response, '<th scope="row" class="matrix__deliverable">', count=3)


def test_filter_to_sg17_lists_what_it_receives_allocated_and_for_information(client, programme):
    response = client.get("/matrix/?study_group=SG17")
    assert row_codes(response) == ["FGMV-01", "FGMV-12"]
    assert response.context["chosen"] == programme.sg17


def test_filter_to_sg17_allocated_only(client, programme):
    response = client.get("/matrix/?study_group=SG17&purpose=allocated")
    assert row_codes(response) == ["FGMV-12"]


def test_filter_to_sg12_for_information_finds_what_went_to_all_study_groups(client, programme):
    response = client.get("/matrix/?study_group=SG12&purpose=for_information")
    assert row_codes(response) == ["FGMV-01"]


def test_filter_by_type(client, programme):
    response = client.get("/matrix/?type=technical_specification")
    assert row_codes(response) == ["FGMV-04"]


def test_filter_by_owning_group(client, programme):
    from tests.deliverables.factories import DeliverableFactory

    DeliverableFactory(code="OTHER-1")
    response = client.get("/matrix/?group=FG-MV")
    assert "OTHER-1" not in row_codes(response)
    assert len(row_codes(response)) == 3


def test_filter_by_approval_month_includes_the_whole_month(client, programme):
    # FGMV-01 approved "July 2023" (month precision); the others October 2023.
    response = client.get("/matrix/?approved_after=2023-07&approved_before=2023-07")
    assert row_codes(response) == ["FGMV-01"]
    response = client.get("/matrix/?approved_after=2023-08")
    assert row_codes(response) == ["FGMV-04", "FGMV-12"]


def test_a_malformed_month_is_reported_on_the_form_not_a_server_error(client, programme):
    response = client.get("/matrix/?approved_after=last-summer")
    assert response.status_code == 200
    assertContains(response, "Use YYYY-MM-DD, YYYY-MM or YYYY.")


def test_an_unknown_study_group_is_reported_on_the_form(client, programme):
    response = client.get("/matrix/?study_group=SG99")
    assert response.status_code == 200
    assertContains(response, "There is no group with the code “SG99”.")


def test_each_row_links_to_its_deliverable(client, programme):
    response = client.get("/matrix/")
    assertContains(response, '<a href="/deliverables/FGMV-12/">FGMV-12</a>', html=True)


def test_the_page_says_which_filters_are_applied(client, programme):
    response = client.get("/matrix/?study_group=SG17&purpose=allocated")
    assertContains(response, "study group <strong>SG17</strong>")
    assertContains(response, "received as <strong>Allocated</strong>")


def test_csv_download_has_the_same_rows_and_columns_as_the_filtered_page(client, programme):
    response = client.get("/matrix.csv?study_group=SG17")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = csv_rows(response)
    header = rows[0]
    assert header[:7] == [
        "code",
        "title",
        "type",
        "owner",
        "approved",
        "status",
        "all study groups",
    ]
    assert header[7:] == ["SG12", "SG16", "SG17"]
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert list(by_code) == ["FGMV-01", "FGMV-12"]
    assert by_code["FGMV-12"]["SG17"] == "allocated"
    assert by_code["FGMV-12"]["SG16"] == "for information"
    assert by_code["FGMV-01"]["SG17"] == "for information (all study groups)"
    assert by_code["FGMV-01"]["approved"] == "July 2023"


def test_csv_link_keeps_the_filters_of_the_page(client, programme):
    response = client.get("/matrix/?study_group=SG17&purpose=allocated")
    assertContains(response, 'href="/matrix.csv?study_group=SG17&amp;purpose=allocated"')


def test_a_filter_with_no_match_says_so(client, programme):
    response = client.get("/matrix/?study_group=SG12&purpose=allocated")
    assertContains(response, "No deliverable matches these filters.")
    assertNotContains(response, "<table")


def test_deliverable_list_shows_the_same_filters(client, programme):
    response = client.get("/deliverables/?study_group=SG16&purpose=allocated")
    assert [d.code for d in response.context["deliverables"]] == ["FGMV-04"]


# --- Study periods: the columns ------------------------------------------------------------------


def period_group(code: str, year: int):
    """A study group of the period holding `year` (dated as the generated ones are)."""
    return StudyGroupFactory(code=code, established=dt.date(year, 1, 1))


@pytest.fixture
def periods(programme):
    """Beside the demo's undated SG12/SG16/SG17 (current period): SG17-<current> and
    SG17-<previous> with a deliverable allocated to each, and SG5-<previous> reached only by
    "all study groups"."""
    current = StudyPeriod.current()
    previous = StudyPeriod(current.start - 4)
    now = period_group(f"SG17-{current.start}", current.start)
    before = period_group(f"SG17-{previous.start}", previous.start)
    period_group(f"SG5-{previous.start}", previous.start)
    old_owner = GroupFactory(code="RG-OLD", kind=GroupKind.RAPPORTEUR_GROUP)
    for code, group, owner in (("NEW-1", now, programme.fgmv), ("OLD-1", before, old_owner)):
        deliverable = DeliverableFactory(code=code, owner=owner)
        DistributionFactory(deliverable=deliverable, group=group, purpose=Purpose.ALLOCATED)
    return current, previous


def column_codes(response) -> list[str]:
    return [g.code for g in response.context["columns"]]


def test_columns_are_the_receiving_study_groups_of_the_current_period(client, periods):
    current, _previous = periods
    response = client.get("/matrix/")
    assert response.context["period"] == current
    assert column_codes(response) == ["SG12", "SG16", "SG17", f"SG17-{current.start}"]
    assertContains(response, f"study period <strong>{current.label}</strong>")


def test_another_period_on_request_by_any_of_its_years(client, periods):
    _current, previous = periods
    for year in (previous.start, previous.end):
        response = client.get(f"/matrix/?period={year}")
        assert response.context["period"] == previous
        # SG5 of that period receives only what goes to all study groups: still a column.
        assert column_codes(response) == [f"SG5-{previous.start}", f"SG17-{previous.start}"]
    # The rows do not depend on the period: every deliverable, in natural code order.
    assert row_codes(response) == ["FGMV-01", "FGMV-04", "FGMV-12", "NEW-1", "OLD-1"]


def test_the_period_choice_offers_the_periods_with_receiving_groups(client, periods):
    current, previous = periods
    response = client.get("/matrix/")
    choices = response.context["form"].fields["period"].widget.choices
    assert choices == [
        ("", f"Current ({current.label})"),
        (str(current.start), current.label),
        (str(previous.start), previous.label),
    ]


def test_a_chosen_study_group_shows_its_own_period(client, periods):
    _current, previous = periods
    response = client.get(f"/matrix/?study_group=SG17-{previous.start}")
    assert response.context["period"] == previous
    assert row_codes(response) == ["FGMV-01", "OLD-1"]
    assert f"SG17-{previous.start}" in column_codes(response)


def test_without_current_receivers_the_latest_earlier_period_is_shown(client, periods):
    _current, previous = periods
    # No group of the current period receives what RG-OLD owns (OLD-1, to SG17-<previous>).
    response = client.get("/matrix/?group=RG-OLD")
    assert row_codes(response) == ["OLD-1"]
    assert response.context["period"] == previous
    assert column_codes(response) == [f"SG17-{previous.start}"]


def test_a_bad_period_is_reported_on_the_form(client, periods):
    response = client.get("/matrix/?period=soon")
    assert response.status_code == 200
    assertContains(response, "Enter a whole number.")
    assert response.context["period"] == StudyPeriod.current()


def test_the_csv_follows_the_period_and_names_it(client, periods):
    _current, previous = periods
    response = client.get(f"/matrix.csv?period={previous.start}")
    assert f"allocation-matrix-{previous.start}-{previous.end}-" in response["Content-Disposition"]
    header = csv_rows(response)[0]
    assert header[7:] == [f"SG5-{previous.start}", f"SG17-{previous.start}"]


# --- Pagination ---------------------------------------------------------------------------------


def add_rows(n: int, start: int = 0) -> None:
    group = StudyGroupFactory(code="SG17")
    for i in range(start, start + n):
        deliverable = DeliverableFactory(code=f"X{i + 1}")
        DistributionFactory(deliverable=deliverable, group=group, purpose=Purpose.ALLOCATED)
        DistributionFactory(
            deliverable=deliverable,
            group=None,
            to_all_study_groups=True,
            purpose=Purpose.FOR_INFORMATION,
        )


def test_rows_come_a_page_at_a_time_in_natural_code_order(client):
    add_rows(MATRIX_PAGE_SIZE + 5)
    first = client.get("/matrix/")
    assert row_codes(first) == [f"X{i}" for i in range(1, MATRIX_PAGE_SIZE + 1)]
    assertContains(first, f"of {MATRIX_PAGE_SIZE + 5}")
    assertContains(first, 'rel="next"')
    second = client.get("/matrix/?page=2")
    assert row_codes(second) == [f"X{i}" for i in range(MATRIX_PAGE_SIZE + 1, MATRIX_PAGE_SIZE + 6)]
    assertContains(
        second, f"Showing <strong>{MATRIX_PAGE_SIZE + 1}–{MATRIX_PAGE_SIZE + 5}</strong>"
    )


@pytest.mark.parametrize(
    ("page", "message"),
    [("9", "There is no page 9: these filters give 1 page."), ("two", "is not a page number")],
)
def test_a_bad_page_number_is_answered_clearly_not_with_a_server_error(
    client, programme, page, message
):
    response = client.get(f"/matrix/?page={page}")
    assert response.status_code == 404
    assertContains(response, message, status_code=404)
    assertContains(response, 'href="?page=1"', status_code=404)


def test_queries_do_not_grow_with_the_table(client):
    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    urls = ["/matrix/", "/matrix/?study_group=SG17&purpose=allocated", "/matrix.csv"]
    add_rows(MATRIX_PAGE_SIZE // 2)
    few = [count(url) for url in urls]
    add_rows(MATRIX_PAGE_SIZE, start=MATRIX_PAGE_SIZE // 2)  # 3N: two pages now
    assert [count(url) for url in urls] == few


def test_the_csv_streams_every_row_in_natural_code_order(client):
    add_rows(MATRIX_PAGE_SIZE + 5)
    response = client.get("/matrix.csv")
    rows = csv_rows(response)
    assert [row[0] for row in rows[1:]] == [f"X{i}" for i in range(1, MATRIX_PAGE_SIZE + 6)]
    assert rows[0][7:] == ["SG17"]
    assert {row[6] for row in rows[1:]} == {"for information (all study groups)"}
    assert {row[7] for row in rows[1:]} == {"allocated"}


def test_the_csv_reads_in_chunks_and_keeps_every_row(client, monkeypatch):
    from deliverables import views

    add_rows(7)
    monkeypatch.setattr(views, "MATRIX_CSV_CHUNK", 3)
    rows = csv_rows(client.get("/matrix.csv"))
    assert [row[0] for row in rows[1:]] == [f"X{i}" for i in range(1, 8)]


def test_today_decides_the_current_period(client, programme):
    today = timezone.localdate()
    assert StudyPeriod.current(today).start <= today.year <= StudyPeriod.current(today).end
    assert StudyPeriod.holding(2024) == StudyPeriod(2021)
    assert StudyPeriod.holding(2025).label == "2025–2028"
