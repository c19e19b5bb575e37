"""/api/v1/subscriptions/: a signed-in user follows groups, deliverables and meetings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reminders.api.serializers import subscription_key
from reminders.models import Subscription
from tests.api_contract import APIContract
from tests.deliverables.factories import DeliverableFactory, GroupFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/subscriptions/"
ONE_OF = "Name exactly one group, deliverable, meeting or liaison statement to follow."


class TestSubscriptionAPI(APIContract):
    """Each signed-in user's own: listed, followed and dropped by that user alone."""

    basename = "subscription"
    model = Subscription
    lookup_field = "key"
    unknown_key = "group:NOSUCH99"
    anonymous_reads = False
    owner = "delegate"
    updatable = False  # follow or stop following; nothing to change in place

    def detail_url(self, obj):
        return reverse("subscription-detail", kwargs={"key": subscription_key(obj)})

    def make_rows(self, n):
        """Groups, deliverables and meetings in turn, all followed by the delegate."""
        makers = (
            lambda: {"group": GroupFactory()},
            lambda: {"deliverable": DeliverableFactory()},
            lambda: {"meeting": MeetingFactory()},
        )
        return [
            Subscription.objects.create(user=self.writer, **makers[index % 3]())
            for index in range(n)
        ]

    def create_payload(self):
        GroupFactory(code="RG-IEM")
        return {"group": "RG-IEM"}

    def update_payload(self, obj):
        return {"group": GroupFactory(code="SG17").code}

    def invalid_payloads(self):
        GroupFactory(code="SG17")
        DeliverableFactory(code="FGMV-04")
        followed = Subscription.objects.filter(user=self.writer, group__isnull=False).first()
        return [
            ("nothing to follow", {}, "non_field_errors", ONE_OF),
            ("two things at once", {"group": "SG17", "deliverable": "FGMV-04"}, "group", ONE_OF),
            ("unknown group", {"group": "SG99"}, "group", "Object with code=SG99 does not exist."),
            ("unknown meeting", {"meeting": "no-such-meeting"}, "meeting", "does not exist"),
            (
                "already followed",
                {"group": followed.group.code},
                "group",
                f"You already follow group {followed.group.code}.",
            ),
        ]


def test_following_a_group_a_deliverable_and_a_meeting_by_their_codes(delegate_client):
    GroupFactory(code="RG-IEM")
    DeliverableFactory(code="FGMV-04")
    MeetingFactory(code="rg-iem-2024-02-20")

    for body in ({"group": "RG-IEM"}, {"deliverable": "FGMV-04"}, {"meeting": "rg-iem-2024-02-20"}):
        response = delegate_client.post(LIST, body)
        assert response.status_code == 201, response.json()

    listed = delegate_client.get(LIST).json()
    assert [row["key"] for row in listed["results"]] == [
        "group:RG-IEM",
        "deliverable:FGMV-04",
        "meeting:rg-iem-2024-02-20",
    ]
    first = listed["results"][0]
    assert first["group"]["code"] == "RG-IEM"
    assert first["group"]["url"].endswith(reverse("group-detail", kwargs={"code": "RG-IEM"}))
    assert first["deliverable"] is None
    assert first["url"].endswith("/api/v1/subscriptions/group:RG-IEM/")
    assert "id" not in first


def test_subscriptions_can_be_filtered_by_kind(delegate_client, delegate_user):
    Subscription.objects.create(user=delegate_user, group=GroupFactory(code="SG17"))
    Subscription.objects.create(user=delegate_user, meeting=MeetingFactory(code="tsag-2024"))

    response = delegate_client.get(LIST, {"kind": "meeting"})

    assert [row["key"] for row in response.json()["results"]] == ["meeting:tsag-2024"]
