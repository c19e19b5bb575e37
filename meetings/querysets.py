from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.db.models import Q
from django.utils import timezone


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        """Meetings that have not ended yet."""
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__lt=now or timezone.now())

    def with_deadline_between(self, start: dt.date, end: dt.date) -> MeetingQuerySet:
        return self.filter(contribution_deadline__gte=start, contribution_deadline__lte=end)


DOCUMENT_CODE = re.compile(r"^(?P<number>[A-Za-z]+\d+)(?:-?R(?P<revision>\d+))?$", re.IGNORECASE)


def split_document_code(code: str) -> tuple[str, int | None]:
    """'TD480-R1' → ('TD480', 1); 'TD480' → ('TD480', None); also 'TD257R1'."""
    match = DOCUMENT_CODE.match(code.strip())
    if not match:
        raise ValueError(f"{code!r} is not a document number such as TD480 or TD480-R1.")
    revision = match["revision"]
    return match["number"].upper(), int(revision) if revision is not None else None


class DocumentQuerySet(models.QuerySet):
    def matching(self, code: str) -> DocumentQuerySet:
        """Documents a code names: 'TD480' names every revision, 'TD480-R1' only that one."""
        number, revision = split_document_code(code)
        qs = self.filter(number__iexact=number)
        return qs if revision is None else qs.filter(revision=revision)

    def resolve(self, code: str):
        """The document a code stands for: the latest revision when none is given."""
        return self.matching(code).order_by("-revision").first()

    def latest_revisions(self) -> DocumentQuerySet:
        later = self.model.objects.filter(
            number=models.OuterRef("number"), revision__gt=models.OuterRef("revision")
        )
        return self.filter(~models.Exists(later))


class ActionItemQuerySet(models.QuerySet):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status="open")

    def overdue(self, on: dt.date | None = None) -> ActionItemQuerySet:
        """Open and past its due date; derived, never stored."""
        return self.filter(status="open", due_date__lt=on or timezone.localdate())

    def not_overdue(self, on: dt.date | None = None) -> ActionItemQuerySet:
        return self.exclude(Q(status="open") & Q(due_date__lt=on or timezone.localdate()))

    def due_before(self, day: dt.date) -> ActionItemQuerySet:
        return self.filter(due_date__lte=day)
