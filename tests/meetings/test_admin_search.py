"""The admin's search across relations (core.admin.BigTableAdminMixin): one index lookup per
search field, united, instead of one OR across every join. What a secretariat member sees must
be Django's search all the same: each field finds, every word must match, no row twice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.deliverables.factories import PersonFactory
from tests.meetings.factories import MeetingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def found(client, term: str) -> set[str]:
    response = client.get(reverse("admin:meetings_session_changelist"), {"q": term})
    assert response.status_code == 200
    return {session.title for session in response.context["cl"].result_list}


def test_sessions_are_found_by_their_own_meetings_and_peoples_words(admin_client):
    hadley = PersonFactory(name="Ada Hadley")
    quantum = MeetingFactory(title="Quantum networks forum")
    SessionFactory(title="Opening", meeting=quantum)
    SessionFactory(title="Keynote", moderators=[hadley], speakers=[hadley])
    SessionFactory(title="Quantum keys panel")
    SessionFactory(title="Closing")

    assert found(admin_client, "quantum") == {"Opening", "Quantum keys panel"}
    assert found(admin_client, "HADLEY") == {"Keynote"}  # once, though named twice
    assert found(admin_client, "quantum panel") == {"Quantum keys panel"}  # every word
    assert found(admin_client, '"keys panel"') == {"Quantum keys panel"}  # a quoted phrase
    assert found(admin_client, "quantum hadley") == set()


def test_a_search_across_relations_neither_joins_them_to_every_row_nor_deduplicates(admin_client):
    SessionFactory(title="Quantum keys panel", moderators=[PersonFactory(name="Ada Hadley")])
    with CaptureQueriesContext(connection) as queries:
        assert found(admin_client, "quantum hadley") == {"Quantum keys panel"}
    listed = [q["sql"] for q in queries if 'FROM "meetings_session"' in q["sql"]]
    assert listed
    # Django's own search ORs the fields across LEFT JOINs of the meeting and both people
    # lists and then needs DISTINCT: PostgreSQL reads every session to answer it.
    assert not any("DISTINCT" in sql or "LEFT OUTER JOIN" in sql for sql in listed)
