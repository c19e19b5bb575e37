"""The site's sign-in form (allauth's), and the reminder settings form of "What I follow"."""

from __future__ import annotations

from typing import Any

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.models import EmailAddress
from django import forms
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from reminders.models import ReminderPreference, site_language, site_lead_days


class LoginForm(AllauthLoginForm):
    """allauth's sign-in by username or e-mail. A form posting `username` (the sign-in page this
    one replaced, scripts written for it) is read as `login`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = kwargs.get("data")
        if data is not None and "login" not in data and "username" in data:
            data = data.copy()
            data["login"] = data["username"]
            kwargs["data"] = data
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        login = getattr(self, "_login", None)
        if login is not None and not EmailAddress.objects.filter(user=login.user).exists():
            # A login the secretariat made (in the admin, with createsuperuser) never went
            # through sign-up: its address is the secretariat's word, not one to verify before
            # signing in. A login made by sign-up always has its address recorded by allauth.
            login.email_verification = EmailVerificationMethod.NONE
        return cleaned


class ReminderSettingsForm(forms.ModelForm):
    """How often, and how long before a deadline, the user hears of what they follow."""

    lead_days = forms.TypedMultipleChoiceField(
        label=_("Remind me this many days before a deadline"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("On the day itself, and for overdue actions, you are reminded in any case."),
    )

    class Meta:
        model = ReminderPreference
        fields = ["frequency", "lead_days", "language"]
        widgets = {"frequency": forms.RadioSelect}
        labels = {
            "frequency": _("E-mail about what I follow"),
            "language": _("Write my e-mails in"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_days"].choices = [  # type: ignore[attr-defined]
            (d, ngettext("%(days)d day", "%(days)d days", d) % {"days": d})
            for d in site_lead_days()
        ]
        self.initial["lead_days"] = list(self.instance.leads)
        # Not chosen yet: the language the page is read in, so saving the form keeps it.
        if not self.instance.language:
            self.initial["language"] = site_language(get_language())
