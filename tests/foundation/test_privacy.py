"""People's e-mail addresses are shown to the secretariat only, everywhere: every page, API
answer and feed that names a person, read by a signed-in delegate, carries no address."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from deliverables.models import Group
from reminders.models import Subscription
from tests.deliverables.factories import GroupFactory, PersonFactory, RoleFactory
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, MeetingFactory, SessionFactory

pytestmark = pytest.mark.django_db

ADDRESS = "jane.doe@example.org"


@pytest.fixture
def jane(db):
    person = PersonFactory(slug="jane-doe", name="Jane Doe", email=ADDRESS)
    group = GroupFactory(code="SG17", name="Security")
    RoleFactory(person=person, group=group)
    meeting = MeetingFactory(code="sg17-2026-01", groups=[group])
    SessionFactory(meeting=meeting).moderators.add(person)
    ActionItemFactory(meeting=meeting, code="SG17-1", responsible_person=person)
    LiaisonStatementFactory(code="sg17-ls1", contact=person)
    return person


PLACES = [
    "/people/jane-doe/",
    "/groups/SG17/",
    "/meetings/sg17-2026-01/",
    "/meetings/sg17-2026-01/actions/SG17-1/",
    "/actions/",
    "/liaisons/sg17-ls1/",
    "/search/?q=Jane",
    "/groups/SG17/calendar.ics",
    "/calendar.ics",
    "/api/v1/people/",
    "/api/v1/people/jane-doe/",
    "/api/v1/roles/",
    "/api/v1/groups/SG17/",
    "/api/v1/action-items/",
    "/api/v1/liaisons/",
]


@pytest.mark.parametrize("path", PLACES)
def test_a_signed_in_delegate_sees_no_email_address(client, delegate_user, jane, path):
    client.force_login(delegate_user)

    response = client.get(path)

    assert response.status_code == 200, path
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert ADDRESS not in body.decode(), path


def test_the_secretariat_sees_the_address_on_the_page_and_in_the_api(
    client, secretariat_user, jane
):
    client.force_login(secretariat_user)

    assert ADDRESS in client.get("/people/jane-doe/").content.decode()
    assert client.get("/api/v1/people/jane-doe/").json()["email"] == ADDRESS


def test_an_admin_reader_cannot_find_a_follower_by_email_address(client, admin_client, jane):
    follower = User.objects.create_user("ada", "ada@example.org", "a-long-password-7")
    Subscription.objects.create(user=follower, group=Group.objects.get(code="SG17"))
    reader = User.objects.create_user("reader", password="a-long-password-4", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    client.force_login(reader)
    changelist = reverse("admin:reminders_subscription_changelist")

    found_by_reader = client.get(changelist, {"q": "ada@example.org"})
    found_by_secretariat = admin_client.get(changelist, {"q": "ada@example.org"})

    assert found_by_reader.context["cl"].result_count == 0
    assert found_by_secretariat.context["cl"].result_count == 1
