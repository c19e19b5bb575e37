"""Downloads of the public lists and the matrix, as filtered on the page: CSV with a BOM, XLSX
with a frozen header and links; the same queries whatever the number of rows."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from deliverables.models import GroupKind
from tests.deliverables.factories import DeliverableFactory, DistributionFactory, GroupFactory

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_deliverables_list_downloads_the_filtered_rows_as_csv(client):
    owner = GroupFactory(code="FG-X", kind=GroupKind.FOCUS_GROUP)
    DeliverableFactory(code="FGX-01", owner=owner, title="=cmd|' /C calc'!A0")
    DeliverableFactory(code="OTHER-01")
    response = client.get(
        reverse("deliverables:deliverable-list-download", args=["csv"]), {"group": "FG-X"}
    )
    assert response.status_code == 200
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeffcode,type,title,owner")
    assert "FGX-01" in text
    assert "OTHER-01" not in text
    assert "'=cmd" in text


def test_the_groups_list_downloads_xlsx_with_links_and_a_frozen_header(client):
    GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY)
    response = client.get(reverse("deliverables:group-list-download", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "WP2"
    assert sheet["A2"].hyperlink.target.endswith("/groups/WP2/")


def test_the_matrix_downloads_as_xlsx_and_its_csv_opens_as_utf8(client):
    DistributionFactory(deliverable=DeliverableFactory(code="FGX-02", title="Réseaux"))
    csv_text = body(client.get(reverse("deliverables:matrix-csv"))).decode("utf-8")
    assert csv_text.startswith("\ufeffcode,title")
    sheet = load_workbook(io.BytesIO(body(client.get(reverse("deliverables:matrix-xlsx"))))).active
    assert sheet["A2"].value == "FGX-02"
    assert sheet["B2"].value == "Réseaux"
    assert sheet["A2"].hyperlink.target.endswith("/deliverables/FGX-02/")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_download_costs_the_same_queries_for_3_or_30_deliverables(client, file_format):
    url = reverse("deliverables:deliverable-list-download", args=[file_format])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            body(client.get(url))
        return len(captured)

    for _ in range(3):
        DistributionFactory()
    few = queries()
    for _ in range(27):
        DistributionFactory()
    assert queries() == few


@pytest.mark.parametrize(
    ("url_name", "first_header"),
    [
        ("meetings:meeting-list-download", "code"),
        ("meetings:document-list-download", "number"),
        ("meetings:action-list-download", "meeting"),
        ("liaisons:liaison-list-download", "code"),
    ],
)
def test_every_public_list_downloads_in_both_formats(
    seed_data_for_this_test, client, url_name, first_header
):
    csv_text = body(client.get(reverse(url_name, args=["csv"]))).decode("utf-8")
    assert csv_text.startswith(f"\ufeff{first_header},")
    assert len(csv_text.splitlines()) > 2
    sheet = load_workbook(io.BytesIO(body(client.get(reverse(url_name, args=["xlsx"]))))).active
    assert sheet["A1"].value == first_header
    assert sheet.max_row > 2


def test_an_unknown_format_is_not_found(client):
    assert client.get(reverse("meetings:document-list-download", args=["pdf"])).status_code == 404
