"""The stage rules: every transition the procedures forbid is refused, with a message saying why
and keyed by the field at fault, and nothing is written; what they allow is recorded."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.workitems.factories import WorkItemFactory
from workitems.models import ApprovalTrack, Stage, WorkItem, WorkItemEvent
from workitems.services import change_event_note, record_stage_event

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
START = dt.date(2025, 1, 10)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def item_at(track: str, *stages: str, start: dt.date = START) -> WorkItem:
    """An item of `track` taken through `stages` by the service, a week apart (a last call
    given its four weeks)."""
    item = WorkItemFactory(approval_track=track)
    day = start
    for stage in stages:
        record_stage_event(item, stage, day)
        day += dt.timedelta(days=35 if stage == Stage.LAST_CALL else 7)
    return item


def refused(item: WorkItem, stage: str, date: dt.date, field: str = "stage") -> str:
    before = item.events.count()
    with pytest.raises(ValidationError) as error:
        record_stage_event(item, stage, date)
    assert item.events.count() == before, "a refused event was written"
    assert list(error.value.message_dict) == [field]
    return error.value.message_dict[field][0]


LATER = dt.date(2026, 6, 1)


def test_aap_item_goes_from_proposal_to_publication():
    item = item_at(
        ApprovalTrack.AAP,
        Stage.PROPOSED,
        Stage.AGREED,
        Stage.CONSENTED,
        Stage.LAST_CALL,
        Stage.APPROVED,
        Stage.PUBLISHED,
    )
    assert item.stage == Stage.PUBLISHED
    assert list(item.events.values_list("stage", flat=True)) == [
        "proposed",
        "agreed",
        "consented",
        "last_call",
        "approved",
        "published",
    ]


def test_aap_item_with_comments_goes_through_resolution_and_additional_review():
    item = item_at(
        ApprovalTrack.AAP,
        Stage.AGREED,
        Stage.CONSENTED,
        Stage.LAST_CALL,
        Stage.COMMENTS_RESOLUTION,
        Stage.ADDITIONAL_REVIEW,
        Stage.APPROVED,
    )
    assert item.stage == Stage.APPROVED


def test_tap_item_is_determined_then_approved():
    assert item_at(ApprovalTrack.TAP, Stage.AGREED, Stage.DETERMINED, Stage.APPROVED).stage == (
        Stage.APPROVED
    )


def test_agreement_track_text_is_approved_by_agreement():
    assert item_at(ApprovalTrack.AGREEMENT, Stage.AGREED, Stage.APPROVED).stage == Stage.APPROVED


def test_approval_before_consent_is_refused():
    message = refused(item_at(ApprovalTrack.AAP, Stage.AGREED), Stage.APPROVED, LATER)
    assert "after consent and a last call" in message


def test_approval_before_determination_is_refused():
    message = refused(item_at(ApprovalTrack.TAP, Stage.AGREED), Stage.APPROVED, LATER)
    assert "after determination" in message


def test_approval_of_an_item_never_agreed_is_refused():
    message = refused(item_at(ApprovalTrack.AAP, Stage.PROPOSED), Stage.APPROVED, LATER)
    assert "Approval comes after consent" in message
    assert "This item is at: proposed" in message


def test_consent_on_a_tap_item_is_refused():
    message = refused(item_at(ApprovalTrack.TAP, Stage.AGREED), Stage.CONSENTED, LATER)
    assert "Consent is for the alternative approval process" in message
    assert "determined instead" in message


def test_determination_on_an_aap_item_is_refused():
    message = refused(item_at(ApprovalTrack.AAP, Stage.AGREED), Stage.DETERMINED, LATER)
    assert "Determination is for the traditional approval process" in message


def test_a_tap_item_entering_last_call_is_refused():
    item = item_at(ApprovalTrack.TAP, Stage.AGREED, Stage.DETERMINED)
    assert "Only an AAP item has a last call" in refused(item, Stage.LAST_CALL, LATER)


def test_last_call_before_consent_is_refused():
    message = refused(item_at(ApprovalTrack.AAP, Stage.AGREED), Stage.LAST_CALL, LATER)
    assert "A last call comes after consent" in message


def test_approval_before_the_last_call_has_ended_is_refused():
    item = item_at(ApprovalTrack.AAP, Stage.AGREED, Stage.CONSENTED)
    record_stage_event(item, Stage.LAST_CALL, dt.date(2026, 2, 2))

    message = refused(item, Stage.APPROVED, dt.date(2026, 3, 1), field="date")
    assert "runs until 02 March 2026" in message
    record_stage_event(item, Stage.APPROVED, dt.date(2026, 3, 2))


def test_an_event_dated_before_the_one_it_follows_is_refused():
    item = item_at(ApprovalTrack.AAP, Stage.AGREED, start=dt.date(2025, 3, 14))
    message = refused(item, Stage.CONSENTED, dt.date(2025, 3, 13), field="date")
    assert "before the one it follows (agreed as a work item on 14 March 2025)" in message


def test_an_event_dated_in_the_future_is_refused():
    message = refused(item_at(ApprovalTrack.AAP), Stage.PROPOSED, TODAY + dt.timedelta(1), "date")
    assert "in the future" in message


@pytest.mark.parametrize("ended", [Stage.WITHDRAWN, Stage.DELETED])
@pytest.mark.parametrize("then", [Stage.AGREED, Stage.CONSENTED, Stage.WITHDRAWN, Stage.DELETED])
def test_nothing_follows_a_withdrawn_or_deleted_item(ended, then):
    item = item_at(ApprovalTrack.AAP, Stage.AGREED, ended)
    assert "nothing follows" in refused(item, then, LATER)


def test_a_published_text_can_be_deleted_but_not_withdrawn_or_approved_again():
    item = item_at(ApprovalTrack.TAP, Stage.AGREED, Stage.DETERMINED, Stage.APPROVED)
    record_stage_event(item, Stage.PUBLISHED, LATER)

    assert "Only an item not yet approved" in refused(item, Stage.WITHDRAWN, LATER)
    assert "Approval comes after" in refused(item, Stage.APPROVED, LATER)
    record_stage_event(item, Stage.DELETED, LATER)


def test_publication_before_approval_is_refused():
    item = item_at(ApprovalTrack.AAP, Stage.AGREED, Stage.CONSENTED)
    assert "Only an approved text is published" in refused(item, Stage.PUBLISHED, LATER)


@pytest.mark.parametrize("stage", [Stage.CONSENTED, Stage.LAST_CALL])
def test_an_agreement_track_text_has_no_consent_nor_last_call(stage):
    item = item_at(ApprovalTrack.AGREEMENT, Stage.AGREED)
    assert "this item follows Agreement" in refused(item, stage, LATER)


def test_agreement_track_text_approved_after_anything_but_agreement_is_refused():
    item = item_at(ApprovalTrack.AGREEMENT, Stage.PROPOSED)
    assert "Approval comes after" in refused(item, Stage.APPROVED, LATER)


def test_a_stage_of_approval_needs_the_track_to_be_known():
    item = item_at("", Stage.PROPOSED, Stage.AGREED)
    assert "Set the work item's approval track" in refused(item, Stage.CONSENTED, LATER)


def test_proposal_after_agreement_is_refused():
    item = item_at(ApprovalTrack.AAP, Stage.AGREED)
    assert "proposed before anything else" in refused(item, Stage.PROPOSED, LATER)


def test_resolution_of_comments_without_a_last_call_is_refused():
    item = item_at(ApprovalTrack.AAP, Stage.AGREED, Stage.CONSENTED)
    assert "after a last call" in refused(item, Stage.COMMENTS_RESOLUTION, LATER)


def test_an_unknown_stage_is_refused():
    assert "is not a stage" in refused(item_at(ApprovalTrack.AAP), "adopted", LATER)


def test_events_of_one_day_follow_each_other_in_the_order_recorded():
    item = WorkItemFactory(approval_track=ApprovalTrack.AAP)
    record_stage_event(item, Stage.PROPOSED, START)
    record_stage_event(item, Stage.AGREED, START)
    assert item.stage == Stage.AGREED


def test_only_the_note_of_a_recorded_event_changes_and_its_history_keeps_both(admin_user):
    item = item_at(ApprovalTrack.AAP)
    event = record_stage_event(item, Stage.AGREED, START, decision="SG17 report", by=admin_user)
    change_event_note(event, "Agreed with one objection.", by=admin_user)

    event = WorkItemEvent.objects.get(pk=event.pk)
    assert (event.note, event.decision, event.date) == (
        "Agreed with one objection.",
        "SG17 report",
        START,
    )
    assert [h.note for h in event.history.order_by("history_date")] == ["", event.note]
    assert {h.history_user for h in event.history.all()} == {admin_user}
