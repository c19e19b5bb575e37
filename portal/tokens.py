"""API tokens a secretariat member manages for themselves: issue (named, with a lifetime, the
token shown once), list, revoke. The account page calls these; knox keeps only each token's hash."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from core.auth_groups import is_secretariat

from .models import ApiTokenName

LIFETIMES = {30: _("30 days"), 90: _("90 days"), 365: _("1 year")}
MAX_TOKENS = 20  # per person: a page of them, and a bound on what a lost laptop can hold


def tokens_of(user: AbstractBaseUser | AnonymousUser) -> QuerySet[AuthToken]:
    """A person's tokens, newest first, with their names (one query)."""
    return (
        AuthToken.objects.filter(user=user)
        .select_related("name_label")
        .only("token_key", "created", "expiry", "user_id", "name_label__name")
        .order_by("-created")
    )


def issue_token(user: AbstractBaseUser, name: str, days: int) -> tuple[AuthToken, str]:
    """A new token for `user`, named, expiring after `days`; returns it and its text, which is
    never available again. Only the secretariat writes through the API, so only it gets tokens.
    Raises ValidationError keyed by field (name, lifetime)."""
    if not is_secretariat(user):
        raise PermissionDenied(gettext("Only the secretariat has API tokens."))
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = gettext("Name the token after what will use it (e.g. nightly export).")
    elif len(name) > 100:
        errors["name"] = gettext("Keep the name under 100 characters.")
    if days not in LIFETIMES:
        errors["lifetime"] = gettext("Choose a lifetime: %(lifetimes)s.") % {
            "lifetimes": ", ".join(map(str, LIFETIMES.values()))
        }
    with transaction.atomic():
        # One issue at a time per person (the name check and the count then hold).
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        mine = tokens_of(user)
        if name and mine.filter(name_label__name__iexact=name).exists():
            errors["name"] = gettext(
                "You already have a token with this name: revoke it or choose another."
            )
        if mine.count() >= MAX_TOKENS:
            errors["name"] = gettext("You have %(count)d tokens already: revoke one first.") % {
                "count": MAX_TOKENS
            }
        if errors:
            raise ValidationError(errors)
        token, text = AuthToken.objects.create(user=user, expiry=dt.timedelta(days=days))
        ApiTokenName.objects.create(token=token, name=name)
    return token, text


def revoke_token(user: AbstractBaseUser, token_key: str) -> str:
    """Revoke one of `user`'s own tokens (by the first characters knox keeps in clear); returns
    its name. Another person's token, or none, is a ValidationError: nothing is revoked."""
    found = tokens_of(user).filter(token_key=token_key).first()
    if found is None:
        raise ValidationError({"token": gettext("You have no such token (already revoked?).")})
    label = token_label(found)
    found.delete()
    return label


def token_label(token: AuthToken) -> str:
    named = getattr(token, "name_label", None)
    return named.name if named is not None else f"unnamed token {token.token_key}…"
