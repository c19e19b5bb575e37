"""API tokens and sign-in lockouts in the admin.

API tokens: django-rest-knox stores only a hash of each token.

Knox registers a bare admin for its AuthToken; this one replaces it so the secretariat can issue
a token for a user with an expiry, see the token once (it cannot be recovered afterwards), see
which tokens have expired, and revoke a token by deleting it.
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken, get_digest_token
from knox.settings import CONSTANTS

LIFETIMES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("custom", _("Until the date and time below")),
]


class TokenCreateForm(forms.ModelForm):
    lifetime = forms.ChoiceField(
        choices=LIFETIMES,
        initial="90",
        help_text=_("Every token expires; issue a new one when it does."),
    )
    expiry = forms.SplitDateTimeField(
        required=False,
        widget=AdminSplitDateTime,
        label=_("Expires at"),
        help_text=_("Only for “Until the date and time below”."),
    )

    class Meta:
        model = AuthToken
        fields = ["user"]

    def clean(self):
        data = super().clean()
        lifetime = data.get("lifetime")
        if lifetime == "custom":
            expiry = data.get("expiry")
            if expiry is None:
                self.add_error("expiry", gettext("Give the date and time the token expires."))
            elif expiry <= timezone.now():
                self.add_error("expiry", gettext("The expiry must be in the future."))
            else:
                data["expires_at"] = expiry
        elif lifetime:
            data["expires_at"] = timezone.now() + dt.timedelta(days=int(lifetime))
        return data

    def save(self, commit: bool = True) -> AuthToken:
        token = super().save(commit=False)
        digest, self.token = get_digest_token()
        token.digest = digest
        token.token_key = self.token[: CONSTANTS.TOKEN_KEY_LENGTH]
        token.expiry = self.cleaned_data["expires_at"]
        if commit:
            token.save()
        return token


class TokenChangeForm(forms.ModelForm):
    class Meta:
        model = AuthToken
        fields = ["expiry"]

    def clean_expiry(self):
        expiry = self.cleaned_data.get("expiry")
        if expiry is None:
            raise forms.ValidationError(gettext("Every token expires: give a date and time."))
        return expiry


admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ["token_key", "name", "user", "created", "expiry", "has_expired"]
    list_filter = ["expiry"]
    list_select_related = ["user", "name_label"]
    search_fields = ["token_key", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    ordering = ["-created"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = TokenChangeForm if obj else TokenCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "lifetime", "expiry"]
        return ["token_key", "user", "created", "expiry"]

    def get_readonly_fields(self, request, obj=None):
        return ["token_key", "user", "created"] if obj else []

    @admin.display(description=_("name"))
    def name(self, obj: AuthToken) -> str:
        named = getattr(obj, "name_label", None)
        return named.name if named is not None else "—"

    @admin.display(boolean=True, description=_("expired"))
    def has_expired(self, obj: AuthToken) -> bool:
        return obj.expiry is not None and obj.expiry <= timezone.now()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self.message_user(
                request,
                gettext(
                    "Token for %(user)s: %(token)s — copy it now, it is not shown again "
                    "(only its hash is stored). It expires %(expiry)s."
                )
                % {
                    "user": obj.user,
                    "token": form.token,
                    "expiry": date_format(timezone.localtime(obj.expiry), "d F Y H:i T"),
                },
                messages.WARNING,
            )


@admin.register(AccessAttempt)
class SignInLockoutAdmin(admin.ModelAdmin):
    """Wrong passwords counted by django-axes, one row per account and address. A row at the
    limit is a lock; deleting the row ("Lift the lock") lets the account sign in again from there
    at once. Nothing here is edited: the rows are django-axes' own count."""

    list_display = ["username", "ip_address", "failures_since_start", "locked", "attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    fields = ["username", "ip_address", "failures_since_start", "attempt_time", "path_info"]
    readonly_fields = fields
    actions = ["lift_lock"]

    @admin.display(boolean=True, description=_("locked"))
    def locked(self, obj: AccessAttempt) -> bool:
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(permissions=["lift"], description=_("Lift the lock on the selected sign-ins"))
    def lift_lock(self, request, queryset) -> None:
        lifted = [
            gettext("%(user)s from %(address)s") % {"user": row.username, "address": row.ip_address}
            for row in queryset
        ]
        queryset.delete()
        self.message_user(
            request,
            gettext("Lifted: %(sign_ins)s. They may sign in again.")
            % {"sign_ins": ", ".join(lifted)},
            messages.SUCCESS,
        )

    def has_lift_permission(self, request) -> bool:
        return request.user.has_perm("axes.delete_accessattempt")

    # "Lift the lock" is the one way to remove a row, and it says what it lifted.
    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
