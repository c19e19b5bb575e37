"""Record content in several languages: the secretariat adds a translation of a title or summary
in the admin or through the API; a page in that language shows it, marked with its language,
with the original one click away; every other field, search and the API's own fields keep the
original as entered."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from deliverables.models import Deliverable, Group, GroupKind, Purpose
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    StudyGroupFactory,
)
from tests.deliverables.test_admin import group_form
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import MeetingFactory
from tests.workitems.factories import QuestionFactory, WorkItemFactory

pytestmark = pytest.mark.django_db

ORIGINAL = "Metaverse use cases, requirements and ecosystem"
FRENCH = "Cas d'utilisation, exigences et écosystème du métavers"


def get_in(client, language: str, url: str):
    """The page as a reader whose language is `language` gets it."""
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def heading(response) -> str:
    return html.unescape(re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S)[1])


def original_disclosure(response) -> str | None:
    found = re.search(r'<details class="original">(.*?)</details>', response.content.decode(), re.S)
    return found[1] if found else None


def test_secretariat_adds_a_french_name_to_a_group_in_the_admin_and_can_remove_it(admin_client):
    page = admin_client.get(reverse("admin:deliverables_group_add"))
    assert "Français (fr)" in page.content.decode()
    assert "Русский (ru)" in page.content.decode()
    response = admin_client.post(
        reverse("admin:deliverables_group_add"),
        group_form(name="Focus Group on something", name_fr="Groupe spécialisé sur un sujet"),
    )
    assert response.status_code == 302
    group = Group.objects.get(code="FG-NEW")
    assert group.name == "Focus Group on something"
    assert group.original_language == "en"
    assert group.i18n == {"name_fr": "Groupe spécialisé sur un sujet"}

    url = reverse("admin:deliverables_group_change", args=[group.pk])
    response = admin_client.post(url, group_form(name_fr="", original_language="en"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.i18n is None
    assert group.history.count() == 2


def test_a_too_long_translation_is_refused_on_its_field_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:deliverables_group_add"), group_form(name_ru="Я" * 256)
    )
    assert response.status_code == 200
    assert "name_ru" in response.context["adminform"].form.errors
    assert not Group.objects.filter(code="FG-NEW").exists()


@pytest.fixture
def deliverable():
    return DeliverableFactory(
        code="FGMV-01",
        title=ORIGINAL,
        summary="What the metaverse is for.",
        i18n={"title_fr": FRENCH, "summary_fr": "À quoi sert le métavers."},
    )


def test_the_french_page_shows_the_french_title_with_the_original_one_click_away(
    client, deliverable
):
    response = get_in(client, "fr", deliverable.get_absolute_url())
    assert response.status_code == 200
    assert FRENCH in heading(response)
    assert ORIGINAL not in heading(response)
    assert "À quoi sert le métavers." in response.content.decode()
    disclosure = original_disclosure(response)
    assert disclosure is not None
    # "Original (English)", the language named in the page's language (Django's catalogs).
    assert re.search(r"<summary>Original \((English|[Aa]nglais)\)</summary>", disclosure)
    assert f'<p lang="en">{ORIGINAL}</p>' in disclosure
    assert '<div lang="en"><p>What the metaverse is for.</p></div>' in disclosure


def test_the_english_page_shows_the_original_as_entered(client, deliverable):
    response = get_in(client, "en", deliverable.get_absolute_url())
    assert heading(response) == f'<span class="code">FGMV-01</span> {ORIGINAL}'
    assert original_disclosure(response) is None
    assert FRENCH not in response.content.decode()


def test_a_page_in_a_language_without_translation_shows_the_original_marked_with_its_lang(
    client, deliverable
):
    response = get_in(client, "ar", deliverable.get_absolute_url())
    assert f'<span lang="en" dir="ltr">{ORIGINAL}</span>' in heading(response)
    assert original_disclosure(response) is None


def test_an_original_in_french_is_marked_french_on_the_english_page_and_shown_as_is_in_french(
    client,
):
    meeting = MeetingFactory(
        code="geneve",
        title="Réunion du Groupe",
        original_language="fr",
        i18n={"title_en": "Meeting of the Group"},
    )
    english = get_in(client, "en", meeting.get_absolute_url())
    assert heading(english) == "Meeting of the Group"
    assert '<p lang="fr">Réunion du Groupe</p>' in original_disclosure(english)
    french = get_in(client, "fr", meeting.get_absolute_url())
    assert heading(french) == "Réunion du Groupe"
    assert original_disclosure(french) is None


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: GroupFactory(code="FG-MV", name=ORIGINAL, kind=GroupKind.FOCUS_GROUP), "name"),
        (lambda: QuestionFactory(name=ORIGINAL), "name"),
        (lambda: MeetingFactory(title=ORIGINAL), "title"),
        (lambda: LiaisonStatementFactory(title=ORIGINAL), "title"),
        (lambda: WorkItemFactory(title=ORIGINAL, summary="Its scope."), "title"),
    ],
    ids=["group", "question", "meeting", "liaison statement", "work item"],
)
def test_each_record_page_shows_its_spanish_translation(client, make, field):
    record = make()
    record.i18n = {f"{field}_es": "Casos de uso del metaverso"}
    record.save()
    response = get_in(client, "es", record.get_absolute_url())
    assert response.status_code == 200
    assert "Casos de uso del metaverso" in heading(response)
    assert f'<p lang="en">{ORIGINAL}</p>' in original_disclosure(response)


def test_the_api_shows_the_translations_beside_the_unchanged_original(
    secretariat_client, deliverable
):
    url = reverse("deliverable-detail", args=["FGMV-01"])
    with translation.override("fr"):
        body = secretariat_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["title"] == ORIGINAL
    assert body["original_language"] == "en"
    assert body["translations"] == {"fr": {"title": FRENCH, "summary": "À quoi sert le métavers."}}


def test_the_api_replaces_the_translations_and_leaves_the_original(secretariat_client, deliverable):
    url = reverse("deliverable-detail", args=["FGMV-01"])
    response = secretariat_client.patch(
        url, {"translations": {"zh-hans": {"title": "元宇宙用例"}, "fr": {"title": ""}}}
    )
    assert response.status_code == 200, response.content
    assert response.json()["translations"] == {"zh-hans": {"title": "元宇宙用例"}}
    assert response.json()["title"] == ORIGINAL
    deliverable.refresh_from_db()
    assert deliverable.title == ORIGINAL
    assert deliverable.i18n == {"title_zh_hans": "元宇宙用例"}


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        ({"de": {"title": "Metaverse"}}, "“de” is not a language of this site"),
        ({"fr": {"owner": "SG17"}}, "“owner” cannot be translated"),
        ({"fr": "Métavers"}, "must be an object of texts"),
        ({"fr": {"title": "x" * 501}}, "more than 500 characters"),
        ({"fr": {"title": "a\x00b"}}, "null character"),
        (["fr"], "Give an object keyed by language code."),
    ],
    ids=["unknown language", "field not translated", "not an object", "too long", "nul", "list"],
)
def test_a_bad_translation_is_a_400_on_the_translations_field(
    secretariat_client, deliverable, translations, message
):
    url = reverse("deliverable-detail", args=["FGMV-01"])
    response = secretariat_client.patch(url, {"translations": translations}, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()["translations"])
    deliverable.refresh_from_db()
    assert deliverable.i18n == {"title_fr": FRENCH, "summary_fr": "À quoi sert le métavers."}


def test_search_finds_the_record_by_its_original_title_only(client, deliverable):
    with translation.override("fr"):
        found = client.get("/search/?q=metaverse", HTTP_ACCEPT_LANGUAGE="fr")
        not_found = client.get("/search/?q=métavers+écosystème", HTTP_ACCEPT_LANGUAGE="fr")
    assert "FGMV-01" in found.content.decode()
    assert "FGMV-01" not in not_found.content.decode()


def add_translated_deliverables(sg17, n):
    for _ in range(n):
        deliverable = DeliverableFactory(i18n={"title_fr": FRENCH})
        DistributionFactory(deliverable=deliverable, group=sg17, purpose=Purpose.ALLOCATED)


LIST_PAGES = ["/matrix/", "/deliverables/", "/groups/", "/meetings/", "/liaisons/"]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = get_in(client, "fr", url)
    assert response.status_code == 200, url
    return len(queries)


def test_lists_show_translated_titles_with_the_same_queries_for_3_and_30_rows(client):
    sg17 = StudyGroupFactory(code="SG17")
    parent = GroupFactory(code="TSAG")

    def add(n):
        add_translated_deliverables(sg17, n)
        for _ in range(n):
            GroupFactory(parent=parent, i18n={"name_fr": "Groupe traduit"})
            MeetingFactory(groups=[sg17], i18n={"title_fr": "Réunion traduite"})
            LiaisonStatementFactory(to_groups=[sg17], i18n={"title_fr": "Déclaration traduite"})

    add(3)
    few = {url: count_queries(client, url) for url in LIST_PAGES}
    add(27)
    many = {url: count_queries(client, url) for url in LIST_PAGES}
    assert few == many
    matrix = get_in(client, "fr", "/matrix/").content.decode()
    shown = FRENCH.replace("'", "&#x27;")
    assert f'<span class="matrix__title">{shown}</span>' in matrix
    assert Deliverable.objects.filter(title__contains="Cas d").count() == 0


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_validating_a_record_in_any_language_leaves_its_translations_as_they_are(
    deliverable, language
):
    with translation.override(language):
        deliverable.full_clean()
    assert deliverable.title == ORIGINAL
    assert deliverable.i18n == {"title_fr": FRENCH, "summary_fr": "À quoi sert le métavers."}
