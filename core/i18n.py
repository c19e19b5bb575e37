"""The page's language, and dates, months and time zones written in it (Babel, CLDR's data).

One rule for every page, e-mail and calendar description that shows a date: the language is
Django's active one (`translation.get_language()`, from the language cookie or the browser's
Accept-Language), mapped to a CLDR locale (`zh-hans` → `zh_Hans`); English is written the British
way ("5 March 2024"), as the secretariat always has. Zones are named by CLDR's long name with
the offset after it, so a reader never has to guess which "CST" is meant: "China Standard Time
(UTC+8)", "heure normale de la Chine (UTC+8)", "توقيت الصين الرسمي (UTC+8)".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    format_timedelta,
    get_timezone_name,
)
from babel.dates import parse_pattern as _parse_pattern
from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Django language code → CLDR locale, where Django's own mapping is not the one we write in.
_CLDR_LOCALES = {"en": "en_GB"}

# House style where CLDR's differs from what the secretariat writes: no comma after the weekday
# in English ("Tue 20 February 2024"). Keyed by CLDR locale, then skeleton.
_SKELETON_PATTERNS = {"en_GB": {"yMMMMEd": "EEE d MMMM y", "yMMMMEEEEd": "EEEE d MMMM y"}}


@functools.cache
def _locale(code: str) -> Locale:
    return Locale.parse(_CLDR_LOCALES.get(code, translation.to_locale(code)))


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale of `language` (the active language by default)."""
    return _locale(language or translation.get_language() or settings.LANGUAGE_CODE)


def locale_tag(language: str | None = None) -> str:
    """The BCP 47 tag of that locale ("en-GB", "zh-Hans"), for the browser's Intl formatting."""
    return str(babel_locale(language)).replace("_", "-")


def _skeleton(skeleton: str, value: dt.date, locale: Locale) -> str:
    pattern = _SKELETON_PATTERNS.get(str(locale), {}).get(skeleton)
    if pattern:
        return format_date(value, pattern, locale=locale)
    return format_skeleton(skeleton, value, locale=locale)


def long_date(value: dt.date) -> str:
    """'5 March 2024', '5 mars 2024', '2024年3月5日'."""
    return format_date(value, "long", locale=babel_locale())


def weekday_date(value: dt.date, full: bool = False) -> str:
    """'Tue 5 March 2024' ('Tuesday …' when full), 'mar. 5 mars 2024', '2024年3月5日周二'."""
    return _skeleton("yMMMMEEEEd" if full else "yMMMMEd", value, babel_locale())


def month_year(value: dt.date) -> str:
    """'October 2023', 'octobre 2023', '2023年10月'."""
    return format_skeleton("yMMMM", value, locale=babel_locale())


# Spaces CLDR puts around an interval's dash: thin in some locales, none in others. One rule:
# none between two days of one month ("22–26"), a plain space otherwise ("30 January – 2 …").
_DASH_SPACES = re.compile(r"[\s\u2009\u202f]*([–—-])[\s\u2009\u202f]*$")


def date_range(first: dt.date, last: dt.date) -> str:
    """'22–26 January 2024', '30 January – 2 February 2024', '5 March 2024' for one day: CLDR's
    interval patterns, with the month spelled out when the locale's long date spells it out."""
    if first == last:
        return long_date(first)
    locale = babel_locale()
    field = "y" if first.year != last.year else "M" if first.month != last.month else "d"
    spelled = locale.interval_formats.get("yMMMMd")
    if spelled and field in spelled:
        start_pattern, end_pattern = spelled[field]
    else:
        start_pattern, end_pattern = locale.interval_formats["yMMMd"][field]
    if "MMMM" in str(locale.date_formats["long"].pattern):
        start_pattern, end_pattern = (
            re.sub(r"(?<!M)MMM(?!M)", "MMMM", p) for p in (start_pattern, end_pattern)
        )
    joint = "" if field == "d" else " "
    start_pattern = _DASH_SPACES.sub(lambda m: f"{joint}{m.group(1)}{joint}", start_pattern)
    return _parse_pattern(start_pattern).apply(first, locale) + _parse_pattern(end_pattern).apply(
        last, locale
    )


def clock(value: dt.datetime | dt.time) -> str:
    """'13:00': the 24-hour clock, as meetings are announced in every language."""
    return format_time(value, "HH:mm", locale=babel_locale())


def utc_offset(offset: dt.timedelta | None) -> str:
    """UTC+8, UTC+5:30, UTC−3, UTC (no offset)."""
    minutes = int((offset or dt.timedelta()).total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(zone: str | zoneinfo.ZoneInfo, when: dt.datetime | None = None) -> str:
    """The zone's long name at `when` (now by default), in the page's language, with its offset
    then: "Central European Summer Time (UTC+2)", "heure normale de la Chine (UTC+8)",
    "Coordinated Universal Time (UTC)"."""
    info = zone if isinstance(zone, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(zone)
    local = (when or dt.datetime.now(dt.UTC)).astimezone(info)
    name = get_timezone_name(local, width="long", locale=babel_locale())
    offset = local.utcoffset()
    return (
        f"{name} (UTC)"
        if not offset and str(info) in {"UTC", "Etc/UTC"}
        else (f"{name} ({utc_offset(offset)})")
    )


def date_time(value: dt.datetime, with_date: bool = True, with_zone: bool = True) -> str:
    """'Tue 20 February 2024, 13:00 Central European Time (UTC+1)' in `value`'s own zone; the
    date and the zone left out on request (a range names its zone once, after its end)."""
    text = clock(value)
    if with_zone:
        info = value.tzinfo
        zone = zone_name(info, value) if isinstance(info, zoneinfo.ZoneInfo) else value.tzname()
        text = f"{text} {zone or ''}".rstrip()
    if not with_date:
        return text
    locale = babel_locale()
    joint = str(locale.datetime_formats["long"])
    return joint.replace("{1}", weekday_date(value.date())).replace("{0}", text)


def relative_days(value: dt.date, today: dt.date) -> str:
    """'today', 'tomorrow', 'yesterday', 'in 5 days', '3 days ago' (CLDR's words for them)."""
    locale = babel_locale()
    days = (value - today).days
    relative = locale._data["date_fields"]["day"]["relative"]  # CLDR's today/tomorrow/yesterday
    if days in (-1, 0, 1) and days in relative:
        return relative[days]
    return format_timedelta(
        dt.timedelta(days=days),
        granularity="day",
        # Never rounded up to weeks or months: a deadline in 45 days is in 45 days.
        threshold=1_000_000,
        add_direction=True,
        locale=locale,
    )


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, which picks the language (cookie, then Accept-Language) and says
    `Vary: Accept-Language`; this adds `Vary: Cookie`, since the language cookie chooses the
    page as much as the header does, so no shared cache hands a French page to an English
    reader."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response
