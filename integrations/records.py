"""A record as the API shows it, outside a request: what a webhook delivers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework.request import Request

from .kinds import Kind


class _SiteRequest(HttpRequest):
    """A GET from nobody in particular at SITE_URL: links in the payload are the site's own,
    whatever host a worker runs on (the host is the setting, so ALLOWED_HOSTS is not asked)."""

    def __init__(self) -> None:
        super().__init__()
        site = urlsplit(settings.SITE_URL)
        self.method = "GET"
        self._site_scheme = site.scheme or "http"
        self._site_host = site.netloc
        self.META = {"SERVER_NAME": site.hostname or "localhost", "SERVER_PORT": "80"}
        self.user = AnonymousUser()

    def get_host(self) -> str:
        return self._site_host

    def _get_scheme(self) -> str:
        return self._site_scheme


def shown_record(kind: Kind, pk: Any) -> dict | None:
    """The record `pk` of `kind` exactly as an anonymous GET of its API URL answers it (the
    ViewSet's own queryset and serializer, so e-mail addresses stay secretariat-only); None
    when it is gone."""
    request = Request(_SiteRequest())
    request.user = AnonymousUser()
    view = kind.viewset(action="retrieve", kwargs={}, format_kwarg=None, request=request)
    view.args = ()
    record = view.get_queryset().filter(pk=pk).first()
    if record is None:
        return None
    return view.get_serializer(record).data
