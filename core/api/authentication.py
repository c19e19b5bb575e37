"""API token authentication: django-rest-knox's tokens, sent as `Authorization: Bearer <token>`
(what most HTTP tools send for a token) or as knox's own `Authorization: Token <token>`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

KEYWORDS = (b"bearer", b"token")


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's authentication with either keyword; everything else (hashing, expiry, the user
    checks) is knox's own."""

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in KEYWORDS:
            return None  # another scheme's header (a session, or nothing)
        if len(auth) == 1:
            raise exceptions.AuthenticationFailed(_("Invalid token header. No token given."))
        if len(auth) > 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header. The token cannot contain spaces.")
            )
        return self.authenticate_credentials(auth[1])

    def authenticate_header(self, request) -> str:
        return "Bearer"


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's security scheme for the tokens above (replaces drf-spectacular's knox one)."""

    target_class = "core.api.authentication.TokenAuthentication"
    name = "apiToken"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on your account's API tokens page "
            "(/account/api-tokens/). Send `Authorization: Bearer <token>`; knox's "
            "`Authorization: Token <token>` is accepted too. Reading needs no token; writing "
            "needs a secretariat account's.",
        }
