"""Who the client is, and how often it may ask: one answer for the API's throttles, the public
pages' throttles and the sign-in lockouts (django-axes, `AXES_CLIENT_IP_CALLABLE`).

The client's address is DRF's: with `TRUSTED_PROXY_COUNT` (REST_FRAMEWORK's NUM_PROXIES) proxies
in front, the entry that many places from the end of X-Forwarded-For, which the nearest trusted
proxy wrote; with none, the connection's own address. What a client puts further left in the
header changes nothing.

The counts live in the cache. When Redis is away the cache answers "nothing counted yet"
(django-redis' IGNORE_EXCEPTIONS, logged), so requests are let through rather than refused.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import AnonRateThrottle, BaseThrottle


def client_address(request: HttpRequest) -> str | None:
    """The address requests and failed sign-ins are counted against."""
    ident = BaseThrottle().get_ident(request)  # type: ignore[arg-type]  # reads only META
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        # Only when TRUSTED_PROXY_COUNT says more proxies than there are (the entry is then the
        # client's own text): count the connection rather than store what the client wrote.
        return request.META.get("REMOTE_ADDR")


class SearchPageThrottle(AnonRateThrottle):
    """Anonymous searches on the public search page: the API's anonymous rate by default
    (SEARCH_ANON_RATE), counted apart from the API's requests. Signed-in users are not counted."""

    scope = "search_page"


class ThrottledPageMixin:
    """A public page (a Django class-based view) throttled the way DRF throttles an API view, and
    refused with a page saying when to try again (429, Retry-After)."""

    throttle_classes: Sequence[type[BaseThrottle]] = ()
    throttled_template = "429.html"

    def get_throttles(self) -> list[BaseThrottle]:
        return [throttle() for throttle in self.throttle_classes]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        waits = [
            throttle.wait()
            for throttle in self.get_throttles()
            if not throttle.allow_request(request, self)  # type: ignore[arg-type]
        ]
        if waits:
            seconds = math.ceil(max(wait or 0 for wait in waits))
            response = render(
                request, self.throttled_template, {"retry_after": seconds}, status=429
            )
            if seconds:
                response["Retry-After"] = str(seconds)
            return response
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
