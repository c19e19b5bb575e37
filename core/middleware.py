"""Refusals made before any view runs."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

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
            (
                _("%(problem)s Parameter: %(names)s")
                % {"problem": no_control_characters.message, "names": names}
            ).encode(),
            content_type="text/plain; charset=utf-8",
        )


def body_limit(content_type: str) -> int:
    """The most bytes an API request body may have: API_MAX_BODY_BYTES, plus room for one file
    (ATTACHMENT_MAX_BYTES, which core.uploads enforces on the file itself) in a multipart body."""
    limit: int = settings.API_MAX_BODY_BYTES
    if content_type.split(";")[0].strip().lower() == "multipart/form-data":
        limit += settings.ATTACHMENT_MAX_BYTES
    return limit


class LimitApiBodyMiddleware:
    """An API request whose body is larger than `body_limit` is a 413 before any of it is read.

    DRF's parsers read the request stream themselves, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE
    (which guards `request.body` and `request.POST`) never applies to them: a 500 MB JSON body
    would be read into memory and parsed. The declared length is enough to judge by: Django
    reads no more of a body than its Content-Length, and nothing of one without it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0  # as Django reads it: no body
            limit = body_limit(request.META.get("CONTENT_TYPE", ""))
            if length > limit:
                return JsonResponse(
                    {
                        "detail": _("The request body is too large: at most %(limit)s bytes.")
                        % {"limit": number_format(limit, force_grouping=True)}
                    },
                    status=413,
                )
        return self.get_response(request)
