"""Atom feeds people can subscribe to: one per public list (the records most recently created
or changed) and one per group (new deliverables allocated to it, new liaison statements to or
from it, its meetings). Each reads a bounded number of rows in a constant number of queries,
newest first from an indexed column. The pages link them (core.feeds, registered in apps.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib.syndication.views import Feed
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.api.querysets import shown
from deliverables.models import Deliverable, Group
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Document, Meeting

ENTRIES = 50
GROUP_ENTRIES_PER_KIND = 20


class RecordListFeed(Feed):
    """The ENTRIES records of a list changed last (`last_updated`, indexed), newest first."""

    feed_type = Atom1Feed
    model: ClassVar[type[Model]]
    page: ClassVar[str]  # the list page's URL name
    related: ClassVar[dict[str, list[str]]] = {}
    title = ""
    subtitle = ""

    def link(self) -> str:
        return reverse(self.page)

    def items(self) -> QuerySet:
        queryset = self.model._default_manager.select_related(*self.related)
        return shown(queryset, **self.related).order_by("-last_updated")[:ENTRIES]

    def item_title(self, item: Model) -> str:
        return str(item)

    def item_description(self, item: Model) -> str:
        return str(getattr(item, "title", "") or getattr(item, "text", "") or item)

    def item_pubdate(self, item: Any) -> dt.datetime:
        return item.created

    def item_updateddate(self, item: Any) -> dt.datetime:
        return item.last_updated


class DeliverablesFeed(RecordListFeed):
    model = Deliverable
    page = "deliverables:deliverable-list"
    title = _("Deliverables: created or changed")
    subtitle = _("The deliverables of the work programme created or changed last.")


class GroupsFeed(RecordListFeed):
    model = Group
    page = "deliverables:group-list"
    title = _("Groups: created or changed")
    subtitle = _("The groups created or changed last.")

    def item_description(self, item: Model) -> str:
        return f"{item} {getattr(item, 'name', '')}"


class MeetingsFeed(RecordListFeed):
    model = Meeting
    page = "meetings:meeting-list"
    title = _("Meetings: created or changed")
    subtitle = _("The meetings planned or changed last.")


class DocumentsFeed(RecordListFeed):
    model = Document
    page = "meetings:document-list"
    title = _("Documents: created or changed")
    subtitle = _("The TDs and contributions registered or changed last.")


class ActionsFeed(RecordListFeed):
    model = ActionItem
    page = "meetings:action-list"
    related: ClassVar[dict[str, list[str]]] = {"meeting": ["code"]}
    title = _("Action items: created or changed")
    subtitle = _("The action items agreed or changed last.")


class LiaisonsFeed(RecordListFeed):
    model = LiaisonStatement
    page = "liaisons:liaison-list"
    related: ClassVar[dict[str, list[str]]] = {"document": ["number", "revision"]}
    title = _("Liaison statements: created or changed")
    subtitle = _("The liaison statements registered or changed last.")


@dataclass(frozen=True)
class GroupEntry:
    title: str
    description: str
    link: str
    created: dt.datetime
    updated: dt.datetime
    category: str


class GroupFeed(Feed):
    """What is new for one group: deliverables allocated to it, liaison statements to or from
    it, its meetings (the GROUP_ENTRIES_PER_KIND newest of each, merged newest first)."""

    feed_type = Atom1Feed

    def get_object(self, request, code: str) -> Group:
        return get_object_or_404(Group.objects.only("code", "name", "kind"), code=code)

    def title(self, group: Group) -> str:
        return gettext("%(code)s: new work, liaison statements and meetings") % {"code": group.code}

    def subtitle(self, group: Group) -> str:
        return gettext(
            "New deliverables allocated to %(code)s (%(name)s), new liaison statements to or from "
            "it, and its meetings."
        ) % {"code": group.code, "name": group.name}

    def link(self, group: Group) -> str:
        return group.get_absolute_url()

    def items(self, group: Group) -> list[GroupEntry]:
        n = GROUP_ENTRIES_PER_KIND
        entries: list[GroupEntry] = []
        deliverables = shown(Deliverable.objects.allocated_to(group)).order_by("-pk")[:n]
        entries += [
            GroupEntry(
                gettext("Allocated to %(group)s: %(code)s") % {"group": group.code, "code": d.code},
                d.title,
                d.get_absolute_url(),
                d.created,
                d.last_updated,
                "deliverable",
            )
            for d in deliverables
        ]
        statements = LiaisonStatement.objects.select_related("document").defer(
            "document__search_vector"
        )
        received = statements.addressed_to(group, first_rows=True).order_by("-pk")[:n]
        sent = statements.sent_by(group).order_by("-pk")[:n]
        seen = set()
        for heading, rows in (
            (gettext("Liaison statement to %(group)s: %(statement)s"), received),
            (gettext("Liaison statement from %(group)s: %(statement)s"), sent),
        ):
            for s in rows:
                if s.pk in seen:
                    continue
                seen.add(s.pk)
                entries.append(
                    GroupEntry(
                        heading % {"group": group.code, "statement": s},
                        s.title or str(s),
                        s.get_absolute_url(),
                        s.created,
                        s.last_updated,
                        "liaison statement",
                    )
                )
        meetings = shown(Meeting.objects.filter(groups=group)).order_by("-pk")[:n]
        entries += [
            GroupEntry(
                gettext("Meeting of %(group)s: %(title)s")
                % {"group": group.code, "title": m.title},
                gettext("%(title)s, from %(day)s")
                % {"title": m.title, "day": f"{m.starts_at:%Y-%m-%d}"}
                if m.starts_at
                else m.title,
                m.get_absolute_url(),
                m.created,
                m.last_updated,
                "meeting",
            )
            for m in meetings
        ]
        entries.sort(key=lambda entry: entry.created, reverse=True)
        return entries[:ENTRIES]

    def item_title(self, item: GroupEntry) -> str:
        return item.title

    def item_description(self, item: GroupEntry) -> str:
        return item.description

    def item_link(self, item: GroupEntry) -> str:
        return item.link

    def item_pubdate(self, item: GroupEntry) -> dt.datetime:
        return item.created

    def item_updateddate(self, item: GroupEntry) -> dt.datetime:
        return item.updated

    def item_categories(self, item: GroupEntry) -> list[str]:
        return [item.category]


LIST_FEEDS: list[tuple[str, type[RecordListFeed], str]] = [
    ("deliverables/feed.atom", DeliverablesFeed, "deliverable-feed"),
    ("groups/feed.atom", GroupsFeed, "group-list-feed"),
    ("meetings/feed.atom", MeetingsFeed, "meeting-feed"),
    ("documents/feed.atom", DocumentsFeed, "document-feed"),
    ("actions/feed.atom", ActionsFeed, "action-feed"),
    ("liaisons/feed.atom", LiaisonsFeed, "liaison-feed"),
]

# (page, feed, title) for the pages' <link rel="alternate">.
ALTERNATES: list[tuple[str, str, str]] = [
    *[(feed.page, f"integrations:{name}", feed.title) for _, feed, name in LIST_FEEDS],
    ("deliverables:matrix", "integrations:deliverable-feed", DeliverablesFeed.title),
    ("deliverables:group-detail", "integrations:group-feed", _("{code}: what is new")),
]
