"""Which pages have a feed of their own, registered by the app that serves the feed, so a page
links it (`<link rel="alternate" type="application/atom+xml">` in base.html) without the page's
app knowing the feed's."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class AlternateFeed:
    page: str  # the page's URL name, namespaced ("deliverables:group-detail")
    feed: str  # the feed's URL name, taking the page's own URL arguments
    title: str  # "Deliverables", or "{code}: new work" with the page's arguments


class AlternateFeeds:
    def __init__(self) -> None:
        self._by_page: dict[str, list[AlternateFeed]] = {}

    def register(self, page: str, feed: str, title: str) -> None:
        self._by_page.setdefault(page, []).append(AlternateFeed(page, feed, title))

    def for_request(self, request: HttpRequest) -> list[dict[str, str]]:
        """The feeds of the page `request` shows: their URLs and titles."""
        match = getattr(request, "resolver_match", None)
        if match is None:
            return []
        links = []
        for alternate in self._by_page.get(match.view_name, []):
            try:
                url = reverse(alternate.feed, kwargs=match.kwargs)
            except NoReverseMatch:
                continue
            links.append({"url": url, "title": alternate.title.format(**match.kwargs)})
        return links


alternate_feeds = AlternateFeeds()
