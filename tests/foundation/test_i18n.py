"""Six languages: the page's language from the browser or the menu, right-to-left Arabic, caches
that never mix languages, and dates, months and zones written in the page's language (Babel).

What depends on the catalogs (a French word on a page) is in test_i18n_catalogs.py."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import formats, timezone, translation

from core import i18n
from core.templatetags import pages
from tests.meetings.factories import MeetingFactory

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def _html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.django_db
def test_a_french_browser_gets_a_page_tagged_french(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.5")
    assert 'lang="fr"' in _html_tag(response)
    assert 'dir="ltr"' in _html_tag(response)
    assert response["Content-Language"] == "fr"


@pytest.mark.django_db
def test_a_browser_asking_for_nothing_gets_english(client):
    response = client.get("/")
    assert 'lang="en" dir="ltr" data-date-locale="en-GB"' in _html_tag(response)


@pytest.mark.django_db
def test_arabic_pages_read_right_to_left(client):
    response = client.get("/groups/", HTTP_ACCEPT_LANGUAGE="ar")
    assert 'lang="ar" dir="rtl"' in _html_tag(response)


@pytest.mark.django_db
def test_chinese_is_simplified_chinese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert 'lang="zh-hans"' in _html_tag(response)
    assert 'data-date-locale="zh-Hans"' in _html_tag(response)


@pytest.mark.django_db
def test_every_page_says_caches_must_keep_one_copy_per_language(client):
    response = client.get("/groups/")
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


@pytest.mark.django_db
def test_the_menu_offers_each_language_in_its_own_words_the_current_one_marked(client):
    page = client.get("/meetings/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    menu = page[page.index('class="language-menu"') :]
    menu = menu[: menu.index("</nav>")]
    buttons = re.findall(r"<button[^>]*>[^<]*</button>", menu)
    names = [re.search(r">([^<]*)<", b).group(1) for b in buttons]
    assert names == ["العربية", "中文", "English", "Français", "Русский", "Español"]
    for code, button in zip(LANGUAGES, buttons, strict=True):
        assert f'lang="{code}"' in button
        assert f'value="{code}"' in button
        assert ('aria-current="true"' in button) == (code == "ru")
    # Each choice comes back to the page it was made on.
    assert menu.count('name="next" value="/meetings/"') == 6


@pytest.mark.django_db
def test_choosing_a_language_is_remembered_for_the_next_pages(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/groups/"})
    assert response.status_code == 302
    assert response["Location"] == "/groups/"
    assert response.cookies["django_language"].value == "fr"
    # The browser still asks for English: the choice wins.
    page = client.get("/groups/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="fr"' in _html_tag(page)
    assert 'aria-current="true">Français</button>' in page.content.decode()


@pytest.mark.django_db
def test_the_menu_never_sends_the_reader_to_another_site(client):
    response = client.post(
        "/i18n/setlang/", {"language": "ar", "next": "https://elsewhere.example/"}
    )
    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]


@pytest.mark.django_db
def test_the_menu_works_without_a_csrf_cookie(client):
    """The page carries no CSRF token for the menu (anonymous pages set no cookie)."""
    client.handler.enforce_csrf_checks = True
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "es"


@pytest.mark.django_db
def test_a_calendar_feed_has_one_etag_per_language(client):
    MeetingFactory(local_start=timezone.localtime().replace(tzinfo=None) + dt.timedelta(days=30))
    english = client.get("/calendar.ics", HTTP_ACCEPT_LANGUAGE="en")
    french = client.get("/calendar.ics", HTTP_ACCEPT_LANGUAGE="fr")
    assert english.status_code == french.status_code == 200
    assert english["ETag"] != french["ETag"]
    # A French reader holding the English copy gets the French one, not a 304.
    again = client.get(
        "/calendar.ics", HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=english["ETag"]
    )
    assert again.status_code == 200
    same = client.get(
        "/calendar.ics", HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=english["ETag"]
    )
    assert same.status_code == 304


def test_english_keeps_british_dates_in_the_admin():
    """Before the languages, LANGUAGE_CODE was en-gb: 01/02/2024 typed in the admin is the
    first of February, and dates read day first."""
    with translation.override("en"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        assert formats.date_format(dt.date(2024, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2024"


DATES = {
    # language: (long date, month and year, a range in one month, across months, a weekday)
    "en": ("5 March 2024", "October 2023", "22–26 January 2024", "30 January – 2 February 2024",
           "Tue 5 March 2024"),
    "fr": ("5 mars 2024", "octobre 2023", "22–26 janvier 2024", "30 janvier – 2 février 2024",
           "mar. 5 mars 2024"),
    "es": ("5 de marzo de 2024", "octubre de 2023", "22–26 de enero de 2024",
           "30 de enero – 2 de febrero de 2024", "mar, 5 de marzo de 2024"),
    # CLDR puts a narrow no-break space before "г.".
    "ru": ("5 марта 2024\u202fг.", "октябрь 2023\u202fг.", "22—26 января 2024\u202fг.",
           "30 января — 2 февраля 2024\u202fг.", "вт, 5 марта 2024\u202fг."),
    "zh-hans": ("2024年3月5日", "2023年10月", "2024年1月22日–26日", "2024年1月30日 – 2月2日",
                "2024年3月5日周二"),
    "ar": ("5 مارس 2024", "أكتوبر 2023", "22–26 يناير 2024", "30 يناير – 2 فبراير 2024",
           "الثلاثاء، 5 مارس 2024"),
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_months_are_written_in_the_page_language(language):
    long, month, same_month, two_months, weekday = DATES[language]
    with translation.override(language):
        assert pages.long_date(dt.date(2024, 3, 5)) == long
        assert pages.month_year(dt.date(2023, 10, 1)) == month
        assert pages.date_range(dt.date(2024, 1, 22), dt.date(2024, 1, 26)) == same_month
        assert pages.date_range(dt.date(2024, 1, 30), dt.date(2024, 2, 2)) == two_months
        assert weekday in pages.date_element(dt.date(2024, 3, 5), weekday=True)


ZONES = {
    "en": ("China Standard Time (UTC+8)", "Central European Summer Time (UTC+2)"),
    "fr": ("heure normale de la Chine (UTC+8)", "heure d’été d’Europe centrale (UTC+2)"),
    "ar": ("توقيت الصين الرسمي (UTC+8)", "توقيت وسط أوروبا الصيفي (UTC+2)"),
    "zh-hans": ("中国标准时间 (UTC+8)", "中欧夏令时间 (UTC+2)"),
    "ru": ("Китай, стандартное время (UTC+8)", "Центральная Европа, летнее время (UTC+2)"),
    "es": ("hora estándar de China (UTC+8)", "hora de verano de Europa central (UTC+2)"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_time_zones_are_named_in_the_page_language_with_their_offset(language):
    summer = dt.datetime(2024, 7, 1, 12, tzinfo=dt.UTC)
    china, geneva = ZONES[language]
    with translation.override(language):
        assert i18n.zone_name("Asia/Shanghai", summer) == china
        assert i18n.zone_name(zoneinfo.ZoneInfo("Europe/Zurich"), summer) == geneva


def test_a_deadline_cut_off_is_written_whole_in_the_page_language():
    cutoff = dt.datetime(2024, 4, 30, 23, 59, tzinfo=zoneinfo.ZoneInfo("Europe/Zurich"))
    with translation.override("en"):
        assert "Tue 30 April 2024, 23:59 Central European Summer Time (UTC+2)" in pages.cutoff_time(
            cutoff
        )
    with translation.override("fr"):
        html = pages.cutoff_time(cutoff)
        assert "mar. 30 avril 2024, 23:59 heure d’été d’Europe centrale (UTC+2)" in html
        # The slot the script fills carries its sentence (translated once catalogs land).
        assert 'data-label="' in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["today", "tomorrow", "yesterday", "in 45 days", "3 days ago"]),
        ("fr", ["aujourd’hui", "demain", "hier", "dans 45 jours", "il y a 3 jours"]),
        ("zh-hans", ["今天", "明天", "昨天", "45天后", "3天前"]),
    ],
)
def test_days_from_today_in_the_page_language_never_rounded_to_months(language, words):
    today = dt.date(2024, 3, 5)
    with translation.override(language):
        said = [
            pages.days_from_today(today + dt.timedelta(days=days), today)
            for days in (0, 1, -1, 45, -3)
        ]
    assert said == words


def test_the_readers_own_time_is_written_in_the_page_locale():
    for language, tag in [("en", "en-GB"), ("zh-hans", "zh-Hans"), ("ar", "ar"), ("fr", "fr")]:
        with translation.override(language):
            assert pages.date_locale() == tag
