"""Every public list page holds a bounded page, however big its table: a generic check over the
site's URLs, so a new list page cannot forget to paginate."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic.list import MultipleObjectMixin

pytestmark = pytest.mark.django_db

MOST_ROWS = 100


def list_pages(patterns=None, prefix: str = ""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin", "api")):
                continue
            yield from list_pages(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None)
            if view and issubclass(view, MultipleObjectMixin) and "<" not in str(entry.pattern):
                yield "/" + prefix + str(entry.pattern), view


PAGES = sorted(list_pages(), key=lambda page: page[0])


def test_the_site_has_list_pages():
    urls = {url for url, _ in PAGES}
    assert {"/deliverables/", "/groups/", "/meetings/", "/actions/", "/liaisons/"} <= urls


@pytest.mark.parametrize(("url", "view"), PAGES, ids=[url for url, _ in PAGES])
def test_every_list_page_is_paginated_in_sql_with_a_bounded_page(client, url, view):
    assert view.paginate_by, f"{url} shows a whole table"
    assert view.paginate_by <= MOST_ROWS
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.per_page == view.paginate_by
    # A page past the end is a clear 404, never a 500 or an empty 200.
    assert client.get(url, {"page": 9999}).status_code == 404
