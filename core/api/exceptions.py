from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class StillReferenced(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "still_referenced"


def trigger_violation(exc: IntegrityError) -> DjangoValidationError | None:
    """A rule that only a database trigger can keep (no cycle of parents or of replies) raises
    a check violation naming the field (`COLUMN`) and saying the message. `clean()` says the
    same first; this answers the one case it cannot see, a concurrent write, with the same 400
    instead of a 500."""
    diag = getattr(exc.__cause__, "diag", None)
    if diag is None or getattr(exc.__cause__, "sqlstate", None) != "23514":
        return None
    if not (diag.column_name and diag.constraint_name and diag.message_primary):
        return None
    return DjangoValidationError({diag.column_name: [diag.message_primary]})


def exception_handler(exc, context):
    """Model validation (full_clean, constraints) surfaces as a 400 with messages per field; a
    delete refused because other records still point at the record is a 409 naming them."""
    if isinstance(exc, ProtectedError | RestrictedError):
        objects = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        names = sorted({str(obj) for obj in objects})
        shown = "; ".join(names[:10]) + ("; …" if len(names) > 10 else "")
        exc = StillReferenced(
            _("Still referred to by other records, which must go first: %(records)s")
            % {"records": shown}
        )
    if isinstance(exc, IntegrityError):
        exc = trigger_violation(exc) or exc
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 of a path that no URL pattern matches: under /api/ the API's own JSON answer
    (`{"detail": ...}`, as its schema documents), elsewhere the site's 404 page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
