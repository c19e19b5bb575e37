"""The notes on the source that the demo data loader stores with a record (its `quirk`) are shown
in the admin, read-only, on the record they concern: staff see why a value differs from the
document before they "correct" it."""

import pytest
from django.urls import reverse

from deliverables.models import Group
from meetings.models import ActionItem
from tests.deliverables.factories import GroupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_data")]


@pytest.mark.parametrize(
    ("url_name", "record", "words"),
    [
        ("admin:deliverables_group_change", lambda: Group.objects.get(code="SG9"), "in principle"),
        (
            "admin:meetings_actionitem_change",
            lambda: ActionItem.objects.get(code="RG-WP2-2"),
            "there is no WP2-2",
        ),
    ],
)
def test_the_note_is_shown_read_only_on_the_change_page(admin_client, url_name, record, words):
    obj = record()
    page = admin_client.get(reverse(url_name, args=[obj.pk])).content.decode()

    assert "Note on the source" in page
    assert words in page
    assert 'name="quirk"' not in page  # shown, not a form field


def test_a_post_cannot_change_the_note(admin_client):
    group = Group.objects.get(code="SG9")
    url = reverse("admin:deliverables_group_change", args=[group.pk])
    page = admin_client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update({"quirk": "overwritten", "_save": "Save"})
    admin_client.post(url, data)

    group.refresh_from_db()
    assert "in principle" in group.quirk


def test_a_record_without_a_note_shows_no_such_section(admin_client, seed_data):
    group = GroupFactory(code="WP9")
    page = admin_client.get(reverse("admin:deliverables_group_change", args=[group.pk]))
    assert "Note on the source" not in page.content.decode()
