"""What a statement asks of whom, by when: one row per addressee.

A statement's own purpose is often not stated for the whole (TD480-R1 sends some deliverables to a
study group to take forward and others for information); each addressee's share lives in the
distribution lines of the deliverables the statement concerns (deliverables.Distribution). This
module reads both, with the replies, in a constant number of queries, so the statement page says
per group: for action or for information, the ask in words, the reply deadline and whether that
group has replied (a reply closes the wait only for the group that sent it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from deliverables.models import Distribution, Group, Purpose

from .models import NOT_STATED, LiaisonPurpose, LiaisonStatement


@dataclass
class AddresseeAsk:
    group: Group | None  # None: "all study groups" as such
    label: str
    purpose: str = ""  # a LiaisonPurpose value, or "" when not stated
    allocated: list[str] = field(default_factory=list)  # deliverable codes to take forward
    for_information: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)  # of the allocation (WP2-8)
    reply: LiaisonStatement | None = None
    awaiting_reply: bool = False

    @property
    def purpose_display(self) -> str:
        return LiaisonPurpose(self.purpose).label if self.purpose else str(NOT_STATED)

    @property
    def ask(self) -> SafeString:
        """The ask in words, from the distribution lines, else from the statement's purpose;
        codes are kept whole on narrow screens."""
        parts = []
        if self.allocated:
            values = {"codes": _codes(self.allocated), "group": self.label}
            if self.decisions:
                message = gettext(
                    "Take forward %(codes)s (allocated to %(group)s by %(decisions)s)."
                )
                values["decisions"] = _words(self.decisions)
            else:
                message = gettext("Take forward %(codes)s (allocated to %(group)s).")
            parts.append(_html(message, values))
        if self.for_information:
            parts.append(
                _html(
                    gettext("Note %(codes)s, sent for information."),
                    {"codes": _codes(self.for_information)},
                )
            )
        if not parts:
            if self.purpose == LiaisonPurpose.ACTION:
                parts.append(gettext("Act on the statement and reply."))
            elif self.purpose == LiaisonPurpose.COMMENT:
                parts.append(gettext("Comment on the statement."))
            elif self.purpose == LiaisonPurpose.INFORMATION:
                parts.append(gettext("Note the statement; no action is asked."))
            else:
                parts.append(gettext("The statement does not say what it asks of this group."))
        return format_html_join(" ", "{}", ((part,) for part in parts))


def _html(message: str, values: dict[str, str]) -> SafeString:
    """A translated sentence with named placeholders, as HTML: the sentence and the values are
    escaped (values already safe, such as the code spans, are kept)."""
    escaped = {key: conditional_escape(value) for key, value in values.items()}
    return mark_safe(conditional_escape(message) % escaped)  # every part is escaped


def _and(others: str, last: str) -> str:
    return gettext("%(others)s and %(last)s") % {"others": others, "last": last}


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else _and(", ".join(items[:-1]), items[-1])


def _codes(codes: list[str]) -> SafeString:
    spans = [format_html('<span class="nobreak">{}</span>', code) for code in codes]
    if len(spans) == 1:
        return spans[0]
    return _html(
        gettext("%(others)s and %(last)s"),
        {"others": mark_safe(", ".join(spans[:-1])), "last": spans[-1]},
    )


def addressee_asks(statement: LiaisonStatement, today: dt.date | None = None) -> list[AddresseeAsk]:
    """One row per addressee: the groups named, then (when the statement goes to all study
    groups) each study group its deliverables reach by name, then "all study groups" itself.

    Reads `to_groups`, `related_deliverables` and `replies__from_groups` as prefetched, and the
    distribution lines of the related deliverables in one query."""
    deliverables = [d.pk for d in statement.related_deliverables.all()]
    lines = (
        Distribution.objects.filter(deliverable__in=deliverables)
        .select_related("deliverable", "group")
        .only(
            "purpose",
            "decision",
            "to_all_study_groups",
            "deliverable__code",
            "group__code",
            "group__kind",
        )
        .order_by("group__code", "deliverable__code")
        if deliverables
        else []
    )
    asked = statement.asks_for_reply
    rows: dict[int | None, AddresseeAsk] = {
        group.pk: AddresseeAsk(group=group, label=group.code) for group in statement.to_groups.all()
    }
    for line in lines:
        if line.to_all_study_groups:
            key, group = None, None
        elif line.group_id in rows or (statement.to_all_study_groups and line.group.is_study_group):
            key, group = line.group_id, line.group
        else:
            continue  # a group this statement is not addressed to
        row = rows.setdefault(key, AddresseeAsk(group=group, label=_label(group)))
        allocated = line.purpose == Purpose.ALLOCATED
        (row.allocated if allocated else row.for_information).append(line.deliverable.code)
        if allocated and line.decision and line.decision not in row.decisions:
            row.decisions.append(line.decision)
    if statement.to_all_study_groups:
        # "All study groups" last: what every study group receives, beside each one's share.
        rows[None] = rows.pop(None, None) or AddresseeAsk(group=None, label=_label(None))
    replies = {
        sender.pk: reply for reply in statement.replies.all() for sender in reply.from_groups.all()
    }
    for key, row in rows.items():
        if row.allocated:
            row.purpose = LiaisonPurpose.ACTION
        elif row.for_information and statement.purpose in ("", LiaisonPurpose.INFORMATION):
            row.purpose = LiaisonPurpose.INFORMATION
        else:
            row.purpose = statement.purpose
        row.reply = replies.get(key) if key is not None else None
        row.awaiting_reply = asked and row.reply is None and row.purpose == LiaisonPurpose.ACTION
    return list(rows.values())


def _label(group: Group | None) -> str:
    return group.code if group is not None else gettext("All study groups")
