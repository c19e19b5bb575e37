from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class StillReferenced(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "still_referenced"


def exception_handler(exc, context):
    """Model validation (full_clean, constraints) surfaces as a 400 with messages per field; a
    delete refused because other records still point at the record is a 409 naming them."""
    if isinstance(exc, ProtectedError | RestrictedError):
        objects = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        names = sorted({str(obj) for obj in objects})
        shown = "; ".join(names[:10]) + ("; …" if len(names) > 10 else "")
        exc = StillReferenced(f"Still referred to by other records, which must go first: {shown}")
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
