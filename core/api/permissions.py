from rest_framework.permissions import SAFE_METHODS, BasePermission

SECRETARIAT_GROUP = "secretariat"


def is_secretariat(user) -> bool:
    """Secretariat staff may edit; everyone else reads. Superusers count as secretariat."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Prefetch-friendly: uses the user's cached groups when they were loaded.
    return any(group.name == SECRETARIAT_GROUP for group in user.groups.all())


class SecretariatWriteOrReadOnly(BasePermission):
    """Read for everyone; write for the secretariat, signed in or through an API token."""

    message = "Only the secretariat may change records."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return is_secretariat(request.user)
