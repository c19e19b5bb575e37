"""The account page of API tokens: a secretariat member creates, names, lists and revokes their
own tokens; a new token is shown once, on the answer to the request that made it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.auth_groups import is_secretariat

from .tokens import LIFETIMES, issue_token, revoke_token, token_label, tokens_of

TEMPLATE = "account/api_tokens.html"


class NewTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text=_("What will use it, so you know which to revoke (e.g. nightly export)."),
    )
    lifetime = forms.TypedChoiceField(
        choices=list(LIFETIMES.items()), coerce=int, initial=90, label=_("Expires after")
    )


class ApiTokensView(LoginRequiredMixin, View):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not is_secretariat(request.user):
            raise PermissionDenied(
                gettext("API tokens are for the secretariat, who write through the API.")
            )
        return super().dispatch(request, *args, **kwargs)

    def page(self, request: HttpRequest, form: NewTokenForm, **extra) -> HttpResponse:
        tokens = [(token, token_label(token)) for token in tokens_of(request.user)]
        response = render(
            request,
            TEMPLATE,
            {"form": form, "tokens": tokens, "api_url": request.build_absolute_uri("/api/v1/")}
            | extra,
        )
        # The page may hold a new token: never kept by a cache or the browser's history.
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, NewTokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "revoke" in request.POST:
            try:
                name = revoke_token(request.user, request.POST["revoke"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, gettext("Revoked “%(name)s”: it no longer works.") % {"name": name}
                )
            return redirect("api-tokens")
        form = NewTokenForm(request.POST)
        if form.is_valid():
            try:
                token, text = issue_token(
                    request.user, form.cleaned_data["name"], form.cleaned_data["lifetime"]
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field, problems)
            else:
                return self.page(request, NewTokenForm(), new_token=text, new=token)
        return self.page(request, form)
