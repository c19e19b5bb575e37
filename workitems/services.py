"""Recording a work item's stages: the one place that decides which event may follow which.

The admin's stage actions, the API's stage action and the seed loader all call
`record_stage_event`; a transition the procedures forbid is refused with a ValidationError keyed
by the field at fault ("stage" or "date") and saying why, and nothing is written.

The procedures, in short (Recommendations ITU-T A.1, A.8 and the study group's own practice):
- a work item is proposed, then agreed as a work item;
- AAP: consented, then a last call of four weeks; without comments of substance it is approved
  once the last call has ended, with them it goes to comments resolution (and possibly an
  additional review) before approval;
- TAP: determined, then approved at a study group meeting; no last call;
- agreement (non-normative texts: supplements, technical papers and reports): agreed, then
  approved by agreement, with neither consent, determination nor last call;
- approved texts are published; any item may be withdrawn before approval, and an agreed or
  approved text deleted; after withdrawn or deleted nothing follows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting

from .models import ApprovalTrack, Stage, WorkItem, WorkItemEvent
from .querysets import LAST_CALL

# What may follow each stage, whatever the track (the track's own rules come after).
FOLLOWS: dict[str | None, tuple[str, ...]] = {
    None: (Stage.PROPOSED, Stage.AGREED),
    Stage.PROPOSED: (Stage.AGREED, Stage.WITHDRAWN),
    Stage.AGREED: (
        Stage.CONSENTED,
        Stage.DETERMINED,
        Stage.APPROVED,
        Stage.WITHDRAWN,
        Stage.DELETED,
    ),
    Stage.CONSENTED: (Stage.LAST_CALL, Stage.WITHDRAWN),
    Stage.DETERMINED: (Stage.APPROVED, Stage.WITHDRAWN),
    Stage.LAST_CALL: (Stage.APPROVED, Stage.COMMENTS_RESOLUTION, Stage.WITHDRAWN),
    Stage.COMMENTS_RESOLUTION: (Stage.ADDITIONAL_REVIEW, Stage.APPROVED, Stage.WITHDRAWN),
    Stage.ADDITIONAL_REVIEW: (Stage.COMMENTS_RESOLUTION, Stage.APPROVED, Stage.WITHDRAWN),
    Stage.APPROVED: (Stage.PUBLISHED, Stage.DELETED),
    Stage.PUBLISHED: (Stage.DELETED,),
    Stage.WITHDRAWN: (),
    Stage.DELETED: (),
}

# Why a stage cannot come now: said for the stage asked for, from where the item stands.
NEEDS = {
    Stage.PROPOSED: _("An item is proposed before anything else happens to it."),
    Stage.AGREED: _("Only a proposed item (or one recorded from its agreement) can be agreed."),
    Stage.CONSENTED: _("Consent comes after the item is agreed as a work item."),
    Stage.DETERMINED: _("Determination comes after the item is agreed as a work item."),
    Stage.LAST_CALL: _("A last call comes after consent (AAP)."),
    Stage.COMMENTS_RESOLUTION: _(
        "Comments are resolved after a last call or an additional review."
    ),
    Stage.ADDITIONAL_REVIEW: _("An additional review follows the resolution of comments."),
    Stage.APPROVED: _(
        "Approval comes after consent and last call (AAP), determination (TAP), or "
        "agreement as a work item (agreement track)."
    ),
    Stage.PUBLISHED: _("Only an approved text is published."),
    Stage.WITHDRAWN: _("Only an item not yet approved can be withdrawn."),
    Stage.DELETED: _("Only an agreed work item or an approved text can be deleted."),
}


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _day(day: dt.date) -> str:
    return date_format(day, "d F Y")


def check_stage_event(
    work_item: WorkItem,
    stage: str,
    date: dt.date,
    latest: WorkItemEvent | None,
    *,
    today: dt.date | None = None,
) -> None:
    """Raises the field-keyed ValidationError that `record_stage_event` would, for an event of
    `stage` on `date` following `latest` (None: the item's first event)."""
    if stage not in Stage.values:
        raise _refuse("stage", gettext("“%(stage)s” is not a stage.") % {"stage": stage})
    today = today or timezone.localdate()
    if date > today:
        raise _refuse(
            "date",
            gettext("A stage is recorded once it has happened: this date is in the future."),
        )
    current = latest.stage if latest is not None else None
    if current in (Stage.WITHDRAWN, Stage.DELETED):
        raise _refuse(
            "stage",
            gettext("This work item was %(stage)s on %(date)s: nothing follows.")
            % {"stage": Stage(current).label.lower(), "date": _day(latest.date)},  # type: ignore[union-attr]
        )
    if latest is not None and date < latest.date:
        raise _refuse(
            "date",
            gettext("The event cannot be dated before the one it follows (%(stage)s on %(date)s).")
            % {"stage": Stage(latest.stage).label.lower(), "date": _day(latest.date)},
        )

    track = work_item.approval_track
    if stage in (Stage.CONSENTED, Stage.DETERMINED, Stage.LAST_CALL, Stage.APPROVED) and not track:
        raise _refuse(
            "stage", gettext("Set the work item's approval track (AAP, TAP or agreement) first.")
        )
    if stage == Stage.CONSENTED and track != ApprovalTrack.AAP:
        message = (
            gettext(
                "Consent is for the alternative approval process (AAP); this item follows "
                "%(track)s: it is determined instead."
            )
            if track == ApprovalTrack.TAP
            else gettext(
                "Consent is for the alternative approval process (AAP); this item follows "
                "%(track)s."
            )
        )
        raise _refuse("stage", message % {"track": ApprovalTrack(track).label})
    if stage == Stage.DETERMINED and track != ApprovalTrack.TAP:
        message = (
            gettext(
                "Determination is for the traditional approval process (TAP); this item follows "
                "%(track)s: it is consented instead."
            )
            if track == ApprovalTrack.AAP
            else gettext(
                "Determination is for the traditional approval process (TAP); this item follows "
                "%(track)s."
            )
        )
        raise _refuse("stage", message % {"track": ApprovalTrack(track).label})
    if stage == Stage.LAST_CALL and track != ApprovalTrack.AAP:
        raise _refuse(
            "stage",
            gettext("Only an AAP item has a last call; this item follows %(track)s.")
            % {"track": ApprovalTrack(track).label},
        )

    if stage not in FOLLOWS[current]:
        where = Stage(current).label.lower() if current else gettext("no stage recorded yet")
        raise _refuse(
            "stage",
            gettext("%(needs)s This item is at: %(where)s.")
            % {"needs": NEEDS[Stage(stage)], "where": where},
        )

    if stage == Stage.APPROVED:
        if track == ApprovalTrack.AGREEMENT and current != Stage.AGREED:
            raise _refuse(
                "stage", gettext("An agreement-track text is approved by agreement only.")
            )
        if track == ApprovalTrack.AAP and current == Stage.AGREED:
            raise _refuse(
                "stage",
                gettext("An AAP item is approved after consent and a last call, not directly."),
            )
        if track == ApprovalTrack.TAP and current != Stage.DETERMINED:
            raise _refuse(
                "stage", gettext("A TAP item is approved after determination, not directly.")
            )
        if current == Stage.LAST_CALL and latest is not None and date < latest.date + LAST_CALL:
            raise _refuse(
                "date",
                gettext(
                    "The last call runs until %(date)s: the item cannot be approved before it ends."
                )
                % {"date": _day(latest.date + LAST_CALL)},
            )


def current_event(work_item: WorkItem) -> WorkItemEvent | None:
    """The event the next one follows: the latest by date, then as recorded."""
    return work_item.events.order_by("-date", "-id").first()


@transaction.atomic
def record_stage_event(
    work_item: WorkItem,
    stage: str,
    date: dt.date,
    *,
    meeting: Meeting | None = None,
    decision: str = "",
    note: str = "",
    by: Any = None,
) -> WorkItemEvent:
    """Record that `work_item` reached `stage` on `date`, if the procedures allow it after its
    current stage; a ValidationError keyed by "stage" or "date" saying why otherwise.

    The work item's row is locked for the transaction, so two stage changes of one item (two
    secretariat members, the admin and the API) are decided one after the other, each seeing
    the other's event."""
    locked = WorkItem.objects.select_for_update().get(pk=work_item.pk)
    latest = current_event(locked)
    check_stage_event(locked, stage, date, latest)
    event = WorkItemEvent(
        work_item=locked, stage=stage, date=date, meeting=meeting, decision=decision, note=note
    )
    event.full_clean()
    if by is not None:
        event._history_user = by  # type: ignore[attr-defined]  # django-simple-history reads it
    event.save()
    # The item's stage changed: its last_updated says so (ETags, change feeds, Last-Modified).
    WorkItem.objects.filter(pk=locked.pk).update()
    return event


@transaction.atomic
def change_event_note(event: WorkItemEvent, note: str, *, by: Any = None) -> WorkItemEvent:
    """An event is never changed after it is recorded, except its note (the history keeps each
    version)."""
    event.note = note
    event.full_clean()
    if by is not None:
        event._history_user = by  # type: ignore[attr-defined]
    event.save(update_fields=["note", "last_updated"])
    return event
