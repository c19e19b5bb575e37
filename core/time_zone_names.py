"""Time zones named for people: "China Standard Time (UTC+8)" rather than "CST", which is also
Central Standard Time and Cuba Standard Time.

zoneinfo knows offsets and abbreviations, not names; Babel (not a dependency) would bring CLDR's
names for every zone. The meetings of a standards body fall in a few dozen zones, so a small
table names those and any other zone is named by its IANA name and offset ("Asia/Almaty
(UTC+5)"), which is never ambiguous either.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils.translation import gettext

# IANA name -> (standard-time name, daylight-time name or "" where the zone keeps no summer time).
# The first ones are the zones ITU-T meetings are most often announced in (Geneva first): the
# admin's picker offers them before the full list.
NAMED_ZONES: dict[str, tuple[str, str]] = {
    "Europe/Zurich": ("Central European Time", "Central European Summer Time"),
    "UTC": ("Coordinated Universal Time", ""),
    "Europe/Paris": ("Central European Time", "Central European Summer Time"),
    "Europe/Berlin": ("Central European Time", "Central European Summer Time"),
    "Europe/London": ("Greenwich Mean Time", "British Summer Time"),
    "America/New_York": ("Eastern Standard Time", "Eastern Daylight Time"),
    "America/Los_Angeles": ("Pacific Standard Time", "Pacific Daylight Time"),
    "America/Sao_Paulo": ("Brasília Time", ""),
    "Asia/Shanghai": ("China Standard Time", ""),
    "Asia/Tokyo": ("Japan Standard Time", ""),
    "Asia/Seoul": ("Korean Standard Time", ""),
    "Asia/Kolkata": ("India Standard Time", ""),
    "Asia/Dubai": ("Gulf Standard Time", ""),
    "Asia/Riyadh": ("Arabia Standard Time", ""),
    "Africa/Cairo": ("Eastern European Time", "Eastern European Summer Time"),
    "Africa/Nairobi": ("East Africa Time", ""),
    "Africa/Johannesburg": ("South Africa Standard Time", ""),
    "Asia/Singapore": ("Singapore Standard Time", ""),
    "Australia/Sydney": ("Australian Eastern Standard Time", "Australian Eastern Daylight Time"),
    "America/Chicago": ("Central Standard Time", "Central Daylight Time"),
    "America/Havana": ("Cuba Standard Time", "Cuba Daylight Time"),
    "Europe/Moscow": ("Moscow Standard Time", ""),
    "Asia/Tehran": ("Iran Standard Time", ""),
    "Asia/Bangkok": ("Indochina Time", ""),
}
COMMON_ZONES = list(NAMED_ZONES)


def utc_offset(offset: dt.timedelta | None) -> str:
    """UTC+8, UTC+5:30, UTC−3, UTC (no offset)."""
    minutes = int((offset or dt.timedelta()).total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(zone: str | zoneinfo.ZoneInfo, when: dt.datetime | None = None) -> str:
    """The zone's name at `when` (now by default) with its offset then: "China Standard Time
    (UTC+8)", "Central European Summer Time (UTC+2)"; an unnamed zone as "Asia/Almaty (UTC+5)"."""
    info = zone if isinstance(zone, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(zone)
    key = str(info)
    local = (when or dt.datetime.now(dt.UTC)).astimezone(info)
    offset = local.utcoffset()
    standard, summer = NAMED_ZONES.get(key, (key, ""))
    name = summer if summer and local.dst() else standard
    if key == "UTC":
        return name + " (UTC)"
    return f"{name} ({utc_offset(offset)})"


def picker_label(name: str) -> str:
    """A zone as the admin's picker lists it: "Asia/Shanghai — China Standard Time (UTC+8)"."""
    readable = zone_name(name)
    return readable if readable.startswith(name) else f"{name} — {readable}"


def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The picker's options: the common zones first, then every zone zoneinfo knows, each with
    its name and offset today (a callable, so a long-running server's offsets follow DST)."""
    everything = sorted(zoneinfo.available_timezones())
    common = [name for name in COMMON_ZONES if name in everything]
    rest = [name for name in everything if name not in NAMED_ZONES]
    return [
        (gettext("Common time zones"), [(name, picker_label(name)) for name in common]),
        (gettext("All time zones"), [(name, picker_label(name)) for name in rest]),
    ]
