"""Where a webhook may send: http(s) to a public address. Checked when the secretariat saves the
webhook and again before every attempt, against the addresses the name resolves to then (a name
can be pointed elsewhere after it was saved), and the connection goes to the address checked, so
a second lookup cannot swap in another."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _refused(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def resolve_target(url: str) -> tuple[str, int, list[str]]:
    """(host, port, addresses) of `url` when it may be sent to; a ValidationError keyed `url`
    otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            {"url": gettext("Only http and https addresses can receive webhooks.")}
        )
    host = parts.hostname
    if not host:
        raise ValidationError({"url": gettext("The address names no host.")})
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValidationError(
            {"url": gettext("The port is not a number from 1 to 65535.")}
        ) from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(
            {"url": gettext("The host %(host)s could not be found.") % {"host": host}}
        ) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        refused = [a for a in addresses if _refused(ipaddress.ip_address(a.split("%")[0]))]
        if refused:
            raise ValidationError(
                {
                    "url": gettext(
                        "%(host)s is on a private, loopback or link-local network "
                        "(%(addresses)s); webhooks only go to public addresses."
                    )
                    % {"host": host, "addresses": ", ".join(refused)}
                }
            )
    return host, port, addresses


def check_target_url(url: str) -> None:
    """The model field's validator: the same check, as a message on the field."""
    try:
        resolve_target(url)
    except ValidationError as error:
        raise ValidationError(error.message_dict["url"]) from None
