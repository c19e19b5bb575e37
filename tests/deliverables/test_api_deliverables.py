import datetime as dt

import pytest
from django.urls import reverse

from core.dates import DatePrecision
from deliverables.models import Deliverable, Distribution, GroupKind, Purpose
from tests.api_contract import APIContract
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    StudyGroupFactory,
)

pytestmark = pytest.mark.django_db


class TestDeliverableAPI(APIContract):
    basename = "deliverable"
    model = Deliverable

    def make_rows(self, n):
        owner = GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
        rows = DeliverableFactory.create_batch(n, owner=owner)
        for row in rows:
            DistributionFactory(deliverable=row)
            Distribution.objects.create(
                deliverable=row, to_all_study_groups=True, purpose=Purpose.FOR_INFORMATION
            )
        return rows

    def create_payload(self):
        GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
        StudyGroupFactory(code="SG17")
        StudyGroupFactory(code="SG20")
        return {
            "code": "FGMV-99",
            "type": "technical_report",
            "title": "Security of metaverse wallets",
            "owner": "FG-MV",
            "approved": "2023-12",
            "status": "approved",
            "summary": "First paragraph.\n\n- a point\n- another point",
            "distribution": [
                {"group": "SG17", "purpose": "allocated", "decision": "WP2-8"},
                {"group": "SG20", "purpose": "for_information"},
            ],
        }

    def update_payload(self, obj):
        return {"title": "A better title", "approved": "2023-11"}

    def invalid_payloads(self):
        valid = self.create_payload()
        sg17 = {"group": "SG17", "purpose": "allocated"}
        return [
            ("invalid code", {**valid, "code": "fgmv 99"}, "code"),
            ("duplicate code", {**valid, "code": Deliverable.objects.first().code}, "code"),
            ("unknown owner", {**valid, "owner": "NOPE"}, "owner"),
            (
                "unknown group in distribution",
                {**valid, "distribution": [{"group": "SG99", "purpose": "allocated"}]},
                "distribution",
            ),
            (
                "duplicate distribution line",
                {**valid, "distribution": [sg17, sg17]},
                "distribution",
            ),
            (
                "line to one group and to all study groups",
                {**valid, "distribution": [{**sg17, "to_all_study_groups": True}]},
                "distribution",
            ),
            (
                "line to nobody",
                {**valid, "distribution": [{"purpose": "allocated"}]},
                "distribution",
            ),
            (
                "unknown purpose",
                {**valid, "distribution": [{**sg17, "purpose": "x"}]},
                "distribution",
            ),
            ("malformed approval date", {**valid, "approved": "Oct 2023"}, "approved"),
            ("approved without a date", {**valid, "approved": None}, "non_field_errors"),
        ]


def test_deliverable_shows_month_precision_and_its_distribution(api_client):
    deliverable = DeliverableFactory(code="FGMV-06", approved=dt.date(2023, 10, 1))
    DistributionFactory(deliverable=deliverable, group=StudyGroupFactory(code="SG17"))
    Distribution.objects.create(
        deliverable=deliverable, to_all_study_groups=True, purpose=Purpose.FOR_INFORMATION
    )
    body = api_client.get(reverse("deliverable-detail", args=["FGMV-06"])).json()
    assert body["approved"] == "2023-10"
    assert body["approved_display"] == "October 2023"
    assert body["owner"]["code"] == deliverable.owner.code
    lines = {line["recipient"]: line for line in body["distribution"]}
    assert lines["SG17"]["group"]["url"].endswith(reverse("group-detail", args=["SG17"]))
    assert lines["SG17"]["purpose"] == "allocated"
    assert lines["SG17"]["decision"] == "WP2-8"
    assert lines["All study groups"]["group"] is None
    assert lines["All study groups"]["to_all_study_groups"] is True
    assert lines["All study groups"]["purpose"] == "for_information"


def test_create_saves_the_deliverable_and_its_distribution_together(secretariat_client):
    payload = TestDeliverableAPI().create_payload()
    response = secretariat_client.post(reverse("deliverable-list"), payload)
    assert response.status_code == 201, response.content
    created = Deliverable.objects.get(code="FGMV-99")
    assert created.approved == dt.date(2023, 12, 1)
    assert created.approved_precision == DatePrecision.MONTH
    assert {(line.group.code, line.purpose) for line in created.distribution.all()} == {
        ("SG17", "allocated"),
        ("SG20", "for_information"),
    }


def test_failed_write_leaves_no_deliverable_and_no_distribution_line(secretariat_client):
    payload = TestDeliverableAPI().create_payload()
    payload["distribution"].append({"group": "SG17", "purpose": "for_information"})
    response = secretariat_client.post(reverse("deliverable-list"), payload)
    assert response.status_code == 400
    assert "SG17" in str(response.json()["distribution"])
    assert not Deliverable.objects.exists()
    assert not Distribution.objects.exists()


def test_update_replaces_the_distribution_and_keeps_unchanged_lines(secretariat_client):
    deliverable = DeliverableFactory(code="FGMV-10")
    kept = DistributionFactory(deliverable=deliverable, group=StudyGroupFactory(code="SG17"))
    DistributionFactory(deliverable=deliverable, group=StudyGroupFactory(code="SG16"))
    StudyGroupFactory(code="SG20")
    response = secretariat_client.patch(
        reverse("deliverable-detail", args=["FGMV-10"]),
        {
            "distribution": [
                {"group": "SG17", "purpose": "allocated", "decision": "WP2-8"},
                {"to_all_study_groups": True, "purpose": "for_information"},
            ]
        },
    )
    assert response.status_code == 200, response.content
    assert {line["recipient"] for line in response.json()["distribution"]} == {
        "SG17",
        "All study groups",
    }
    assert deliverable.distribution.get(group__code="SG17").pk == kept.pk
    assert kept.history.count() == 1  # untouched: no new history entry
    assert not deliverable.distribution.filter(group__code="SG16").exists()


def test_patch_without_distribution_leaves_it_alone(secretariat_client):
    line = DistributionFactory()
    url = reverse("deliverable-detail", args=[line.deliverable.code])
    response = secretariat_client.patch(url, {"title": "New title"})
    assert response.status_code == 200
    assert len(response.json()["distribution"]) == 1


@pytest.fixture
def allocation():
    """A small work programme: SG17 takes two, SG16 one, all study groups get one."""
    sg16, sg17 = StudyGroupFactory(code="SG16"), StudyGroupFactory(code="SG17")
    sg12 = StudyGroupFactory(code="SG12")
    wp2 = GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY)
    fgmv = GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
    other = GroupFactory(code="RG-DT")
    rows = {}
    for code, month in [("D-1", 7), ("D-2", 10), ("D-3", 10), ("D-4", 12), ("D-5", 12)]:
        rows[code] = DeliverableFactory(
            code=code, owner=fgmv if code != "D-5" else other, approved=dt.date(2023, month, 1)
        )
    Distribution.objects.create(
        deliverable=rows["D-1"], to_all_study_groups=True, purpose=Purpose.FOR_INFORMATION
    )
    DistributionFactory(deliverable=rows["D-2"], group=sg17)
    DistributionFactory(deliverable=rows["D-3"], group=sg17)
    DistributionFactory(deliverable=rows["D-3"], group=sg16)
    DistributionFactory(deliverable=rows["D-4"], group=sg16, purpose=Purpose.FOR_INFORMATION)
    DistributionFactory(deliverable=rows["D-5"], group=wp2, purpose=Purpose.FOR_INFORMATION)
    rows["D-5"].approved_precision = DatePrecision.DAY
    rows["D-5"].approved = dt.date(2023, 12, 14)
    rows["D-5"].save()
    return {"SG12": sg12, **rows}


def codes(client, **params):
    response = client.get(reverse("deliverable-list"), params)
    assert response.status_code == 200, response.content
    return sorted(row["code"] for row in response.json()["results"])


@pytest.mark.usefixtures("allocation")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"allocated_to": "SG17"}, ["D-2", "D-3"]),
        ({"allocated_to": "SG16"}, ["D-3"]),
        ({"allocated_to": "SG12"}, []),
        ({"allocated_to": "WP2"}, []),
        ({"for_information_to": "SG12"}, ["D-1"]),
        ({"for_information_to": "SG16"}, ["D-1", "D-4"]),
        # "All study groups" reaches study groups only, not WP2.
        ({"for_information_to": "WP2"}, ["D-5"]),
        ({"received_by": "SG16"}, ["D-1", "D-3", "D-4"]),
        ({"received_by": "SG12"}, ["D-1"]),
        ({"group": "FG-MV"}, ["D-1", "D-2", "D-3", "D-4"]),
        ({"group": "RG-DT"}, ["D-5"]),
        ({"type": "technical_report"}, ["D-1", "D-2", "D-3", "D-4", "D-5"]),
        ({"type": "technical_specification"}, []),
        ({"status": "approved"}, ["D-1", "D-2", "D-3", "D-4", "D-5"]),
        ({"status": "draft"}, []),
        ({"allocated_to": "SG17", "approved_after": "2023-10-15"}, ["D-2", "D-3"]),
        # A month-precision approval counts for every day of its month.
        ({"approved_after": "2023-10-15"}, ["D-2", "D-3", "D-4", "D-5"]),
        ({"approved_before": "2023-10-01"}, ["D-1", "D-2", "D-3"]),
        ({"approved_after": "2023-10", "approved_before": "2023-10"}, ["D-2", "D-3"]),
        ({"approved_after": "2023-12-15"}, ["D-4"]),
        ({"approved_before": "2023-12-13"}, ["D-1", "D-2", "D-3", "D-4"]),
        ({"approved_before": "2023-09-30"}, ["D-1"]),
        ({"search": "D-4"}, ["D-4"]),
    ],
)
def test_deliverable_filters(api_client, params, expected):
    assert codes(api_client, **params) == expected


def test_search_finds_words_in_title_and_summary(api_client):
    DeliverableFactory(
        code="FGMV-13", title="Responsible Use of AI", summary="for child protection"
    )
    DeliverableFactory(code="FGMV-14", title="Something else", summary="nothing")
    assert codes(api_client, search="responsible") == ["FGMV-13"]
    assert codes(api_client, search="child protection") == ["FGMV-13"]


def test_ordering(api_client, allocation):
    response = api_client.get(reverse("deliverable-list"), {"ordering": "-code"})
    assert [row["code"] for row in response.json()["results"]][:2] == ["D-5", "D-4"]
    response = api_client.get(reverse("deliverable-list"), {"ordering": "approved"})
    assert response.json()["results"][0]["code"] == "D-1"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"allocated_to": "SG99"}, "allocated_to"),
        ({"for_information_to": "nope"}, "for_information_to"),
        ({"approved_after": "15/10/2023"}, "approved_after"),
        ({"approved_before": "2023-13"}, "approved_before"),
        ({"type": "novel"}, "type"),
        ({"ordering": "summary"}, "ordering"),
    ],
)
def test_malformed_filters_are_a_400_naming_the_filter(api_client, params, field):
    response = api_client.get(reverse("deliverable-list"), params)
    assert response.status_code == 400
    assert field in response.json()
