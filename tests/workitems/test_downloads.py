"""Downloads of a study group's work programme (as filtered on the page) and of a Question's
work items: the import's columns, CSV with a BOM, XLSX with links, a link on each page, and the
same queries whatever the number of items."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.deliverables.factories import StudyGroupFactory
from tests.workitems.factories import QuestionFactory, WorkItemEventFactory, WorkItemFactory
from workitems.models import Stage

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def csv_identifiers(response) -> list[str]:
    lines = body(response).decode("utf-8").splitlines()
    assert lines[0].startswith("\ufeffidentifier,title,kind,study_group,questions")
    return [line.split(",")[0] for line in lines[1:]]


@pytest.fixture
def sg17():
    sg17 = StudyGroupFactory(code="SG17")
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    later = dt.date(2040, 1, 1)
    WorkItemFactory(identifier="X.1234", study_group=sg17, questions=[q1], timing=later)
    late = WorkItemFactory(identifier="X.1000", study_group=sg17, timing=dt.date(2020, 1, 1))
    WorkItemEventFactory(work_item=late, stage=Stage.AGREED, date=dt.date(2019, 3, 1))
    WorkItemFactory(identifier="X.2000", study_group=sg17, timing=later)
    WorkItemFactory(identifier="Q.9999", study_group=StudyGroupFactory(code="SG11"))
    return sg17


def test_the_work_programme_downloads_every_item_of_the_group(client, sg17):
    url = reverse("workitems:work-programme-download", args=["SG17", "csv"])
    response = client.get(url)
    assert response["Content-Disposition"].startswith('attachment; filename="sg17-work-programme-')
    assert csv_identifiers(response) == ["X.1000", "X.1234", "X.2000"]


def test_the_work_programme_downloads_what_its_filter_shows(client, sg17):
    page = client.get(reverse("workitems:work-programme", args=["SG17"]), {"late": "1"})
    html = page.content.decode()
    link = reverse("workitems:work-programme-download", args=["SG17", "csv"]) + "?late=1"
    assert f'href="{link}"' in html
    assert csv_identifiers(client.get(link)) == ["X.1000"]
    none = reverse("workitems:work-programme-download", args=["SG17", "csv"]) + "?question=none"
    assert csv_identifiers(client.get(none)) == ["X.1000", "X.2000"]


def test_a_question_page_downloads_its_items_as_xlsx_with_links(client, sg17):
    page = client.get(reverse("workitems:question-detail", args=["Q1-17"])).content.decode()
    url = reverse("workitems:question-download", args=["Q1-17", "xlsx"])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response["Content-Disposition"].startswith('attachment; filename="q1-17-work-items-')
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.freeze_panes == "A2"
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["X.1234"]
    assert sheet["A2"].hyperlink.target.endswith("/work-items/X.1234/")


def test_only_a_study_group_has_a_work_programme_to_download(client, sg17):
    question = reverse("workitems:work-programme-download", args=["Q1-17", "csv"])
    assert client.get(question).status_code == 404
    unknown = reverse("workitems:work-programme-download", args=["SG17", "csv"])
    assert client.get(unknown, {"from": "NOPE-01"}).status_code == 404
    assert (
        client.get(reverse("workitems:question-download", args=["SG17", "csv"])).status_code == 404
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_download_costs_the_same_queries_for_3_or_30_items(client, file_format):
    sg17 = StudyGroupFactory(code="SG17")
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    urls = [
        reverse("workitems:work-programme-download", args=["SG17", file_format]),
        reverse("workitems:question-download", args=["Q1-17", file_format]),
    ]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                body(client.get(url))
            counts.append(len(captured))
        return counts

    def add(n: int) -> None:
        for _ in range(n):
            item = WorkItemFactory(study_group=sg17, questions=[q1])
            WorkItemEventFactory(work_item=item, stage=Stage.AGREED)

    add(3)
    few = queries()
    add(27)
    assert queries() == few
