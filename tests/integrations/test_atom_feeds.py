"""Atom feeds: one per public list and one per group, well-formed, bounded, in a constant
number of queries, and linked from the pages they belong to."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integrations.feeds import ENTRIES, LIST_FEEDS
from liaisons.models import Direction
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    StudyGroupFactory,
)
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314
    assert feed.tag == f"{ATOM}feed"
    return feed


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def make_records(n: int) -> None:
    group = StudyGroupFactory()
    for _ in range(n):
        DistributionFactory(group=group)
        meeting = MeetingFactory(groups=[group])
        ActionItemFactory(meeting=meeting)
        DocumentFactory()
        LiaisonStatementFactory(to_groups=[group])


class AlternateLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.links.append(attrs)


def alternate_links(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    parser = AlternateLinks()
    parser.feed(response.text)
    return parser.links


@pytest.mark.parametrize(("route", "feed", "name"), LIST_FEEDS, ids=[n for _, _, n in LIST_FEEDS])
def test_each_list_feed_parses_newest_first_in_constant_queries(client, route, feed, name):
    url = reverse(f"integrations:{name}")
    make_records(2)
    with CaptureQueriesContext(connection) as few:
        small = entries(parse(client.get(url)))
    assert small
    make_records(12)
    with CaptureQueriesContext(connection) as many:
        big = entries(parse(client.get(url)))
    assert len(many) == len(few)
    assert 12 < len(big) <= ENTRIES
    assert [e["updated"] for e in big] == sorted((e["updated"] for e in big), reverse=True)
    assert all(e["link"].startswith("http://testserver/") for e in big)


@pytest.mark.parametrize(("route", "feed", "name"), LIST_FEEDS, ids=[n for _, _, n in LIST_FEEDS])
def test_each_list_page_links_its_feed(client, route, feed, name):
    make_records(1)
    links = alternate_links(client, reverse(feed.page))
    expected = reverse(f"integrations:{name}")
    assert {"type": "application/atom+xml", "href": expected} in [
        {"type": link["type"], "href": link["href"]} for link in links
    ]
    parse(client.get(expected))


def test_a_group_feed_has_its_new_work_statements_and_meetings(client):
    sg = StudyGroupFactory(code="SG88")
    other = StudyGroupFactory(code="SG89")
    allocated = DeliverableFactory(code="Y.8801")
    DistributionFactory(deliverable=allocated, group=sg)
    DistributionFactory(deliverable=DeliverableFactory(code="Y.8901"), group=other)
    LiaisonStatementFactory(title="Question on topic X", to_groups=[sg])
    LiaisonStatementFactory(
        title="Answer from SG88", from_groups=[sg], direction=Direction.OUTGOING
    )
    MeetingFactory(title="SG88 plenary", groups=[sg])
    MeetingFactory(title="SG89 plenary", groups=[other])

    url = reverse("integrations:group-feed", kwargs={"code": "SG88"})
    feed = parse(client.get(url))
    titles = [e["title"] for e in entries(feed)]
    assert "Allocated to SG88: Y.8801" in titles
    assert "Meeting of SG88: SG88 plenary" in titles
    assert any(t.startswith("Liaison statement to SG88") for t in titles)
    assert any(t.startswith("Liaison statement from SG88") for t in titles)
    assert not any("Y.8901" in t or "SG89" in t for t in titles)

    assert {"type": "application/atom+xml", "href": url} in [
        {"type": link["type"], "href": link["href"]}
        for link in alternate_links(client, sg.get_absolute_url())
    ]


def test_a_group_feed_runs_the_same_queries_however_much_is_new(client):
    sg = StudyGroupFactory(code="SG87")
    url = reverse("integrations:group-feed", kwargs={"code": "SG87"})

    def add(n):
        for _ in range(n):
            DistributionFactory(group=sg)
            MeetingFactory(groups=[sg])
            LiaisonStatementFactory(to_groups=[sg])
            LiaisonStatementFactory(from_groups=[sg])

    add(1)
    with CaptureQueriesContext(connection) as few:
        parse(client.get(url))
    add(30)
    with CaptureQueriesContext(connection) as many:
        assert len(entries(parse(client.get(url)))) == ENTRIES
    assert len(many) == len(few)


def test_the_feed_of_an_unknown_group_is_not_found(client):
    assert client.get("/groups/SG404/feed.atom").status_code == 404
