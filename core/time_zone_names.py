"""Time zones as the admin's picker offers them: the zones ITU-T meetings are most often announced
in first, then every zone zoneinfo knows, each named for people ("Asia/Shanghai — China Standard
Time (UTC+8)") rather than by an abbreviation such as "CST", which is also Central and Cuba
Standard Time. The names themselves are CLDR's, in the reader's language: core.i18n.zone_name,
the one rule every page, e-mail and calendar uses.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from django.utils import translation
from django.utils.translation import gettext

from core.i18n import utc_offset, zone_name

__all__ = ["COMMON_ZONES", "picker_label", "time_zone_choices", "utc_offset", "zone_name"]

# The zones ITU-T meetings are most often announced in (Geneva first): the picker offers them
# before the full list.
COMMON_ZONES: list[str] = [
    "Europe/Zurich",
    "UTC",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Asia/Riyadh",
    "Africa/Cairo",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Singapore",
    "Australia/Sydney",
    "America/Chicago",
    "America/Havana",
    "Europe/Moscow",
    "Asia/Tehran",
    "Asia/Bangkok",
]


def picker_label(name: str) -> str:
    """A zone as the admin's picker lists it: "Asia/Shanghai — China Standard Time (UTC+8)"."""
    readable = zone_name(name)
    return readable if readable.startswith(name) else f"{name} — {readable}"


def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The picker's options: the common zones first, then every zone zoneinfo knows, each with
    its name and offset today (a callable, so a long-running server's offsets follow DST)."""
    now = dt.datetime.now(dt.UTC)
    # Naming ~600 zones through CLDR takes ~0.1 s: once per language and hour, not per form.
    return _choices(translation.get_language() or "", now.strftime("%Y-%m-%d %H"))


@functools.lru_cache(maxsize=32)
def _choices(language: str, hour: str) -> list[tuple[str, list[tuple[str, str]]]]:
    everything = sorted(zoneinfo.available_timezones())
    common = [name for name in COMMON_ZONES if name in everything]
    known = set(COMMON_ZONES)
    rest = [name for name in everything if name not in known]
    return [
        (gettext("Common time zones"), [(name, picker_label(name)) for name in common]),
        (gettext("All time zones"), [(name, picker_label(name)) for name in rest]),
    ]
