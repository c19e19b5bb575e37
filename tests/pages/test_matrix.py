"""The allocation matrix: deliverables down, groups across, filters, CSV."""

import csv
import io

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


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
    assertContains(response, "Select a valid choice")


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
    rows = list(csv.reader(io.StringIO(response.content.decode())))
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
