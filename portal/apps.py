from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that bring every app together: home, search, the attention dashboard, the
    secretariat's admin site and its API tokens."""

    default = True
    name = "portal"
    verbose_name = _("Portal")


class SecretariatAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the secretariat's site (branding, grouped index, attention)."""

    default = False  # installed by its path; `portal` alone means PortalConfig
    # A dotted path, imported once every app is ready (the site reads the apps' models).
    default_site = "portal.admin_site.SecretariatAdminSite"
