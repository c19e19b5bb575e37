"""Template helpers of the public pages: rich text, times in a meeting's zone, admin links."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core import i18n
from core.pages import admin_change_url

register = template.Library()


def _bullet(line: str) -> tuple[int, str] | None:
    """'- text' → (0, 'text'); '  - text' → (1, 'text'); None when not a bullet line."""
    stripped = line.lstrip(" ")
    if not stripped.startswith("- "):
        return None
    return (1 if len(line) - len(stripped) >= 2 else 0), stripped[2:].strip()


def _render_list(items: list[tuple[int, str]]) -> str:
    """A bullet list, level-1 items nested inside the level-0 item before them."""
    html, depth = ["<ul>"], 0
    for index, (level, text) in enumerate(items):
        if level > depth:
            html.append("<ul>")
        elif level < depth:
            html.append("</li></ul></li>")
        elif index:
            html.append("</li>")
        html.append(format_html("<li>{}", text))
        depth = level
    html.append("</li></ul></li></ul>" if depth else "</li></ul>")
    return "".join(html)


@register.filter
def richtext(text: str | None) -> SafeString:
    """Paragraphs separated by blank lines; lines starting with "- " become bullet lists
    (indented "  - " lines a nested list), as the summaries and mandates are written."""
    if not text:
        return mark_safe("")
    blocks: list[str] = []
    paragraph: list[str] = []
    bullets: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(format_html("<p>{}</p>", " ".join(paragraph)))
            paragraph.clear()
        if bullets:
            blocks.append(_render_list(bullets))
            bullets.clear()

    for raw in str(text).splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        bullet = _bullet(line)
        if bullet is not None:
            if paragraph:
                flush()
            bullets.append(bullet if bullets else (0, bullet[1]))
        elif bullets and raw.startswith("    "):
            # A wrapped bullet continues the previous item.
            level, previous = bullets[-1]
            bullets[-1] = (level, f"{previous} {line.strip()}")
        else:
            if bullets:
                flush()
            paragraph.append(line.strip())
    flush()
    return mark_safe("".join(blocks))  # every piece went through format_html


def _zone(name: str | zoneinfo.ZoneInfo | None) -> zoneinfo.ZoneInfo | None:
    if name is None or isinstance(name, zoneinfo.ZoneInfo):
        return name
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _format_local(value: dt.datetime, with_date: bool, with_zone: bool = True) -> str:
    # The zone by name and offset ("China Standard Time (UTC+8)"): "CST" is three zones.
    return i18n.date_time(value, with_date=with_date, with_zone=with_zone)


def _your_time() -> str:
    # The script fills in the reader's own time; the sentence around it is the page's language.
    return gettext("Your time: %(time)s")


@register.simple_tag
def meeting_range(
    start: dt.datetime, end: dt.datetime, zone: str | None, with_date: bool = True
) -> str:
    """'Tue 20 February 2024, 13:00–14:30 CET' in the meeting's zone (the end dated too when it
    falls on another day), then an empty slot the page's script fills with the reader's own
    local time when their zone differs."""
    zone_info = _zone(zone) or timezone.get_current_timezone()
    local_start, local_end = (timezone.localtime(t, zone_info) for t in (start, end))
    same_day = local_start.date() == local_end.date()
    # One zone name, after the end, unless the clocks change in between.
    one_zone = same_day and local_start.utcoffset() == local_end.utcoffset()
    start_text = _format_local(local_start, with_date, with_zone=not one_zone)
    return format_html(
        '<span class="time-range"><time datetime="{}">{}</time>–<time datetime="{}">{}</time>'
        '</span> <span class="js-local-range local-time" data-start="{}" data-end="{}" '
        'data-zone="{}" data-with-date="{}" data-label="{}" hidden></span>',
        _utc(start),
        start_text,
        _utc(end),
        _format_local(local_end, with_date and not same_day),
        _utc(start),
        _utc(end),
        str(zone_info),
        "1" if with_date else "",
        _your_time(),
    )


@register.simple_tag
def cutoff_time(value: dt.datetime | None) -> str:
    """A deadline's cut-off in its own zone ('Tue 30 April 2024, 23:59 Central European Summer
    Time (UTC+2)'), then the slot the page's script fills with the reader's own time."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time> <span class="js-local-range local-time" data-start="{}" '
        'data-end="{}" data-zone="{}" data-with-date="1" data-label="{}" hidden></span>',
        _utc(value),
        _format_local(value, with_date=True),
        _utc(value),
        _utc(value),
        str(value.tzinfo),
        _your_time(),
    )


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@register.filter
def long_date(value: dt.date | dt.datetime | None) -> str:
    """'5 March 2024' (no leading zero, month in full), '5 mars 2024', '2024年3月5日'."""
    if value is None:
        return ""
    return i18n.long_date(value)


@register.filter
def month_year(value: dt.date | dt.datetime | None) -> str:
    """'October 2023', 'octobre 2023'."""
    if value is None:
        return ""
    return i18n.month_year(value)


@register.simple_tag
def site_languages() -> list[tuple[str, str]]:
    """The languages of the menu, each named in its own words (settings.LANGUAGES, untranslated:
    Django's `get_available_languages` would name them in the page's language)."""
    return list(settings.LANGUAGES)


@register.simple_tag
def date_locale() -> str:
    """The page language's CLDR locale as a BCP 47 tag ('en-GB', 'zh-Hans'), so the reader's own
    time is written by the browser the way the server writes the rest of the page."""
    return i18n.locale_tag()


@register.simple_tag
def date_element(value: dt.date | None, weekday: bool = False) -> str:
    if value is None:
        return ""
    text = i18n.weekday_date(value) if weekday else long_date(value)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.filter
def admin_url(obj) -> str:
    return admin_change_url(obj) or ""


@register.simple_tag(takes_context=True)
def edit_in_admin(context, obj, label: str = "") -> str:
    """An "Edit in admin" link, for staff only."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_active and user.is_staff):
        return ""
    url = admin_change_url(obj)
    if not url:
        return ""
    return format_html(
        '<a class="button button--secondary admin-link" href="{}">{}</a>',
        url,
        gettext("Edit %(record)s in admin") % {"record": label or obj._meta.verbose_name},
    )


@register.simple_tag
def join_links(objects, attr: str = "code") -> str:
    """Comma-separated links to records (their code as text)."""
    return format_html_join(
        ", ", '<a href="{}">{}</a>', ((o.get_absolute_url(), getattr(o, attr)) for o in objects)
    )


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, *also: str) -> str:
    """A header link, marked as the current page on its own view and on the views in `also`
    (URL names: a deliverable's page belongs under Matrix, an action's under Actions)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match is not None and match.view_name in (url_name, *also)
    return format_html(
        '<a href="{}"{}>{}</a>',
        reverse(url_name),
        mark_safe(' aria-current="page"') if current else "",
        label,
    )


@register.filter
def meeting_dates(meeting) -> str:
    """'22–26 January 2024', '30 January – 2 February 2024', '5 March 2024' (own time zone)."""
    first, last = meeting.start_date, meeting.end_date
    return date_range(first, last)


def date_range(first: dt.date, last: dt.date) -> str:
    return i18n.date_range(first, last)


@register.filter
def days_from_today(value: dt.date | None, today: dt.date | None = None) -> str:
    """'today', 'tomorrow', 'in 5 days', '3 days ago' ('demain', 'dans 5 jours' …)."""
    if value is None:
        return ""
    return i18n.relative_days(value, today or timezone.localdate())
