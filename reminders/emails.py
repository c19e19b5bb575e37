"""The digest e-mail: one message per recipient per sweep, plain text and HTML.

Links point at the public pages (`SITE_URL` + `get_absolute_url()`); each subscription that
brought an item into the digest gets a signed one-click link to stop following it (no login),
and the message carries `List-Unsubscribe` / `List-Unsubscribe-Post` (RFC 2369, RFC 8058) for
mail clients that offer an unsubscribe button.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import textwrap
from collections.abc import Iterable, Sequence
from email.utils import formataddr
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from .sweep import Delivery

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "reminders.unsubscribe"
SUBJECT_MAX = 150


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def record_url(obj: models.Model) -> str:
    """The record's public page; its admin page while the public page does not exist."""
    try:
        return absolute_url(obj.get_absolute_url())
    except NoReverseMatch:
        pass
    try:
        path = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        path = "/"
    logger.warning("No public page for %s %s; linking to %s", obj._meta.label, obj.pk, path)
    return absolute_url(path)


def format_day(day: dt.date) -> str:
    """'Monday 12 February 2024', in the active language ('lundi 12 février 2024')."""
    return date_format(day, "l j F Y")


def unsubscribe_token(user_id: int, subscription_ids: Iterable[int]) -> str:
    return signing.dumps(
        {"u": user_id, "s": sorted(set(subscription_ids))}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token: str) -> tuple[int, list[int]]:
    """The user and subscriptions a link names; raises signing.BadSignature when forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("malformed unsubscribe token")
    return data["u"], [int(pk) for pk in data.get("s", [])]


def unsubscribe_url(user_id: int, subscription_ids: Iterable[int]) -> str:
    token = unsubscribe_token(user_id, subscription_ids)
    return absolute_url(reverse("reminders:unsubscribe", kwargs={"token": token}))


def _deadlines(items: Sequence[Delivery]) -> str:
    """'Contribution deadline Monday 12 February 2024: RG-IEM …', or for several, '3 deadlines:
    contribution deadline 12 Feb; action due 14 Feb and 1 more' within SUBJECT_MAX."""
    if len(items) == 1:
        reminder = items[0].reminder
        return _("%(what)s %(day)s: %(title)s") % {
            "what": reminder.what,
            "day": format_day(reminder.deadline),
            "title": reminder.title,
        }
    count = len(items)
    parts = [
        _("%(what)s %(day)s")
        % {"what": str(d.reminder.what).lower(), "day": date_format(d.reminder.deadline, "j M")}
        for d in items
    ]

    def listed(shown: list[str]) -> str:
        return ngettext("%(count)d deadline: %(list)s", "%(count)d deadlines: %(list)s", count) % {
            "count": count,
            "list": "; ".join(shown),
        }

    subject = listed(parts)
    if len(subject) > SUBJECT_MAX:
        shown: list[str] = []
        for part in parts:
            if len(listed([*shown, part])) > SUBJECT_MAX - 16 and shown:
                break
            shown.append(part)
        rest = len(parts) - len(shown)
        subject = ngettext("%(list)s and %(rest)d more", "%(list)s and %(rest)d more", rest) % {
            "list": listed(shown),
            "rest": rest,
        }
    return subject


def _by_deadline(deliveries: Sequence[Delivery]) -> list[Delivery]:
    return sorted(deliveries, key=lambda d: (d.reminder.deadline, d.reminder.title))


def _shortened(subject: str) -> str:
    return subject if len(subject) <= 250 else subject[:249] + "…"


def subject_for(deliveries: Sequence[Delivery], nobody_reachable: bool) -> str:
    """Names the deadline(s): 'Reminder: Contribution deadline Monday 12 February 2024: …'."""
    items = _by_deadline(deliveries)
    if nobody_reachable:
        subject = _("Nobody could be reminded — %(deadlines)s")
    else:
        subject = _("Reminder: %(deadlines)s")
    return _shortened(subject % {"deadlines": _deadlines(items)})


def message_id(log_ids: Iterable[int], kind: str = "reminders") -> str:
    """The same claimed reminders give the same Message-ID: should a digest ever be sent again
    after a crash between the server's acceptance and our record of it, mail stores that
    de-duplicate by Message-ID show it once."""
    digest = hashlib.sha256(",".join(str(pk) for pk in sorted(log_ids)).encode()).hexdigest()
    return f"<{kind}.{digest[:32]}@{site_domain()}>"


def _indented(text: str, indent: str = "   ", width: int = 88) -> str:
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n") if p.strip()]
    return "\n".join(
        textwrap.fill(p, width=width, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )


def _item_context(delivery: Delivery, on: dt.date) -> dict:
    reminder = delivery.reminder
    return {
        "what": str(reminder.what),
        "title": str(reminder.title),
        "url": delivery.url,
        "deadline": format_day(reminder.deadline),
        "deadline_iso": reminder.deadline.isoformat(),
        "time_zone": reminder.time_zone,
        "when": reminder.when(on),
        "overdue": reminder.days_left(on) < 0,
        "summary": reminder.summary,
        "summary_text": _indented(reminder.summary),
        # Written out here, in the recipient's language (the sources' texts are lazy).
        "details": [(str(label), str(value)) for label, value in reminder.details],
        "reasons": [str(reason) for reason in delivery.reasons],
        "missing": [str(line) for line in delivery.missing],
        "follows": [
            {"label": label, "url": unsubscribe_url(delivery.user_id, [pk])}
            for pk, label in sorted(delivery.subscriptions.items())
        ]
        if delivery.user_id
        else [],
    }


def build_digest(
    deliveries: Sequence[Delivery],
    on: dt.date,
    log_ids: Iterable[int],
    connection=None,
    weekly: bool = False,
    language: str | None = None,
) -> EmailMultiAlternatives:
    """One message for one recipient with all their reminders, soonest deadline first (the
    daily sweep's; with `weekly`, the weekly digest of the week ahead), written in `language`
    (the recipient's choice; the site's default when they made none)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _build_digest(deliveries, on, log_ids, connection, weekly)


def _build_digest(
    deliveries: Sequence[Delivery],
    on: dt.date,
    log_ids: Iterable[int],
    connection,
    weekly: bool,
) -> EmailMultiAlternatives:
    first = deliveries[0]
    nobody_reachable = first.nobody_reachable
    items = sorted(
        deliveries, key=lambda d: (d.reminder.deadline, d.reminder.what, d.reminder.title)
    )
    subscriptions = {
        pk: label for delivery in deliveries for pk, label in delivery.subscriptions.items()
    }
    user_id = next((d.user_id for d in deliveries if d.user_id), None)
    unsubscribe_all = unsubscribe_url(user_id, subscriptions) if subscriptions and user_id else ""
    context = {
        "recipient_name": first.name,
        "on": format_day(on),
        "nobody_reachable": nobody_reachable,
        "items": [_item_context(delivery, on) for delivery in items],
        "site_url": settings.SITE_URL,
        "subscriptions": sorted(subscriptions.values()),
        "unsubscribe_all": unsubscribe_all,
        "subscriptions_api": absolute_url("/api/v1/subscriptions/"),
        "weekly": weekly,
        "settings_url": absolute_url(reverse("accounts:following")),
    }
    text = render_to_string("reminders/email/digest.txt", context)
    html = render_to_string("reminders/email/digest.html", context)
    headers = {
        "Message-ID": message_id(log_ids, "weekly" if weekly else "reminders"),
        "Auto-Submitted": "auto-generated",  # RFC 3834: no out-of-office replies
        "X-Auto-Response-Suppress": "All",
        "List-Id": f"Standards Tracker reminders <reminders.{site_domain()}>",
    }
    if unsubscribe_all:
        headers["List-Unsubscribe"] = f"<{unsubscribe_all}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    to = formataddr((first.name, first.email)) if first.name else first.email
    if weekly and not nobody_reachable:
        subject = _shortened(
            _("Your week ahead: %(deadlines)s") % {"deadlines": _deadlines(_by_deadline(items))}
        )
    else:
        subject = subject_for(items, nobody_reachable)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message
