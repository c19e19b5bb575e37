"""The Atom feeds (feeds.py)."""

from django.urls import path

from .feeds import LIST_FEEDS, GroupFeed

app_name = "integrations"

urlpatterns = [
    *[path(route, feed(), name=name) for route, feed, name in LIST_FEEDS],
    path("groups/<code:code>/feed.atom", GroupFeed(), name="group-feed"),
]
