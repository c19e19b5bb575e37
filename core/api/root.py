"""The API's front door: GET /api/v1/ lists every endpoint a newcomer can start from.

Read from the URL patterns the API is built of (each app's router and its own paths), so an app
that adds an endpoint is listed without anyone writing it here: every pattern without a path
parameter (the lists, the schema, the docs), by its path, as DRF's DefaultRouter root does for
one router."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import URLPattern, URLResolver, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


def _routes(patterns: Iterable, prefix: str = "") -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if not entry.pattern.regex.groups:
                yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            path = (prefix + str(entry.pattern)).lstrip("^").rstrip("$").strip("/")
            if path:
                yield path, entry.name


class APIRootView(APIView):
    """Lists the endpoints of the API it is given (`patterns`)."""

    patterns: Iterable = ()
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The endpoints of the API",
        description=_(
            "Every list of records and the API's documentation, each by name with "
            "its address: a place to start. Records are then found by their code "
            "(/api/v1/groups/SG17/)."
        ),
        responses={
            200: OpenApiResponse(
                response={
                    "type": "object",
                    "additionalProperties": {"type": "string", "format": "uri"},
                },
                description=_("Endpoint name → its address."),
                examples=[
                    OpenApiExample(
                        "Some of the endpoints",
                        value={
                            "groups": "https://tracker.example.org/api/v1/groups/",
                            "liaisons": "https://tracker.example.org/api/v1/liaisons/",
                            "docs": "https://tracker.example.org/api/v1/docs/",
                        },
                    )
                ],
            )
        },
    )
    def get(self, request: Request) -> Response:
        seen: dict[str, str] = {}
        for path, name in _routes(self.patterns):
            seen.setdefault(path, request.build_absolute_uri(reverse(name)))
        return Response(dict(sorted(seen.items())))
