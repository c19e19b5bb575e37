from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Delegates' own logins: sign-up and sign-in (django-allauth), the link of a login to a
    person of the work programme, the "What I follow" page and the personal calendar feed."""

    name = "accounts"
    verbose_name = _("Accounts")
