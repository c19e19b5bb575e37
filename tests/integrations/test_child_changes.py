"""A record shown inside another's — a deliverable's distribution line, a meeting's session, a
work item's stage or editor — changed alone is a change of its parent: an `updated` entry in the
change feed, once per transaction, and the parent's `last_updated` (its ETag, `modified_since`
and the Atom feeds) moves."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Max

from deliverables.models import Deliverable
from integrations.models import Change
from tests.deliverables.factories import DeliverableFactory, DistributionFactory
from tests.meetings.factories import MeetingFactory, SessionFactory
from tests.workitems.factories import EditorFactory, WorkItemEventFactory, WorkItemFactory

# Each step commits on its own, as separate requests or imports would. The log is read as
# written: the feed holds committed rows back while any older transaction on the server runs
# (the other test workers'), which test_change_feed covers.
pytestmark = pytest.mark.django_db(transaction=True)


def changes_since(client, mark: int | None) -> tuple[list[tuple[str, str, str]], int]:
    rows = Change.objects.filter(id__gt=mark or 0).order_by("id")
    found = list(rows.values_list("kind", "code", "change_type"))
    return found, Change.objects.aggregate(last=Max("id"))["last"] or 0


def test_a_distribution_line_added_or_removed_is_a_change_of_its_deliverable(api_client):
    deliverable = DeliverableFactory(code="FGMV-05")
    DeliverableFactory(code="OTHER-01")  # changed after it
    _, cursor = changes_since(api_client, None)
    before = Deliverable.objects.get(pk=deliverable.pk).last_updated

    line = DistributionFactory(deliverable=deliverable)
    added, cursor = changes_since(api_client, cursor)
    assert ("deliverables", "FGMV-05", "updated") in added
    moved = Deliverable.objects.get(pk=deliverable.pk).last_updated
    assert moved > before
    # The Atom feed of deliverables puts it first again.
    atom = api_client.get("/deliverables/feed.atom").content.decode()
    assert atom.index("FGMV-05") < atom.index("OTHER-01")

    line.delete()
    removed, _ = changes_since(api_client, cursor)
    assert removed == [("deliverables", "FGMV-05", "updated")]
    assert Deliverable.objects.get(pk=deliverable.pk).last_updated > moved


def test_several_child_changes_in_one_transaction_are_one_change_of_the_parent(api_client):
    meeting = MeetingFactory(code="wsis-2025")
    item = WorkItemFactory(identifier="X.1234")
    _, cursor = changes_since(api_client, None)

    with transaction.atomic():
        SessionFactory.create_batch(3, meeting=meeting)
        WorkItemEventFactory(work_item=item)
        EditorFactory(work_item=item)

    found, _ = changes_since(api_client, cursor)
    assert sorted(c for c in found if c[0] in ("meetings", "work-items")) == [
        ("meetings", "wsis-2025", "updated"),
        ("work-items", "X.1234", "updated"),
    ]


def test_a_parent_created_or_deleted_with_its_children_is_that_change_only(api_client):
    with transaction.atomic():
        deliverable = DeliverableFactory(code="FGMV-06")
        DistributionFactory.create_batch(2, deliverable=deliverable)
    created, cursor = changes_since(api_client, None)
    assert [c for c in created if c[0] == "deliverables"] == [
        ("deliverables", "FGMV-06", "created")
    ]

    deliverable.delete()  # its lines go first, by cascade
    deleted, _ = changes_since(api_client, cursor)
    assert [c for c in deleted if c[0] == "deliverables"] == [
        ("deliverables", "FGMV-06", "deleted")
    ]


def test_a_rolled_back_child_change_leaves_no_trace(api_client):
    deliverable = DeliverableFactory(code="FGMV-07")
    _, cursor = changes_since(api_client, None)
    before = Deliverable.objects.get(pk=deliverable.pk).last_updated

    def add_then_fail() -> None:
        with transaction.atomic():
            DistributionFactory(deliverable=deliverable)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        add_then_fail()
    found, _ = changes_since(api_client, cursor)
    assert found == []
    assert Deliverable.objects.get(pk=deliverable.pk).last_updated == before


@pytest.mark.django_db(transaction=False)
def test_the_feed_shows_the_parents_change(api_client):
    deliverable = DeliverableFactory(code="FGMV-08")
    DistributionFactory(deliverable=deliverable)
    page = api_client.get("/api/v1/changes/", {"page_size": 200}).json()
    mine = [(c["kind"], c["code"], c["change"]) for c in page["results"] if c["code"] == "FGMV-08"]
    # One transaction (the test's): the deliverable's creation says it all.
    assert mine == [("deliverables", "FGMV-08", "created")]
