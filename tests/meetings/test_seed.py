"""The meetings, documents and actions of TSAG TD315 and the event pages, as `load_seed_data`
loads them from meetings/seed/meetings.yaml."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import call_command

from deliverables.models import Deliverable
from meetings.models import ActionItem, Document, Meeting, MeetingKind, Session

# The demo data, loaded once for the module and rolled back after each test (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_data")]

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

CLAUSE_0 = [
    "WP2-1",
    "RG-IEM-1",
    "RG-WP2-2",
    "RG-WPR-2",
    "RG-WPR-3",
    "RG-WPR-4",
    "WP2-3",
    "WP2-4",
    "WP2-5",
    "WP2-6",
    "WP2-7",
    "WP2-8",
    "WP2-9",
    "WP2-10",
    "WP2-11",
    "WP2-12",
    "WP2-13",
]


def local_hours(meeting: Meeting) -> tuple[dt.time, dt.time]:
    return meeting.local_start.time(), meeting.local_end.time()


def test_the_17_actions_of_clause_0_in_order_with_their_exact_codes():
    wp2 = Meeting.objects.get(code="wp2-tsag-2024-01")
    actions = ActionItem.objects.filter(meeting=wp2).order_by("position")
    assert [item.code for item in actions] == CLAUSE_0
    assert [item.position for item in actions] == list(range(1, 18))
    odd = actions.get(code="RG-WP2-2")
    assert odd.group.code == "RG-WPR"
    assert [g.code for g in odd.concerned_groups.all()] == ["SG9", "SG16"]
    assert {item.responsible_group.code for item in actions} == {"TSAG"}
    # One reading of clause 0 for every action and its outcome: decided at the TSAG closing
    # plenary of 26 January 2024 (docs/seed-data-quirks.md, "Clause 0").
    assert {(item.status, item.closed_on) for item in actions} == {("done", dt.date(2024, 1, 26))}
    assert not ActionItem.objects.open().exists()


def test_actions_link_their_documents_groups_and_deliverables():
    def action(code):
        return ActionItem.objects.get(meeting__code="wp2-tsag-2024-01", code=code)

    assert [d.code for d in action("WP2-9").documents.all()] == ["TD480-R1"]
    assert [d.code for d in action("RG-WPR-2").documents.all()] == ["TD484-R1"]
    assert [d.code for d in action("RG-WPR-4").documents.all()] == ["TD475-R1"]
    wp2_8 = action("WP2-8")
    assert sorted(d.code for d in wp2_8.documents.all()) == ["TD315", "TD480-R1"]
    fg_mv = Deliverable.objects.filter(owner__code="FG-MV")
    assert fg_mv.count() == 22
    assert set(wp2_8.deliverables.all()) == set(fg_mv)
    # As the document gives them, "[to ITU-T SG2, SG11, SG17]": natural order, from SQL.
    assert [g.code for g in action("RG-WPR-4").concerned_groups.all()] == ["SG2", "SG11", "SG17"]
    assert "TSB" in action("RG-IEM-1").responsible_note


def test_td480_and_td480_r1_resolve_to_the_same_document():
    assert Document.objects.resolve("TD480") == Document.objects.resolve("TD480-R1")
    assert Document.objects.resolve("TD480").title == "Liaison Statement on metaverse"
    # Where both revisions are recorded, the bare number still means the approved one.
    assert Document.objects.resolve("TD484").code == "TD484-R1"
    assert Document.objects.matching("TD484").count() == 2
    assert Document.objects.resolve("TD257R1").code == "TD257-R1"
    assert Document.objects.get(number="TD304", revision=1).title == ""


@pytest.mark.parametrize(
    ("number", "description"),
    [
        ("C55", "Contribution on the topic of metaverse"),
        ("TD380", "Liaison Statement"),
        ("TD350", "iLS related to RG-DT"),
        ("TD449", "JCA-AHF regular progress report"),
    ],
)
def test_a_description_the_source_gives_is_not_shown_as_a_title(client, number, description):
    document = Document.objects.get(number=number, revision=0)
    assert (document.title, document.description) == ("", description)

    page = client.get(document.get_absolute_url()).content.decode()
    assert "(title not stated)" in page
    assert description in page


def test_titles_the_source_gives_stay_titles():
    assert Document.objects.get(number="C62").title == "Enhancing the value proposition of ITU-T"
    assert Document.objects.resolve("TD440-R1").title == "Digital Transformation Dialogues"


def test_rg_iem_has_four_e_meetings_at_1300_to_1430_geneva_time():
    meetings = Meeting.objects.filter(groups__code="RG-IEM", kind=MeetingKind.RAPPORTEUR_GROUP)
    assert [m.start_date for m in meetings] == [
        dt.date(2024, 2, 20),
        dt.date(2024, 3, 19),
        dt.date(2024, 5, 7),
        dt.date(2024, 6, 11),
    ]
    assert {local_hours(m) for m in meetings} == {(dt.time(13, 0), dt.time(14, 30))}
    assert {m.time_zone for m in meetings} == {"Europe/Zurich"}
    assert [m.contribution_deadline for m in meetings] == [
        dt.date(2024, 2, 12),
        dt.date(2024, 3, 11),
        dt.date(2024, 4, 30),
        dt.date(2024, 6, 3),
    ]
    # Summer time is Geneva's, not the server's: 13:00 is 11:00 UTC in May.
    may = meetings.get(code="rg-iem-2024-05-07")
    assert may.starts_at == dt.datetime(2024, 5, 7, 11, 0, tzinfo=dt.UTC)


def test_rg_dt_has_four_e_meetings_at_1300_to_1500():
    meetings = Meeting.objects.filter(groups__code="RG-DT")
    assert [m.start_date for m in meetings] == [
        dt.date(2024, 3, 5),
        dt.date(2024, 4, 23),
        dt.date(2024, 5, 31),
        dt.date(2024, 7, 16),
    ]
    assert {local_hours(m) for m in meetings} == {(dt.time(13, 0), dt.time(15, 0))}


def test_rg_wpr_interim_meeting_is_dated_2024_as_resolved_on_purpose():
    meeting = Meeting.objects.get(groups__code="RG-WPR")
    assert meeting.all_day
    assert (meeting.start_date, meeting.end_date) == (dt.date(2024, 6, 19), dt.date(2024, 6, 19))
    assert meeting.contribution_deadline == dt.date(2024, 6, 12)


def test_rg_sop_meeting_and_the_workshop():
    sop = Meeting.objects.get(groups__code="RG-SOP")
    assert (sop.start_date, local_hours(sop)) == (
        dt.date(2024, 6, 18),
        (dt.time(13, 0), dt.time(14, 30)),
    )
    workshop = Meeting.objects.get(code="industry-engagement-workshop-2024-04-19")
    assert workshop.kind == MeetingKind.WORKSHOP
    assert workshop.all_day
    assert workshop.start_date == dt.date(2024, 4, 19)
    assert [g.code for g in workshop.groups.all()] == ["IEWSC", "RG-IEM", "TSAG"]


@pytest.mark.parametrize(
    "code", ["wp2-tsag-2024-01", "ahg-mv-2024-01-24", "industry-engagement-workshop-2024-04-19"]
)
def test_a_city_alone_is_not_a_format(client, code):
    meeting = Meeting.objects.get(code=code)
    assert (meeting.venue, meeting.format) == ("Geneva", "")
    assert "(format not stated)" in client.get(meeting.get_absolute_url()).content.decode()


def test_the_cxo_meeting_of_5_december_2023_in_dubai():
    cxo = Meeting.objects.get(code="cxo-2023-12-05")
    assert (cxo.start_date, cxo.end_date, cxo.all_day) == (
        dt.date(2023, 12, 5),
        dt.date(2023, 12, 5),
        True,
    )
    assert (cxo.venue, cxo.time_zone) == ("Dubai, United Arab Emirates", "Asia/Dubai")
    assert "TD398" in cxo.outcome


def test_wp2_meeting_is_five_whole_days_in_geneva():
    wp2 = Meeting.objects.get(code="wp2-tsag-2024-01")
    assert wp2.all_day
    assert (wp2.start_date, wp2.end_date) == (dt.date(2024, 1, 22), dt.date(2024, 1, 26))
    assert wp2.starts_at == dt.datetime(2024, 1, 22, tzinfo=GENEVA)
    assert [g.code for g in wp2.groups.all()] == ["WP2"]


def test_fg_mv_meeting_and_forum_are_in_shanghai_time():
    fg = Meeting.objects.get(code="fg-mv-2023-07")
    assert (fg.start_date, fg.end_date, fg.time_zone) == (
        dt.date(2023, 7, 4),
        dt.date(2023, 7, 6),
        "Asia/Shanghai",
    )
    forum = Meeting.objects.get(code="itu-forum-metaverse-2023-07-07")
    assert forum.starts_at == dt.datetime(2023, 7, 7, 9, 0, tzinfo=SHANGHAI)
    assert forum.ends_at == dt.datetime(2023, 7, 7, 16, 35, tzinfo=SHANGHAI)
    assert "CAICT" in forum.host


def test_the_forum_names_its_contact_waic_and_fg_mv(api_client, client):
    body = api_client.get("/api/v1/meetings/itu-forum-metaverse-2023-07-07/").json()
    assert (body["contact"]["code"], body["contact"]["name"]) == (
        "cristina-bueti",
        "Cristina Bueti",
    )
    assert body["held_with"] == "World Artificial Intelligence Conference (WAIC)"
    assert [group["code"] for group in body["related_groups"]] == ["FG-MV"]
    assert body["groups"] == []  # FG-MV did not organise it

    page = client.get("/meetings/itu-forum-metaverse-2023-07-07/").content.decode()
    assert "Ms Cristina Bueti" in page
    assert "World Artificial Intelligence Conference (WAIC)" in page


def test_the_forum_has_its_sessions_with_moderators_and_speakers():
    sessions = Session.objects.filter(meeting__code="itu-forum-metaverse-2023-07-07")
    assert [s.title for s in sessions] == [
        "Opening Ceremony",
        "Keynote Speech",
        "Session 1: Key technologies powering the metaverse",
        "Session 2: Shaping an inclusive and open metaverse: the role of standards",
        "Keynote Speech",
        "Exhibition: What’s next?: Showcase of metaverse applications",
        "Session 3: Exploring the industrial metaverse",
        "Closing Remarks",
    ]
    moderators = {s.title: sorted(p.slug for p in s.moderators.all()) for s in sessions}
    assert moderators["Opening Ceremony"] == ["zhiqin-wang"]
    assert moderators["Session 1: Key technologies powering the metaverse"] == ["shane-he"]
    assert moderators["Session 3: Exploring the industrial metaverse"] == ["radia-funna"]
    opening = sessions.get(title="Opening Ceremony")
    assert sorted(p.slug for p in opening.speakers.all()) == ["seizo-onoe", "shujian-fan"]
    assert opening.starts_at == dt.datetime(2023, 7, 7, 9, 0, tzinfo=SHANGHAI)


def test_wsis_session_and_virtual_worlds_day():
    wsis = Meeting.objects.get(code="wsis-2025-07-08-citiverse")
    assert wsis.starts_at == dt.datetime(2025, 7, 8, 16, 0, tzinfo=GENEVA)
    assert wsis.format == ""  # not stated in the source
    assert wsis.part_of == "WSIS Forum 2025"
    assert [g.code for g in wsis.related_groups.all()] == ["SG20"]
    assert not wsis.groups.exists()
    day = Meeting.objects.get(code="un-virtual-worlds-day-2026-05")
    assert (day.start_date, day.end_date, day.all_day) == (
        dt.date(2026, 5, 11),
        dt.date(2026, 5, 12),
        True,
    )


def test_contribution_deadline_of_12_february_2024_is_there_for_reminders():
    due = Meeting.objects.with_deadline_between(dt.date(2024, 2, 5), dt.date(2024, 2, 19))
    assert [(m.code, m.contribution_deadline) for m in due] == [
        ("rg-iem-2024-02-20", dt.date(2024, 2, 12))
    ]


def test_every_seeded_meeting_passes_its_own_validation():
    for meeting in Meeting.objects.all():
        meeting.full_clean()
    for item in ActionItem.objects.select_related("meeting"):
        item.full_clean()


def test_a_second_load_changes_nothing():
    counts = (
        Meeting.objects.count(),
        Session.objects.count(),
        Document.objects.count(),
        ActionItem.objects.count(),
        Meeting.history.count(),
        ActionItem.history.count(),
    )
    out = io.StringIO()
    call_command("load_seed_data", stdout=out)
    assert "Nothing to change." in out.getvalue()
    assert "meetings: 0 created, 0 updated" in out.getvalue()
    assert "action items: 0 created, 0 updated, 17 unchanged" in out.getvalue()
    assert "Seed data loaded." not in out.getvalue()
    assert counts == (
        Meeting.objects.count(),
        Session.objects.count(),
        Document.objects.count(),
        ActionItem.objects.count(),
        Meeting.history.count(),
        ActionItem.history.count(),
    )


def test_a_load_puts_back_what_was_changed_by_hand():
    meeting = Meeting.objects.get(code="rg-iem-2024-02-20")
    meeting.starts_at += dt.timedelta(hours=1)
    meeting.save()
    out = io.StringIO()
    call_command("load_seed_data", stdout=out)
    meeting.refresh_from_db()
    assert meeting.local_start.time() == dt.time(13, 0)
    assert "meetings: 0 created, 1 updated" in out.getvalue()


def test_quirk_notes_are_loaded_with_the_record_they_concern():
    odd = ActionItem.objects.get(code="RG-WP2-2")
    assert "there is no WP2-2" in odd.quirk
    report = Document.objects.get(number="TD315", revision=0)
    wp2 = Meeting.objects.get(code="wp2-tsag-2024-01")
    assert "Annex 3 is cited but absent" in wp2.quirk
    assert report.quirk
