from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from core.models import TimestampedQuerySet
from deliverables.models import Group
from meetings.querysets import split_document_code

if TYPE_CHECKING:
    # Named as strings in the QuerySets' generic bases (for mypy).
    from .models import LiaisonStatement


class LiaisonStatementQuerySet(TimestampedQuerySet["LiaisonStatement"]):
    def for_lists(self) -> LiaisonStatementQuerySet:
        """Everything a list row shows (awaiting reply, document, groups, replies), in a constant
        number of queries."""
        return (
            self.with_awaiting_reply()
            .select_related("document")
            .prefetch_related("from_groups", "to_groups", "replies")
        )

    def resolve(self, key: str) -> LiaisonStatement | None:
        """The statement a key names: its own code ("td480-r1", "tsag-ls14r1", any case), else
        the document code, so TD480 and TD480-R1 both find the statement of TD480-R1.

        A document number without revision names the statement of its latest revision that is
        a liaison statement (a later revision that is not one does not hide it)."""
        found = self.filter(code=key).first() or self.filter(code__iexact=key).first()
        if found is not None:
            return found
        try:
            number, revision = split_document_code(key)
        except ValueError:
            return None
        candidates = self.filter(document__number__iexact=number)
        if revision is not None:
            candidates = candidates.filter(document__revision=revision)
        return candidates.order_by("-document__revision").first()

    def addressed_to(self, group: Group, first_rows: bool = False) -> LiaisonStatementQuerySet:
        """Sent to `group` directly, or to all study groups when it is one (SG12 included).

        A union of two index lookups: an OR of the two conditions reads every statement. With
        `first_rows`, the OR instead, tested row by row: for the first rows of a list read in
        the order of an index (a group page's inbox), which stops after a page, where the union
        would first collect every statement sent to all study groups (hundreds at 10×)."""
        if first_rows:
            named = self.model.to_groups.through.objects.filter(
                group=group, liaisonstatement=OuterRef("pk")
            )
            condition = Q(Exists(named))
            if group.is_study_group:
                condition |= Q(to_all_study_groups=True)
            return self.filter(condition)
        ids = self.model.to_groups.through.objects.filter(group=group).values("liaisonstatement_id")
        if group.is_study_group:
            to_all = self.model.objects.order_by().filter(to_all_study_groups=True).values("pk")
            ids = ids.order_by().union(to_all)
        return self.filter(pk__in=ids)

    def recipient_groups(self) -> QuerySet[Group]:
        """The groups these statements can reach: every study group (a statement to all study
        groups reaches each) and any other group addressed by name."""
        named = Exists(self.filter(to_groups=OuterRef("pk")))
        return Group.objects.filter(Q(kind="study_group") | named)

    def sender_groups(self) -> QuerySet[Group]:
        """The groups that sent these statements."""
        return Group.objects.filter(Exists(self.filter(from_groups=OuterRef("pk"))))

    def sent_by(self, group: Group) -> LiaisonStatementQuerySet:
        through = self.model.from_groups.through.objects.filter(
            liaisonstatement=OuterRef("pk"), group=group
        )
        return self.filter(Exists(through))

    def _replied_by(self, group: Group | OuterRef) -> Exists:
        """Some reply to the statement (OuterRef "pk") is sent by `group`."""
        senders = self.model.from_groups.through.objects
        return Exists(senders.filter(liaisonstatement__replies_to=OuterRef("pk"), group=group))

    def _asks_for_reply(self) -> Q:
        """`LiaisonStatement.asks_for_reply` in SQL."""
        return Q(purpose="action", reply_deadline__isnull=False) & ~Q(
            status__in=self.model.REPLY_SETTLED
        )

    def _awaiting_reply(self, from_group: Group | None = None) -> Q:
        # One definition for the filter and the annotation, so a list and its filter agree.
        # A reply closes the wait for the group that sent it, not for every addressee: awaited
        # while a named addressee has not replied (or, naming none, while nobody has).
        asked = self._asks_for_reply()
        if from_group is not None:
            return asked & ~Q(self._replied_by(from_group))
        named = self.model.to_groups.through.objects.filter(liaisonstatement=OuterRef("pk"))
        reply_senders = self.model.from_groups.through.objects.filter(
            liaisonstatement__replies_to=OuterRef("liaisonstatement"),
            group=OuterRef("group"),
        )
        replies = self.model.objects.filter(replies_to=OuterRef("pk"))
        return asked & (
            Exists(named.filter(~Exists(reply_senders))) | (~Exists(named) & ~Exists(replies))
        )

    def awaiting_reply(self, from_group: Group | None = None) -> LiaisonStatementQuerySet:
        """For action, with a reply deadline, not answered or settled, and some addressee (or
        `from_group`) has not replied."""
        return self.filter(self._awaiting_reply(from_group))

    def not_awaiting_reply(self, from_group: Group | None = None) -> LiaisonStatementQuerySet:
        return self.exclude(self._awaiting_reply(from_group))

    def with_awaiting_reply(self, from_group: Group | None = None) -> LiaisonStatementQuerySet:
        """Annotate `is_awaiting_reply` (for lists: no query per row); with `from_group`, whether
        that group's reply is awaited (a group's inbox)."""
        return self.annotate(
            is_awaiting_reply=models.ExpressionWrapper(
                self._awaiting_reply(from_group), output_field=models.BooleanField()
            )
        )

    def answered(self) -> LiaisonStatementQuerySet:
        """Statements some other statement replies to."""
        return self.filter(Exists(self.model.objects.filter(replies_to=OuterRef("pk"))))

    def reply_due_before(self, day: dt.date) -> LiaisonStatementQuerySet:
        return self.filter(reply_deadline__lte=day)

    def reply_due_after(self, day: dt.date) -> LiaisonStatementQuerySet:
        return self.filter(reply_deadline__gte=day)

    def newest_first(self) -> LiaisonStatementQuerySet:
        """Latest date first, undated last, then by code: the lists' order, the one the index
        liaison_statement_list_order holds, so a page of a list reads a page of the index
        (`order_by("-date")` puts undated first, which no index holds: every statement sorted)."""
        return self.order_by(models.F("date").desc(nulls_last=True), "code")

    def by_reply_deadline(self) -> LiaisonStatementQuerySet:
        """Soonest reply deadline first, statements without one last (an inbox's order)."""
        return self.order_by(
            models.F("reply_deadline").asc(nulls_last=True),
            models.F("date").desc(nulls_last=True),
            "code",
        )
