"""django-allauth's hooks for this site: who may sign up, and linking a login to a person once
its address is verified (at verification and at each sign-in, whichever comes first)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from .services import link_by_verified_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True))

    def confirm_email(self, request: HttpRequest, email_address) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            link_by_verified_email(email_address.user)
        return confirmed

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        # An address verified by the organisation's single sign-on, or a person whose address
        # the secretariat added after the login was made.
        link_by_verified_email(user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return bool(getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True))
