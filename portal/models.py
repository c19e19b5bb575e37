"""What the portal keeps of its own: the names people give their API tokens."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken


class ApiTokenName(models.Model):
    """The name a person gives an API token ("nightly export"), so a list of tokens says which is
    which. Knox keeps the token itself (only its hash); the name goes with it when it is revoked."""

    token = models.OneToOneField(
        AuthToken, primary_key=True, on_delete=models.CASCADE, related_name="name_label"
    )
    name = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("API token name")

    def __str__(self) -> str:
        return self.name
