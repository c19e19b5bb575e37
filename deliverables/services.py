"""Operations on the work programme that change several rows at once, each in one transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SINGLE_HOLDER_ROLES, Deliverable, Distribution, Group, Person, Purpose, Role


@dataclass
class Rotation:
    closed: list[Role]
    opened: list[Role]


def _open(group: Group, person: Person, role: str, on: dt.date, decision: str) -> Role:
    new = Role(person=person, group=group, role=role, starts_on=on, decision=decision)
    new.full_clean()
    new.save()
    return new


def _close(role: Role, on: dt.date) -> Role:
    role.ends_on = on
    role.full_clean()
    role.save()
    return role


@transaction.atomic
def rotate_role(
    group: Group,
    role: str,
    incoming: Person,
    *,
    outgoing: Person | None = None,
    outgoing_new_role: str | None = None,
    on: dt.date | None = None,
    decision: str = "",
) -> Rotation:
    """Hand `role` in `group` to `incoming` on `on` (today by default).

    The outgoing holder's role is closed, never overwritten, so earlier holders stay in the
    history (TD315: Ahmed Said, RG-DT rapporteur, becomes associate rapporteur when Ahmad Sharafat
    takes over). `outgoing` may be left out when the role has exactly one current holder. Any
    other role the incoming person held in the group (an associate rapporteur moving up) ends
    too. Raises ValidationError, changing nothing, when the request does not fit the data.
    """
    on = on or timezone.localdate()
    if group.has_ended(on):
        raise ValidationError(
            {
                "group": _("%(group)s has ended (%(state)s): its roles ended with it.")
                % {"group": group, "state": group.state_display(on)}
            }
        )
    current = Role.objects.current(on).filter(group=group).select_for_update(of=("self",))
    holders = list(current.filter(role=role).select_related("person"))
    if any(holder.person_id == incoming.pk for holder in holders):
        raise ValidationError(
            {
                "incoming": _("%(person)s already holds this role in %(group)s.")
                % {"person": incoming, "group": group}
            }
        )
    if outgoing is None:
        if len(holders) > 1:
            raise ValidationError(
                {"outgoing": _("Several people hold this role; say who steps down.")}
            )
        leaving = holders
    else:
        leaving = [holder for holder in holders if holder.person_id == outgoing.pk]
        if not leaving:
            raise ValidationError(
                {
                    "outgoing": _("%(person)s does not hold this role in %(group)s on %(on)s.")
                    % {"person": outgoing, "group": group, "on": on}
                }
            )
    if outgoing_new_role and not leaving:
        raise ValidationError({"outgoing_new_role": _("Nobody steps down to take this role.")})
    if outgoing_new_role == role:
        raise ValidationError({"outgoing_new_role": _("Choose a different role.")})

    if role in SINGLE_HOLDER_ROLES:
        # An open holder who is not current on `on` starts later: a hand-over dated before that
        # would leave two open holders (the constraint would refuse it with a message about
        # using this very hand-over).
        later = (
            Role.objects.filter(group=group, role=role, ends_on__isnull=True)
            .exclude(pk__in=[old.pk for old in leaving])
            .select_related("person")
            .first()
        )
        if later is not None:
            raise ValidationError(
                {
                    "on": _(
                        "%(person)s holds this role from %(starts)s: the hand-over takes effect "
                        "on that day or later."
                    )
                    % {"person": later.person, "starts": later.starts_on_display}
                }
            )
    closed = [_close(old, on) for old in leaving]
    closed += [_close(old, on) for old in current.filter(person=incoming).exclude(role=role)]
    opened = [_open(group, incoming, role, on, decision)]
    if outgoing_new_role:
        stepping_down = leaving[0].person
        if not current.filter(person=stepping_down, role=outgoing_new_role).exists():
            opened.append(_open(group, stepping_down, outgoing_new_role, on, decision))
    return Rotation(closed=closed, opened=opened)


def distribution_key(line: dict) -> object:
    """What makes a distribution line unique within its deliverable: its group, or "all"."""
    return "all" if line.get("to_all_study_groups") else line["group"].pk


@transaction.atomic
def set_distribution(
    deliverable: Deliverable, lines: list[dict], *, change_reason: str = ""
) -> None:
    """Make the deliverable's distribution say exactly `lines` (dicts of Distribution fields,
    `group` as a Group), touching only what changed, so the history of each line shows real
    changes rather than a delete and re-create of everything. Raises ValidationError, changing
    nothing, when a recipient is named twice or a line breaks a rule of the model."""
    Distribution.check_recipients(lines)
    existing = {
        "all" if line.to_all_study_groups else line.group_id: line
        for line in deliverable.distribution.all()
    }
    for wanted in lines:
        line = existing.pop(distribution_key(wanted), None) or Distribution(deliverable=deliverable)
        changed = line.pk is None
        for key, value in wanted.items():
            if getattr(line, key) != value:
                setattr(line, key, value)
                changed = True
        if changed:
            line.full_clean()
            line._change_reason = change_reason or None  # type: ignore[attr-defined]
            line.save()
    for stale in existing.values():
        stale._change_reason = change_reason or None  # type: ignore[attr-defined]
        stale.delete()
    if hasattr(deliverable, "_prefetched_objects_cache"):
        deliverable._prefetched_objects_cache.pop("distribution", None)


# --- a distribution as people write it --------------------------------------------------------
# "SG16, SG9 allocated; all SGs for information (WP2-8)": clauses separated by semicolons, each
# naming its recipients (group codes, or all study groups), then the purpose, then the decision
# in brackets when there is one. Spreadsheets read and write it; the words are the admin's.

ALL_STUDY_GROUPS_TEXT = "all SGs"
_ALL_STUDY_GROUPS_WORDS = {"all sgs", "all study groups", "all sg", "all"}
_PURPOSE_WORDS = {label.lower(): value for value, label in Purpose.choices}
_CLAUSE = re.compile(
    r"^(?P<recipients>.+?)\s+(?P<purpose>" + "|".join(map(re.escape, _PURPOSE_WORDS)) + r")"
    r"\s*(?:\((?P<decision>[^()]*)\))?$",
    re.IGNORECASE,
)
DISTRIBUTION_TEXT_HELP = _(
    'Write it as "SG16, SG9 allocated; all SGs for information": recipients (group codes or '
    '"all SGs") then "allocated" or "for information", clauses separated by semicolons, a '
    'decision in brackets after the purpose when there is one ("SG16 allocated (WP2-8)").'
)


def format_distribution(lines: Iterable[Distribution]) -> str:
    """A deliverable's distribution lines (their group loaded) as one line of text, clauses in
    the order of the lines (all study groups first, then as added)."""
    clauses: dict[tuple[str, str], list[str]] = {}
    for line in lines:
        recipient = ALL_STUDY_GROUPS_TEXT if line.to_all_study_groups else line.group.code
        clauses.setdefault((line.purpose, line.decision), []).append(recipient)
    labels = dict(Purpose.choices)
    return "; ".join(
        f"{', '.join(recipients)} {str(labels[purpose]).lower()}"
        + (f" ({decision})" if decision else "")
        for (purpose, decision), recipients in clauses.items()
    )


def parse_distribution(text: str, group_named: Callable[[str], Group | None]) -> list[dict]:
    """`text` (as `format_distribution` writes it) as the lines `set_distribution` takes.
    `group_named` finds a group by its code. Raises ValidationError on `distribution` naming
    the clause it cannot read, an unknown group, or a recipient named twice."""
    lines: list[dict] = []
    for clause in filter(None, (part.strip() for part in (text or "").split(";"))):
        match = _CLAUSE.match(clause)
        if match is None:
            raise ValidationError(
                {
                    "distribution": _("Cannot read “%(clause)s”. %(help)s")
                    % {"clause": clause, "help": DISTRIBUTION_TEXT_HELP}
                }
            )
        purpose = _PURPOSE_WORDS[match["purpose"].lower()]
        decision = (match["decision"] or "").strip()
        for recipient in filter(None, (name.strip() for name in match["recipients"].split(","))):
            if recipient.lower() in _ALL_STUDY_GROUPS_WORDS:
                lines.append(
                    {
                        "group": None,
                        "to_all_study_groups": True,
                        "purpose": purpose,
                        "decision": decision,
                    }
                )
                continue
            group = group_named(recipient)
            if group is None:
                raise ValidationError(
                    {
                        "distribution": _("No group has the code “%(code)s” (in “%(clause)s”).")
                        % {"code": recipient, "clause": clause}
                    }
                )
            lines.append(
                {
                    "group": group,
                    "to_all_study_groups": False,
                    "purpose": purpose,
                    "decision": decision,
                }
            )
    Distribution.check_recipients(lines)
    return lines
