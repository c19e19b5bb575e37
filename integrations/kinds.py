"""The kinds of record the API exposes, found from its routes: each public ViewSet's list route
names a kind (`deliverables`, `action-items`: the URL segment a tool already knows), its model,
its detail route and the field its URL is keyed by. The change feed, the webhooks and their
payloads read this one list, so a ViewSet added to the API is in the feed without a line here.

Only ViewSets an anonymous reader may list are kinds: subscriptions (each user's own) are not
published to other tools."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.request import Request
from rest_framework.reverse import reverse


@dataclass(frozen=True)
class Kind:
    """One kind of record of the API: `name` is its URL segment (`deliverables`)."""

    name: str
    model: type[Model]
    basename: str
    viewset: type
    lookup_field: str
    lookup_url_kwarg: str
    url_kwargs: tuple[str, ...]  # the detail route's arguments, in URL order

    def code_of(self, record: Model) -> str:
        """The record's key in its API URL: its code, slug or number, or the URL's parts
        joined by "/" when it takes several (an action: `<meeting code>/<action code>`)."""
        parts = []
        for name in self.url_kwargs:
            value = getattr(record, self.lookup_field if name == self.lookup_url_kwarg else name)
            if isinstance(value, Model):  # a record named by its parent's code
                value = getattr(value, "code", value.pk)
            parts.append(str(value))
        return "/".join(parts)

    def link(self, code: str, request: Request | HttpRequest | None = None) -> str:
        values = code.split("/", len(self.url_kwargs) - 1)
        kwargs = dict(zip(self.url_kwargs, values, strict=True))
        return reverse(f"{self.basename}-detail", kwargs=kwargs, request=request)


def _anonymous_request() -> Request:
    request = HttpRequest()
    request.method = "GET"
    request.user = AnonymousUser()
    drf_request = Request(request)
    drf_request.user = AnonymousUser()
    return drf_request


def _is_public(viewset: type) -> bool:
    request = _anonymous_request()
    view = viewset(action="list", kwargs={}, format_kwarg=None, request=request)
    return all(permission().has_permission(request, view) for permission in view.permission_classes)


def _viewset_routes(patterns: list, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """(route, pattern) of every ViewSet route: lists and details."""
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _viewset_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif (
            isinstance(pattern, URLPattern)
            and (pattern.name or "").endswith(("-list", "-detail"))
            and getattr(pattern.callback, "actions", None) is not None
        ):
            found.append((prefix + str(pattern.pattern), pattern))
    return found


@functools.cache
def api_kinds() -> dict[str, Kind]:
    """Every public kind of the API under /api/v1/, by name; built once, from the URLconf."""
    kinds: dict[str, Kind] = {}
    routes = _viewset_routes(get_resolver().url_patterns)
    details = {
        str(pattern.name).removesuffix("-detail"): pattern
        for _, pattern in routes
        if str(pattern.name).endswith("-detail")
    }
    for route, pattern in routes:
        if not str(pattern.name).endswith("-list"):
            continue
        basename = str(pattern.name).removesuffix("-list")
        if not route.startswith("api/v1/") or basename not in details:
            continue
        viewset = pattern.callback.cls  # type: ignore[attr-defined]
        serializer_class = getattr(viewset, "serializer_class", None)
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
        if model is None or not hasattr(model, "history") or not _is_public(viewset):
            continue
        if any(kind.model is model for kind in kinds.values()):
            # A second list of the same records (the Questions among the groups): a change is
            # reported once, under the kind that lists them all.
            continue
        name = route.removeprefix("api/v1/").strip("^$/").split("/")[-1]
        lookup_field = getattr(viewset, "lookup_field", "pk")
        groups = details[basename].pattern.regex.groupindex
        kinds[name] = Kind(
            name=name,
            model=model,
            basename=basename,
            viewset=viewset,
            lookup_field=lookup_field,
            lookup_url_kwarg=getattr(viewset, "lookup_url_kwarg", None) or lookup_field,
            url_kwargs=tuple(sorted(groups, key=groups.__getitem__)),
        )
    return kinds


def kind_for_model(model: type[Model]) -> Kind | None:
    return _kinds_by_model().get(model)


@functools.cache
def _kinds_by_model() -> dict[type[Model], Kind]:
    return {kind.model: kind for kind in api_kinds().values()}


# Records the API shows inside another's page (a deliverable's distribution lines, a meeting's
# sessions, a work item's stages and editors, a statement's attachments), by the field naming
# that parent: a change to one is a change of its parent, in the change log and its feeds.
CHILD_RECORDS: dict[str, str] = {
    "deliverables.distribution": "deliverable",
    "meetings.session": "meeting",
    "workitems.workitemevent": "work_item",
    "workitems.workitemeditor": "work_item",
    "liaisons.attachment": "statement",
}


def parent_of(record: Model) -> tuple[Kind, Model] | None:
    """The kind and record `record` is shown inside, when it is one of `CHILD_RECORDS` and
    its parent is still there."""
    field = CHILD_RECORDS.get(record._meta.label_lower)
    if field is None:
        return None
    try:
        parent = getattr(record, field)
    except ObjectDoesNotExist:
        return None
    kind = kind_for_model(type(parent)) if parent is not None else None
    return (kind, parent) if kind is not None else None
