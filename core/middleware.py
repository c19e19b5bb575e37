"""Refusals made before any view runs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from core.codes import has_control_characters, no_control_characters

API_PREFIX = "/api/"


class RefuseControlCharactersMiddleware:
    """A query parameter holding a NUL byte (PostgreSQL cannot even compare one) or another
    control character is a 400 naming the parameter, for every page and API endpoint alike,
    instead of reaching a filter, a form or a lookup that would send it to the database. The
    API answers as its validation errors do (`{"param": ["message"]}`); pages with a short
    text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = sorted(
            name
            for name, values in request.GET.lists()
            if has_control_characters(name) or any(map(has_control_characters, values))
        )
        if not refused:
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse(
                {name: [no_control_characters.message] for name in refused}, status=400
            )
        names = ", ".join(name.encode("unicode_escape").decode("ascii") for name in refused)
        return HttpResponseBadRequest(
            f"{no_control_characters.message} Parameter: {names}".encode(),
            content_type="text/plain; charset=utf-8",
        )
