"""Conditional requests: no lost update through the API.

Every detail response carries a strong `ETag`; `If-None-Match` on a GET answers 304, and
`If-Match` on a write (PUT, PATCH, DELETE, or a POST action on one record) must name the record's
current ETag or the request is refused with 412 and nothing is written. `If-Match` is optional:
without it a write goes through, but it still reads the record under a row lock, so two
concurrent writes are applied one after the other, each on the record as the other left it.

The ETag is a digest of the record's identity, its `last_updated` and the representation the
response shows. `last_updated` alone would miss what a response embeds from other rows (a group's
current leadership, a statement's replies and attachments, which fields this user may see), and a
304 would then keep a client's stale copy; the representation alone would miss a change to a field
this user is not shown. It is strong, not weak, because `If-Match` compares strongly (RFC 9110
§13.1.1): a weak tag could never match there. One function computes it, for the response and for
the check.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from django.db.models import Model
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, ListSerializer

STALE_MESSAGE = _(
    "The record has changed since you read it: If-Match does not name its current ETag. Nothing "
    "was written. Read the record again (GET), re-apply your change and send the new ETag."
)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE_MESSAGE
    default_code = "precondition_failed"


def etag_for(instance: Model, representation: Any) -> str:
    """The strong ETag of `instance` as `representation` (a serializer's data) shows it."""
    version = getattr(instance, "last_updated", None)
    identity = f"{instance._meta.label}|{instance.pk}|{version.isoformat() if version else ''}|"
    digest = hashlib.sha256(identity.encode())
    digest.update(JSONRenderer().render(representation))
    return f'"{digest.hexdigest()[:40]}"'


def _strong_match(etag: str, header: str) -> bool:
    """If-Match: `*`, or one of the listed tags, compared strongly (a weak tag never matches)."""
    tags = parse_etags(header)
    return tags == ["*"] or (etag in tags and not etag.startswith("W/"))


def _weak_match(etag: str, header: str) -> bool:
    """If-None-Match: `*`, or one of the listed tags, compared weakly."""
    tags = parse_etags(header)
    return tags == ["*"] or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


class ConditionalRequestsMixin:
    """For a ModelViewSet (or any GenericViewSet with detail routes) over Timestamped records.

    Hooks into `check_object_permissions`, which every `get_object` calls (the apps' own
    `get_object`s included), and `finalize_response`."""

    request: Request
    detail: bool | None

    def check_object_permissions(self, request: Request, obj: Model) -> None:
        super().check_object_permissions(request, obj)  # type: ignore[misc]
        if request.method in SAFE_METHODS:
            return
        read_was_current = self._lock(obj)
        if_match = request.headers.get("If-Match")
        if_none_match = request.headers.get("If-None-Match")
        if if_match is None and if_none_match is None:
            return
        current = etag_for(obj, self.get_serializer(obj).data)  # type: ignore[attr-defined]
        self._current_etag = current
        if if_match is not None and not (read_was_current and _strong_match(current, if_match)):
            raise PreconditionFailed
        if if_none_match is not None and _weak_match(current, if_none_match):
            raise PreconditionFailed(
                _(
                    "If-None-Match names the record's current ETag (or *), so the write was not "
                    "made. Nothing was written."
                )
            )

    def _lock(self, obj: Model) -> bool:
        """Locks the record's row until the request's transaction ends (ATOMIC_REQUESTS), so no
        other write lands between this request's reading and writing. True when `obj` was read
        as the row now stands; when another write committed in between, `obj` is refreshed."""
        manager = type(obj)._default_manager
        version = "last_updated" if hasattr(obj, "last_updated") else "pk"
        current = (
            manager.select_for_update().filter(pk=obj.pk).values_list(version, flat=True).first()
        )
        if current is None:
            raise exceptions.NotFound
        if current == getattr(obj, version):
            return True
        obj.refresh_from_db()
        return False

    def finalize_response(self, request: Request, response: Response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        etag = self._response_etag(response)
        if etag is not None:
            response["ETag"] = etag
            if request.method in ("GET", "HEAD") and _weak_match(
                etag, request.headers.get("If-None-Match", "")
            ):
                response.status_code = status.HTTP_304_NOT_MODIFIED
                response.data = None
        elif response.status_code == status.HTTP_412_PRECONDITION_FAILED:
            current = getattr(self, "_current_etag", None)
            if current:
                response["ETag"] = current
        return response

    def _response_etag(self, response: Response) -> str | None:
        """The ETag of a 200 that shows this endpoint's record (a GET, a PUT or PATCH, an action
        answering with the record), None for lists and anything else."""
        if response.status_code != status.HTTP_200_OK or not self.detail:
            return None
        serializer = getattr(response.data, "serializer", None)
        if not isinstance(serializer, BaseSerializer) or isinstance(serializer, ListSerializer):
            return None
        if not isinstance(serializer, self.get_serializer_class()):  # type: ignore[attr-defined]
            return None
        if not isinstance(serializer.instance, Model):
            return None
        return etag_for(serializer.instance, response.data)


# --- the OpenAPI schema ------------------------------------------------------------------------

ETAG_DESCRIPTION = (
    "The record's version as this response shows it; send it back in If-Match to write only if "
    "nobody has changed the record since, or in If-None-Match to read it again only if it has "
    "changed."
)
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "schema": {"type": "string"},
    "description": "Optional: the ETag the change is based on. When it is not the record's "
    "current ETag, the answer is 412 and nothing is written.",
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "schema": {"type": "string"},
    "description": "Optional: an ETag you hold; 304 (no body) when it is still the current one.",
}
PRECONDITION_FAILED_RESPONSE = {
    "description": "If-Match does not name the record's current ETag (sent in the ETag header): "
    "the record changed since it was read. Nothing was written.",
    "headers": {"ETag": {"schema": {"type": "string"}, "description": "The current ETag."}},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


def document_conditional_requests(result: dict, generator: Any, **kwargs: Any) -> dict:
    """A drf-spectacular postprocessing hook: the ETag, If-Match and If-None-Match headers and
    the 304 and 412 answers on the detail operations of every ConditionalRequestsMixin view."""
    for path, _regex, method, callback in generator.endpoints or []:
        view_class = getattr(callback, "cls", None)
        if view_class is None or not issubclass(view_class, ConditionalRequestsMixin):
            continue
        if not getattr(callback, "initkwargs", {}).get("detail"):
            continue
        # The path as the schema names it ({pk} becomes {id}).
        path = generator.coerce_path(path, method, generator.create_view(callback, method))
        operation = result.get("paths", {}).get(path, {}).get(method.lower())
        if operation is None:
            continue
        parameters = operation.setdefault("parameters", [])
        responses = operation.setdefault("responses", {})
        if method in ("GET", "HEAD"):
            parameters.append(copy.deepcopy(IF_NONE_MATCH))
            responses.setdefault(
                "304",
                {
                    "description": "Not modified: the ETag sent is current. No body.",
                    "headers": {"ETag": {"schema": {"type": "string"}, "description": "The same."}},
                },
            )
        else:
            parameters.append(copy.deepcopy(IF_MATCH))
            responses.setdefault("412", copy.deepcopy(PRECONDITION_FAILED_RESPONSE))
        ok = responses.get("200")
        if ok is not None:
            ok.setdefault("headers", {})["ETag"] = {
                "schema": {"type": "string"},
                "description": ETAG_DESCRIPTION,
            }
    return result
