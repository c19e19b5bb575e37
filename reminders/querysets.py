from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q

from core.models import TimestampedQuerySet

if TYPE_CHECKING:
    # Named as strings in the QuerySets' generic bases (for mypy).
    from .models import ReminderLog, Subscription  # noqa: F401


class SubscriptionQuerySet(TimestampedQuerySet["Subscription"]):
    def of(self, user) -> SubscriptionQuerySet:
        return self.filter(user=user)

    def following(
        self,
        groups: Iterable[int] = (),
        deliverables: Iterable[int] = (),
        meetings: Iterable[int] = (),
        liaisons: Iterable[int] = (),
    ) -> SubscriptionQuerySet:
        """Subscriptions to any of these records (ids), with what the sweep needs to reach the
        follower, in one query."""
        condition = Q(pk__in=[])
        if groups := set(groups):
            condition |= Q(group_id__in=groups)
        if deliverables := set(deliverables):
            condition |= Q(deliverable_id__in=deliverables)
        if meetings := set(meetings):
            condition |= Q(meeting_id__in=meetings)
        if liaisons := set(liaisons):
            condition |= Q(liaison_id__in=liaisons)
        return (
            self.filter(condition, user__is_active=True)
            .select_related("user", "user__person", "group", "deliverable", "meeting", "liaison")
            .order_by("pk")
        )


class ReminderLogQuerySet(TimestampedQuerySet["ReminderLog"]):
    def claimed_by(self, token: uuid.UUID) -> ReminderLogQuerySet:
        return self.filter(claim_token=token)

    def retryable(self, stale_before: dt.datetime) -> ReminderLogQuerySet:
        """Failed, or claimed by a sweep that stopped refreshing its claim (its worker died)."""
        return self.filter(Q(status="failed") | Q(status="pending", claimed_at__lt=stale_before))

    def in_progress(self, stale_before: dt.datetime) -> ReminderLogQuerySet:
        return self.filter(status="pending", claimed_at__gte=stale_before)
