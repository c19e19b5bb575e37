from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from deliverables.models import Group


class LiaisonStatementQuerySet(models.QuerySet):
    def addressed_to(self, group: Group) -> LiaisonStatementQuerySet:
        """Sent to `group` directly, or to all study groups when it is one (SG12 included)."""
        through = self.model.to_groups.through.objects.filter(
            liaisonstatement=OuterRef("pk"), group=group
        )
        direct = Exists(through)
        if group.is_study_group:
            return self.filter(direct | Q(to_all_study_groups=True))
        return self.filter(direct)

    def sent_by(self, group: Group) -> LiaisonStatementQuerySet:
        through = self.model.from_groups.through.objects.filter(
            liaisonstatement=OuterRef("pk"), group=group
        )
        return self.filter(Exists(through))

    def awaiting_reply(self) -> LiaisonStatementQuerySet:
        """For action, with a reply deadline, not answered by any statement, not closed."""
        replies = self.model.objects.filter(replies_to=OuterRef("pk"))
        return (
            self.filter(purpose="action", reply_deadline__isnull=False)
            .exclude(status__in=("replied", "closed"))
            .filter(~Exists(replies))
        )

    def with_awaiting_reply(self) -> LiaisonStatementQuerySet:
        """Annotate `is_awaiting_reply` (for lists: no query per row)."""
        replies = self.model.objects.filter(replies_to=OuterRef("pk"))
        return self.annotate(
            is_awaiting_reply=models.ExpressionWrapper(
                Q(purpose="action", reply_deadline__isnull=False)
                & ~Q(status__in=("replied", "closed"))
                & ~Exists(replies),
                output_field=models.BooleanField(),
            )
        )

    def reply_due_before(self, day: dt.date) -> LiaisonStatementQuerySet:
        return self.filter(reply_deadline__lte=day)
