"""django-allauth's hooks for this site: who may sign up, and linking a login to a person once
its address is verified (at verification and at each sign-in, whichever comes first)."""

from __future__ import annotations

from contextlib import nullcontext

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from .services import language_of, link_by_verified_email, remember_language


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True))

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit)
        if commit:
            remember_language(user, translation.get_language())
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # In the language the user chose; without a choice, the one of the page that asked
        # for the message (the sign-up, the password reset), which is already active.
        language = language_of(context.get("user"))
        with translation.override(language) if language else nullcontext():
            super().send_mail(template_prefix, email, context)

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

    def save_user(self, request: HttpRequest, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        remember_language(user, translation.get_language())
        return user
