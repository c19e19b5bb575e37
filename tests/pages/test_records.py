"""The page of each record: group, deliverable, person, meeting, document, action, statement."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from deliverables.models import GroupKind, Purpose, RoleKind
from liaisons.models import LiaisonPurpose
from meetings.models import DocumentKind
from tests.deliverables.factories import (
    DistributionFactory,
    GroupFactory,
    PersonFactory,
    RoleFactory,
)
from tests.liaisons.factories import (
    AttachmentFactory,
    LiaisonStatementFactory,
    ReferenceOnlyStatementFactory,
)
from tests.meetings.factories import (
    ActionItemFactory,
    DocumentFactory,
    MeetingFactory,
    SessionFactory,
    WholeDayMeetingFactory,
)

pytestmark = pytest.mark.django_db


# --- Deliverable ---------------------------------------------------------------------------------


def test_deliverable_summary_is_rendered_as_paragraphs_and_bullet_lists(client, programme):
    response = client.get("/deliverables/FGMV-12/")
    assertContains(response, "<p>Age verification is pivotal.</p>", html=True)
    assertContains(response, "<ul><li>self-declaration</li><li>digital IDs</li></ul>", html=True)


def test_deliverable_page_title_names_code_and_title(client, programme):
    response = client.get("/deliverables/FGMV-12/")
    assertContains(
        response,
        "<title>FGMV-12 Children&#x27;s age verification in the metaverse · Standards Tracker</title>",
    )


def test_deliverable_page_shows_its_distribution_and_the_decision(client, programme):
    response = client.get("/deliverables/FGMV-12/")
    assertContains(response, '<a href="/groups/SG17/">SG17</a>', html=True)
    assertContains(response, "WP2-8")
    response = client.get("/deliverables/FGMV-01/")
    assertContains(response, "All study groups")


def test_deliverable_page_shows_the_actions_and_statements_that_refer_to_it(client, programme):
    td480 = DocumentFactory(number="TD480", revision=1, title="LS on FG-MV deliverables")
    ActionItemFactory(code="WP2-8", deliverables=[programme.allocated_to_sg17], documents=[td480])
    LiaisonStatementFactory(
        title="FG-MV deliverables", related_deliverables=[programme.allocated_to_sg17]
    )
    response = client.get("/deliverables/FGMV-12/")
    assertContains(response, ">WP2-8</a>")
    assertContains(response, '<a href="/documents/TD480-R1/">TD480-R1</a>', html=True)
    assertContains(response, "FG-MV deliverables")


def test_deliverable_history_shows_a_distribution_change(client, programme):
    line = programme.allocated_to_sg17.distribution.get(group=programme.sg17)
    line.purpose = Purpose.FOR_INFORMATION
    line.save()
    response = client.get("/deliverables/FGMV-12/")
    history = response.context["history"]
    change = next(e for e in history if e.changes)
    assert change.subject == "Distribution to SG17"
    assert change.changes == [("purpose", "Allocated", "For information")]
    assertContains(response, "Distribution to SG17 changed")


def test_unknown_deliverable_is_a_404_page(client, programme):
    response = client.get("/deliverables/FGMV-99/")
    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)


def test_edit_in_admin_link_is_for_staff_only(client, programme, secretariat_user):
    response = client.get("/deliverables/FGMV-12/")
    assertNotContains(response, "in admin")
    client.force_login(secretariat_user)
    response = client.get("/deliverables/FGMV-12/")
    pk = programme.allocated_to_sg17.pk
    assertContains(response, f'href="/admin/deliverables/deliverable/{pk}/change/"')


# --- Group ---------------------------------------------------------------------------------------


def test_group_page_lists_deliverables_received_including_all_study_groups(client, programme):
    response = client.get("/groups/SG17/")
    assert [d.code for d in response.context["allocated"]] == ["FGMV-12"]
    assert [d.code for d in response.context["for_information"]] == ["FGMV-01"]
    assertContains(response, "(sent to all study groups)")


def test_sg12_receives_what_goes_to_all_study_groups(client, programme):
    response = client.get("/groups/SG12/")
    assert list(response.context["allocated"]) == []
    assert [d.code for d in response.context["for_information"]] == ["FGMV-01"]


def test_group_page_separates_current_and_past_leadership(client, programme):
    dt_group = programme.fgmv
    old = RoleFactory(
        group=dt_group,
        person=PersonFactory(name="Ahmed Said"),
        role=RoleKind.RAPPORTEUR,
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2024, 1, 26),
    )
    new = RoleFactory(
        group=dt_group,
        person=PersonFactory(name="Ahmad Sharafat"),
        role=RoleKind.RAPPORTEUR,
        starts_on=dt.date(2024, 1, 26),
    )
    response = client.get("/groups/FG-MV/")
    assert list(response.context["current_roles"]) == [new]
    assert list(response.context["past_roles"]) == [old]


def test_group_page_shows_mandate_bullets_meetings_inbox_and_calendar_links(client, programme):
    programme.sg17.mandate = "Security.\n- identity\n- trust"
    programme.sg17.save()
    MeetingFactory(title="SG17 interim e-meeting", groups=[programme.sg17])
    LiaisonStatementFactory(title="To everyone", to_all_study_groups=True, awaiting=True)
    LiaisonStatementFactory(title="To SG16 only", to_groups=[programme.sg16])
    response = client.get("/groups/SG17/")
    assertContains(response, "<ul><li>identity</li><li>trust</li></ul>", html=True)
    assertContains(response, "SG17 interim e-meeting")
    assertContains(response, "To everyone")
    assertNotContains(response, "To SG16 only")
    assertContains(response, 'href="webcal://testserver/groups/SG17/calendar.ics"')
    assertContains(response, 'href="/groups/SG17/calendar.ics"')


def test_group_page_lists_its_actions(client, programme):
    ActionItemFactory(code="SG17-1", group=programme.sg17, text="Review the draft.")
    ActionItemFactory(code="OTHER-1", text="Not about SG17.")
    response = client.get("/groups/SG17/")
    assertContains(response, ">SG17-1</a>")
    assertNotContains(response, "OTHER-1")


# --- Person --------------------------------------------------------------------------------------


def test_person_email_is_never_shown_to_anonymous_users(client, programme):
    person = PersonFactory(slug="jane-doe", name="Jane Doe", email="jane@example.org")
    RoleFactory(person=person, group=programme.sg17)
    response = client.get("/people/jane-doe/")
    assertContains(response, "Jane Doe")
    assertNotContains(response, "jane@example.org")


def test_person_email_is_not_shown_to_signed_in_delegates(client, programme):
    PersonFactory(slug="jane-doe", name="Jane Doe", email="jane@example.org")
    client.force_login(User.objects.create_user("reader", password="a-long-password-3"))
    response = client.get("/people/jane-doe/")
    assertContains(response, "Jane Doe")
    assertNotContains(response, "jane@example.org")


def test_person_email_is_shown_to_the_secretariat_as_in_the_api(
    client, programme, secretariat_user
):
    PersonFactory(slug="jane-doe", name="Jane Doe", email="jane@example.org")
    client.force_login(secretariat_user)
    response = client.get("/people/jane-doe/")
    assertContains(response, 'href="mailto:jane@example.org"')


def test_person_page_lists_roles_actions_and_sessions(client, programme):
    person = PersonFactory(slug="shane-he", name="Shane He")
    RoleFactory(person=person, group=programme.fgmv, role=RoleKind.VICE_CHAIR)
    ActionItemFactory(code="RG-1", responsible_person=person)
    SessionFactory(title="Session 1: Metaverse for all", moderators=[person])
    response = client.get("/people/shane-he/")
    assertContains(response, "Vice-chair")
    assertContains(response, ">RG-1</a>")
    assertContains(response, "Moderator of “Session 1: Metaverse for all”")


# --- Meeting -------------------------------------------------------------------------------------


def test_meeting_times_are_shown_in_its_own_zone_with_a_machine_readable_instant(client, programme):
    meeting = MeetingFactory(
        code="rg-iem-2024-02-20",
        local_start=dt.datetime(2024, 2, 20, 13, 0),
        duration=dt.timedelta(minutes=90),
    )
    response = client.get(meeting.get_absolute_url())
    assertContains(response, 'datetime="2024-02-20T12:00:00Z"')
    assertContains(response, "Tue 20 February 2024, 13:00</time>–<time")
    # CLDR's name (core.i18n), as calendars and operating systems write it beside its summer
    # counterpart, "Central European Summer Time".
    assertContains(
        response,
        'datetime="2024-02-20T13:30:00Z">14:30 Central European Standard Time (UTC+1)</time>',
    )
    assertContains(response, 'class="js-local-range local-time" data-start="2024-02-20T12:00:00Z"')
    assertContains(response, "Europe/Zurich")


def test_a_whole_day_meeting_shows_its_dates_without_hours(client, programme):
    meeting = WholeDayMeetingFactory(
        code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22), last_day=dt.date(2024, 1, 26)
    )
    response = client.get(meeting.get_absolute_url())
    assertContains(response, "22–26 January 2024")
    assertNotContains(response, "00:00")


def test_meeting_page_lists_deadline_sessions_documents_actions_and_statements(client, programme):
    meeting = MeetingFactory(code="m1", title="Forum", groups=[programme.sg17])
    SessionFactory(meeting=meeting, title="Keynote")
    DocumentFactory(number="TD475", revision=1, meeting=meeting, title="LS to SG17")
    action = ActionItemFactory(meeting=meeting, code="WP2-9")
    LiaisonStatementFactory(title="Approved here", approved_at=meeting, approved_by_action=action)
    response = client.get("/meetings/m1/")
    for text in ("Contributions by", "Keynote", "TD475-R1", ">WP2-9</a>", "Approved here"):
        assertContains(response, text)
    assertContains(response, 'href="webcal://testserver/groups/SG17/calendar.ics"')


# --- Document and action -------------------------------------------------------------------------


def test_a_document_number_without_revision_finds_the_latest_revision(client, programme):
    DocumentFactory(number="TD480", revision=1, title="LS")
    response = client.get("/documents/TD480/")
    assert response.status_code == 302
    assert response["Location"] == "/documents/TD480-R1/"


def test_the_original_of_a_revised_document_points_to_the_revision(client, programme):
    DocumentFactory(number="TD475", revision=0, title="LS draft")
    DocumentFactory(number="TD475", revision=1, title="LS")
    response = client.get("/documents/TD475/")
    assertContains(response, "A later revision exists")
    assertContains(response, '<a href="/documents/TD475-R1/">TD475-R1</a>', html=True)


def test_a_malformed_document_number_is_a_404(client, programme):
    assert client.get("/documents/not-a-number/").status_code == 404


def test_action_page_shows_who_must_do_what_by_when(client, programme):
    action = ActionItemFactory(
        code="WP2-9",
        text="Approve the LS in TD480-R1.",
        responsible_group=programme.tsag,
        due_date=dt.date(2024, 2, 1),
        deliverables=[programme.allocated_to_sg17],
    )
    response = client.get(f"/meetings/{action.meeting.code}/actions/WP2-9/")
    assertContains(response, "Approve the LS in TD480-R1.")
    assertContains(response, '<a href="/groups/TSAG/">TSAG</a>', html=True)
    assertContains(response, "Overdue")
    assertContains(response, '<a href="/deliverables/FGMV-12/">FGMV-12</a>', html=True)


def test_the_same_action_code_in_another_meeting_is_another_page(client, programme):
    ActionItemFactory(code="WP2-1", text="First")
    other = ActionItemFactory(code="WP2-1", text="Second")
    response = client.get(other.get_absolute_url())
    assertContains(response, "Second")


# --- Liaison statement ---------------------------------------------------------------------------


def test_statement_page_says_what_is_asked_of_whom_by_when(client, programme):
    statement = LiaisonStatementFactory(
        title="LS on FG-MV deliverables",
        from_groups=[programme.tsag],
        to_all_study_groups=True,
        purpose=LiaisonPurpose.ACTION,
        reply_deadline=dt.date(2024, 4, 30),
        summary="Please take the deliverables forward.",
    )
    AttachmentFactory(statement=statement, original_name="ls.pdf")
    response = client.get(statement.get_absolute_url())
    assertContains(response, "From <strong>TSAG</strong> to <strong>all study groups</strong>.")
    assertContains(response, '<td role="cell" data-label="Asked" class="nowrap">For action</td>')
    assertContains(response, "Tue 30 April 2024")
    assertContains(response, "Awaiting reply")
    assertContains(response, "ls.pdf")
    assertContains(response, "Please take the deliverables forward.")


def test_unknown_facts_of_a_statement_are_not_stated(client, programme):
    statement = ReferenceOnlyStatementFactory(reference="TSAG-LS14R1", direction="incoming")
    response = client.get(statement.get_absolute_url())
    assertContains(response, "TSAG-LS14R1")
    assertContains(response, "not stated")


def test_a_reply_shows_on_the_original_statement(client, programme):
    original = ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")
    LiaisonStatementFactory(
        title="LS/r on accessibility", replies_to=original, from_groups=[programme.sg16]
    )
    response = client.get(original.get_absolute_url())
    assertContains(response, "LS/r on accessibility")
    assertContains(response, "Answered")


def test_document_page_offers_its_file_with_type_and_size_and_its_revision_chain(client, programme):
    original = DocumentFactory(number="TD480", title="LS on metaverse")
    revised = DocumentFactory(number="TD480", revision=1, title="LS on metaverse")
    revised.file.save("upload.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2039))
    DocumentFactory(number="TD480", revision=2, title="LS on metaverse (withdrawn)")

    response = client.get("/documents/TD480-R1/")

    assertContains(response, '<a href="/documents/TD480-R1/file/" download>Download TD480-R1</a>')
    assertContains(response, "(PDF, 2.0\xa0KB)")
    chain = response.context["chain"]
    assert [d.code for d in chain] == ["TD480", "TD480-R1", "TD480-R2"]
    assertContains(response, '<strong class="code" aria-current="page">TD480-R1</strong>')
    assertContains(response, "LS on metaverse (withdrawn)")
    assertContains(client.get(original.get_absolute_url()), "no file stored")


def test_liaison_document_page_links_to_the_statement(client, programme):
    statement = LiaisonStatementFactory(
        title="LS to SG5",
        document=DocumentFactory(number="TD474", kind=DocumentKind.LIAISON_STATEMENT),
    )
    response = client.get("/documents/TD474/")
    assertContains(response, f'href="{statement.get_absolute_url()}"')


def test_statement_list_filters_by_recipient_including_all_study_groups(client, programme):
    LiaisonStatementFactory(title="To all", to_all_study_groups=True)
    LiaisonStatementFactory(title="To SG16", to_groups=[programme.sg16])
    response = client.get("/liaisons/?to=SG12")
    assert [s.title for s in response.context["statements"]] == ["To all"]


def test_distribution_for_a_non_study_group_shows_as_its_own_column(client, programme):
    DistributionFactory(
        deliverable=programme.sg16_only, group=programme.tsag, purpose=Purpose.FOR_INFORMATION
    )
    response = client.get("/matrix/")
    assert [g.code for g in response.context["columns"]][-1] == "TSAG"


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "Home"),
        ("/matrix/", "Matrix"),
        ("/deliverables/FGMV-12/", "Matrix"),
        ("/groups/SG17/", "Groups"),
        ("/liaisons/", "Liaisons"),
        ("/search/", "Search"),
    ],
)
def test_the_header_marks_where_the_reader_is(client, programme, url, current):
    response = client.get(url)
    assertContains(response, f'aria-current="page">{current}</a>', count=1)


def test_an_action_page_sits_under_actions_not_meetings(client, programme):
    action = ActionItemFactory(code="WP2-9")
    response = client.get(action.get_absolute_url())
    assertContains(response, 'aria-current="page">Actions</a>')
    assertNotContains(response, 'aria-current="page">Meetings</a>')


def test_statement_list_filters_by_sender_direction_and_awaiting_reply(client, programme):
    LiaisonStatementFactory(title="From TSAG", from_groups=[programme.tsag], awaiting=True)
    LiaisonStatementFactory(title="From SG16", from_groups=[programme.sg16], incoming=True)
    response = client.get("/liaisons/?from=TSAG")
    assert [s.title for s in response.context["statements"]] == ["From TSAG"]
    response = client.get("/liaisons/?direction=incoming")
    assert [s.title for s in response.context["statements"]] == ["From SG16"]
    response = client.get("/liaisons/?awaiting_reply=on")
    assert [s.title for s in response.context["statements"]] == ["From TSAG"]


def test_action_list_filters_by_status_overdue_and_group(client, programme):
    today = timezone.localdate()
    ActionItemFactory(code="LATE-1", group=programme.sg17, due_date=today - dt.timedelta(days=1))
    ActionItemFactory(
        code="DONE-1", responsible_group=programme.sg17, status="done", closed_on=today
    )
    ActionItemFactory(code="OTHER-1", due_date=today + dt.timedelta(days=5))
    codes = lambda r: sorted(a.code for a in r.context["actions"])  # noqa: E731
    assert codes(client.get("/actions/?status=overdue")) == ["LATE-1"]
    assert codes(client.get("/actions/?status=open")) == ["LATE-1", "OTHER-1"]
    assert codes(client.get("/actions/?group=SG17")) == ["DONE-1", "LATE-1"]
    assert codes(client.get("/actions/?group=SG17&status=done")) == ["DONE-1"]


def test_meeting_list_filters_by_group_and_separates_upcoming_from_past(client, programme):
    now = dt.datetime.now()
    MeetingFactory(code="soon", groups=[programme.sg17], local_start=now + dt.timedelta(days=9))
    MeetingFactory(code="gone", groups=[programme.sg17], local_start=now - dt.timedelta(days=9))
    MeetingFactory(code="other", local_start=now + dt.timedelta(days=9))
    response = client.get("/meetings/?group=SG17")
    assert [m.code for m in response.context["upcoming"]] == ["soon"]
    assert [m.code for m in response.context["meetings"]] == ["gone"]


def test_meeting_list_shows_the_next_meetings_and_pages_through_the_rest(client, programme):
    now = dt.datetime.now()
    for day in range(1, 24):
        MeetingFactory(code=f"ahead-{day:02}", local_start=now + dt.timedelta(days=day))
    MeetingFactory(code="gone", local_start=now - dt.timedelta(days=3))

    response = client.get("/meetings/")
    assert [m.code for m in response.context["upcoming"]] == [f"ahead-{d:02}" for d in range(1, 21)]
    assert response.context["upcoming_total"] == 23
    assert [m.code for m in response.context["meetings"]] == ["gone"]
    assertContains(response, 'href="?upcoming=true">See all 23 upcoming meetings</a>')

    response = client.get("/meetings/?upcoming=true&page=1")
    codes = [m.code for m in response.context["meetings"]]
    assert codes == [f"ahead-{d:02}" for d in range(1, 24)]
    assertContains(response, "<h1>Upcoming meetings</h1>", html=True)

    response = client.get("/meetings/?upcoming=false")
    assert [m.code for m in response.context["meetings"]] == ["gone"]


def test_document_list_finds_every_revision_of_a_number(client, programme):
    DocumentFactory(number="TD475", revision=0, title="Draft")
    DocumentFactory(number="TD475", revision=1, title="Final")
    DocumentFactory(number="TD476", title="Another")
    response = client.get("/documents/?search=TD475")
    assert [d.code for d in response.context["documents"]] == ["TD475", "TD475-R1"]
    response = client.get("/documents/?search=TD475-R1")
    assert [d.code for d in response.context["documents"]] == ["TD475-R1"]


def test_group_list_filters_by_kind_and_status(client, programme):
    response = client.get("/groups/?kind=study_group")
    codes = [g.code for _, _, members, _ in response.context["by_kind"] for g in members]
    assert codes == ["SG12", "SG16", "SG17"]
    response = client.get("/groups/?status=closed")
    assert response.context["by_kind"] == []


def test_group_list_pages_by_kind_then_code_and_counts_each_kind_whole(client, programme):
    for n in range(1, 111):
        GroupFactory(code=f"RG-{n}", kind=GroupKind.RAPPORTEUR_GROUP)

    first = client.get("/groups/")
    kinds = [(key, len(members), total) for _, key, members, total in first.context["by_kind"]]
    # Advisory group first, then the rapporteur groups in natural order across both pages.
    assert kinds[0] == ("advisory_group", 1, 1)
    assert kinds[1] == ("rapporteur_group", 99, 110)
    assert [g.code for g in first.context["by_kind"][1][2]][:3] == ["RG-1", "RG-2", "RG-3"]
    assertContains(first, "(99 on this page)")

    second = client.get("/groups/?page=2")
    kinds = [(key, len(members), total) for _, key, members, total in second.context["by_kind"]]
    assert kinds[0] == ("rapporteur_group", 11, 110)
    assert [g.code for g in second.context["by_kind"][0][2]][-1] == "RG-110"
    assert {key for key, _, _ in kinds} >= {"focus_group", "study_group"}


def test_the_calendar_links_of_a_group_page_lead_to_its_feed(client, programme):
    response = client.get("/groups/SG17/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


def test_a_lower_case_document_number_leads_to_the_document(client, programme):
    DocumentFactory(number="TD480", revision=1, title="LS")
    response = client.get("/documents/td480-r1/")
    assert response.status_code == 302
    assert response["Location"] == "/documents/TD480-R1/"


def test_statement_page_shows_each_addressees_reply_and_who_is_still_awaited(client, programme):
    sg11 = GroupFactory(code="SG11", kind=GroupKind.STUDY_GROUP)
    statement = LiaisonStatementFactory(
        awaiting=True, from_groups=[programme.tsag], to_groups=[sg11, programme.sg16]
    )
    reply = LiaisonStatementFactory(
        incoming=True, from_groups=[programme.sg16], replies_to=statement
    )

    response = client.get(statement.get_absolute_url())

    rows = {row.label: row for row in response.context["asks"]}
    assert rows["SG16"].reply == reply
    assert not rows["SG16"].awaiting_reply
    assert rows["SG11"].awaiting_reply
    assertContains(response, f'<a href="{reply.get_absolute_url()}">{reply.display_code}</a>')
    assertContains(response, "Awaiting reply")
