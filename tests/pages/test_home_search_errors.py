"""Home (what is coming), search, error pages, sign-in and the secretariat's admin index."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core import search as site_search
from deliverables.models import GroupKind
from liaisons.models import LiaisonPurpose
from portal.views import server_error
from tests.deliverables.factories import GroupFactory
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def soon(days: int) -> dt.datetime:
    return (timezone.localtime() + dt.timedelta(days=days)).replace(
        hour=13, minute=0, second=0, microsecond=0, tzinfo=None
    )


@pytest.fixture
def coming(programme):
    """What is coming: a meeting of SG17, one of SG16, actions and a statement awaiting reply."""
    today = timezone.localdate()
    MeetingFactory(
        code="sg17-next", title="SG17 e-meeting", groups=[programme.sg17], local_start=soon(20)
    )
    MeetingFactory(
        code="sg16-next", title="SG16 e-meeting", groups=[programme.sg16], local_start=soon(30)
    )
    ActionItemFactory(code="SG17-1", group=programme.sg17, due_date=today - dt.timedelta(days=3))
    ActionItemFactory(code="SG16-1", group=programme.sg16, due_date=today + dt.timedelta(days=9))
    LiaisonStatementFactory(
        title="Please comment",
        to_all_study_groups=True,
        purpose=LiaisonPurpose.ACTION,
        date=today - dt.timedelta(days=10),
        reply_deadline=today + dt.timedelta(days=20),
    )
    return programme


def test_home_shows_upcoming_meetings_deadlines_actions_and_statements(client, coming):
    response = client.get("/")
    context = response.context
    assert [m.code for m in context["upcoming"]] == ["sg17-next", "sg16-next"]
    assert [m.code for m in context["deadlines"]] == ["sg17-next", "sg16-next"]
    assert [a.code for a in context["overdue"]] == ["SG17-1"]
    assert [a.code for a in context["open_actions"]] == ["SG16-1"]
    assert [s.title for s in context["awaiting"]] == ["Please comment"]


def test_home_for_one_group_shows_only_what_concerns_it(client, coming):
    response = client.get("/?group=SG16")
    context = response.context
    assert [m.code for m in context["upcoming"]] == ["sg16-next"]
    assert context["overdue"] == []
    assert [a.code for a in context["open_actions"]] == ["SG16-1"]
    # Addressed to all study groups, so SG16 must reply too.
    assert [s.title for s in context["awaiting"]] == ["Please comment"]
    assertContains(response, "<title>What is coming for SG16 · Standards Tracker</title>")


def test_home_for_a_group_outside_the_study_groups_skips_all_study_group_statements(client, coming):
    response = client.get("/?group=TSAG")
    assert response.context["awaiting"] == []


def test_home_with_an_unknown_group_says_so_and_shows_everything(client, coming):
    response = client.get("/?group=SG99")
    assertContains(response, "There is no group with the code “SG99”")
    assert len(response.context["upcoming"]) == 2


def test_home_says_when_nothing_is_coming(client, db):
    response = client.get("/")
    assertContains(response, "Nothing is scheduled")
    assertContains(response, "Nothing dated after today is on record")
    assertContains(response, "Nothing is overdue.")


# --- Search --------------------------------------------------------------------------------------


def hits(response, kind: str) -> list[str]:
    return next(
        ([h.code for h in r.hits] for r in response.context["results"] if r.kind.key == kind), []
    )


def test_search_finds_a_deliverable_by_words_in_its_title_and_summary(client, programme):
    response = client.get("/search/?q=age+verification")
    assert hits(response, "deliverables")[0] == "FGMV-12"
    assertContains(response, "<mark>")


def test_search_finds_by_code(client, programme):
    response = client.get("/search/?q=FGMV-04")
    assert hits(response, "deliverables")[0] == "FGMV-04"
    response = client.get("/search/?q=sg17")
    assert hits(response, "groups") == ["SG17"]


def test_search_finds_statements_by_document_number_and_actions_by_text(client, programme):
    LiaisonStatementFactory(
        title="LS on deliverables", document__number="TD480", document__revision=1
    )
    ActionItemFactory(code="WP2-9", text="Approve the outgoing liaison on metaverse deliverables")
    response = client.get("/search/?q=TD480")
    assert hits(response, "liaisons") == ["TD480-R1"]
    response = client.get("/search/?q=outgoing+liaison")
    assert hits(response, "actions") == ["WP2-9"]


def test_search_words_are_stemmed_on_postgresql(client, programme):
    # "declarations" is not a substring of the summary's "self-declaration": only stemming finds it.
    response = client.get("/search/?q=declarations")
    assert hits(response, "deliverables") == ["FGMV-12"]


def test_search_highlights_are_escaped(client, programme):
    programme.allocated_to_sg17.summary = "<script>alert(1)</script> verification"
    programme.allocated_to_sg17.save()
    response = client.get("/search/?q=verification")
    assertNotContains(response, "<script>")
    # Text from the database is escaped before the highlights become <mark>.
    assert site_search._headline("<b>x</b> \x02age\x03") == "&lt;b&gt;x&lt;/b&gt; <mark>age</mark>"
    assert "&lt;i&gt;<mark>age</mark>" in site_search._snippet("<i>age</i>", ["age"])


def test_the_fallback_search_needs_every_word_and_ranks_the_title_first(programme):
    kind = site_search.search_sources.get("deliverables")
    found = site_search._fallback(kind, "age verification", limit=10)
    assert [h.code for h in found] == ["FGMV-12"]
    assert "<mark>" in found[0].snippet
    assert site_search._fallback(kind, "age nonsense", limit=10) == []


def test_search_can_be_limited_to_one_kind(client, programme):
    response = client.get("/search/?q=metaverse&type=groups")
    assert [r.kind.key for r in response.context["results"]] == ["groups"]


def test_empty_search_shows_the_form(client, db):
    response = client.get("/search/")
    assertContains(response, '<input id="search-q" type="search" name="q"')
    assert response.context["results"] == []


def test_a_search_with_no_hit_says_so(client, programme):
    response = client.get("/search/?q=xylophone")
    assertContains(response, "Nothing matches “xylophone”")


# --- Errors, sign-in, admin ----------------------------------------------------------------------


def test_404_page_offers_search_and_home(client, db):
    response = client.get("/groups/NOPE/")
    assert response.status_code == 404
    assertContains(response, "<title>Page not found · Standards Tracker</title>", status_code=404)
    assertContains(response, 'action="/search/"', status_code=404)


def test_500_page_renders_without_the_database(db):
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_a_delegate_can_sign_in_and_out_from_the_public_pages(client, delegate_user):
    response = client.post(
        "/accounts/login/",
        {"username": "delegate", "password": "a-long-password-2", "next": "/matrix/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/matrix/"
    response = client.get("/matrix/")
    assertContains(response, "Signed in as <strong>delegate</strong>")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302


def test_a_wrong_password_says_so(client, delegate_user):
    response = client.post("/accounts/login/", {"username": "delegate", "password": "wrong"})
    assertContains(response, "not correct")


def test_admin_index_opens_on_what_needs_attention(client, secretariat_user):
    today = timezone.localdate()
    ActionItemFactory(code="WP2-2", due_date=today - dt.timedelta(days=2))
    MeetingFactory(code="soon", title="Soon", local_start=soon(10))  # deadline in 2 days
    LiaisonStatementFactory(
        title="Awaiting",
        purpose=LiaisonPurpose.ACTION,
        date=today - dt.timedelta(days=5),
        reply_deadline=today + dt.timedelta(days=3),
    )
    GroupFactory(
        code="FG-MV", kind=GroupKind.FOCUS_GROUP, lifetime_end=today - dt.timedelta(days=30)
    )
    client.force_login(secretariat_user)
    response = client.get("/admin/")
    assertContains(response, "Standards Tracker — secretariat")
    assertContains(response, "Overdue action items (1)")
    assertContains(response, "WP2-2")
    assertContains(response, "Contribution deadline")
    assertContains(response, "Reply due")
    assertContains(response, "Liaison statements awaiting reply (1)")
    assertContains(response, "but the group is still active")


def test_admin_index_groups_models_by_task(client, secretariat_user):
    secretariat_user.is_superuser = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    response = client.get("/admin/")
    names = [section["name"] for section in response.context["app_list"]]
    assert names[0] == "Work programme"
    assert "People with access" in names


def test_search_finds_a_document_by_number_with_or_without_revision(client, programme):
    DocumentFactory(number="TD480", revision=0, title="Draft LS")
    DocumentFactory(number="TD480", revision=1, title="LS on metaverse")
    response = client.get("/search/?q=TD480-R1")
    assert hits(response, "documents") == ["TD480-R1"]
    response = client.get("/search/?q=td480")
    assert sorted(hits(response, "documents")) == ["TD480", "TD480-R1"]


def test_the_fallback_search_finds_documents_by_number_too(programme):
    DocumentFactory(number="TD480", revision=1, title="LS on metaverse")
    kind = site_search.search_sources.get("documents")
    assert [h.code for h in site_search._fallback(kind, "TD480-R1", limit=10)] == ["TD480-R1"]
