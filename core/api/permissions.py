from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.auth_groups import SECRETARIAT, is_secretariat

SECRETARIAT_GROUP = SECRETARIAT
__all__ = ["SECRETARIAT_GROUP", "SecretariatWriteOrReadOnly", "is_secretariat"]


class SecretariatWriteOrReadOnly(BasePermission):
    """Read for everyone; write for the secretariat, signed in or through an API token."""

    message = _("Only the secretariat may change records.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return is_secretariat(request.user)
