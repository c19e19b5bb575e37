"""Who a failed sign-in is counted against (django-axes' AXES_USERNAME_CALLABLE)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpRequest


def username_for_lockout(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a sign-in names, whether it was typed as a username (the admin's form) or as
    an address (the site's form, field "login"): an address of a known account counts against
    its username, so alternating the two does not double the guesses allowed."""
    credentials = credentials or {}
    given = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    ).strip()
    if not given:
        return None
    if "@" in given:
        user = (
            get_user_model()
            .objects.filter(email__iexact=given)
            .order_by("pk")
            .values_list("username", flat=True)
            .first()
        )
        return user or given.lower()
    return given
