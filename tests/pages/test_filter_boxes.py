"""Filters on a group or a meeting take a typed code and suggest a bounded list, so a list page
does not carry every group or meeting of the programme as `<option>`s."""

import re

import pytest
from django.urls import reverse

from deliverables.models import GroupKind, GroupStatus
from tests.deliverables.factories import GroupFactory, StudyGroupFactory
from tests.meetings.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    sg17 = StudyGroupFactory(code="SG17", name="ITU-T Study Group 17")
    closed = StudyGroupFactory(code="SG99", name="Closed study group", status=GroupStatus.CLOSED)
    rapporteurs = [
        GroupFactory(code=f"SG17-RG{n}", kind=GroupKind.RAPPORTEUR_GROUP) for n in range(1, 8)
    ]
    return sg17, closed, rapporteurs


def suggestions(html: str, box_id: str) -> list[str]:
    datalist = re.search(rf'<datalist id="{box_id}-suggestions">(.*?)</datalist>', html, re.S)
    assert datalist, f"no suggestions for #{box_id}"
    return re.findall(r'<option value="([^"]+)"', datalist.group(1))


@pytest.mark.parametrize(
    ("url_name", "box_id"),
    [
        ("meetings:meeting-list", "id_group"),
        ("meetings:action-list", "id_group"),
        ("liaisons:liaison-list", "id_to"),
        ("liaisons:liaison-list", "id_from"),
    ],
)
def test_a_group_box_suggests_active_study_groups_not_every_group(client, groups, url_name, box_id):
    html = client.get(reverse(url_name)).content.decode()
    assert f'<input type="text" name="{box_id[3:]}"' in html
    assert "<select" not in html.split(f'id="{box_id}"')[1].split("</datalist>")[0]
    assert suggestions(html, box_id) == ["SG17"]


def test_a_typed_group_code_filters_in_any_letter_case(client, groups):
    sg17, _, rapporteurs = groups
    ours = ActionItemFactory(group=rapporteurs[0], text="Ours.")
    ActionItemFactory(group=sg17, text="Not ours.")

    response = client.get(reverse("meetings:action-list"), {"group": "sg17-rg1"})

    assert response.status_code == 200
    assert list(response.context["actions"]) == [ours]
    assert 'value="sg17-rg1"' in response.content.decode()


def test_an_unknown_group_code_says_so(client, groups):
    response = client.get(reverse("liaisons:liaison-list"), {"to": "SG42"})

    assert response.status_code == 200
    assert response.context["form"].errors["to"] == ["There is no group with the code “SG42”."]
    assert "There is no group with the code “SG42”." in response.content.decode()


def test_the_meeting_box_suggests_the_latest_meetings_with_actions_and_takes_any(client, groups):
    sg17 = groups[0]
    older = MeetingFactory(code="sg17-2024-03", groups=[sg17])
    ActionItemFactory(meeting=older, group=sg17)
    MeetingFactory(code="sg17-no-actions", groups=[sg17])

    html = client.get(reverse("meetings:action-list")).content.decode()
    assert "sg17-2024-03" in suggestions(html, "id_meeting")
    assert "sg17-no-actions" not in suggestions(html, "id_meeting")

    response = client.get(reverse("meetings:action-list"), {"meeting": "SG17-2024-03"})
    assert [a.meeting for a in response.context["actions"]] == [older]


def test_home_picker_takes_a_typed_code_and_suggests_study_groups(client, groups):
    html = client.get(reverse("home")).content.decode()
    assert suggestions(html, "home-group") == ["SG17"]

    response = client.get(reverse("home"), {"group": "sg17-rg2"})
    assert response.context["group"] == groups[2][1]
    assert 'value="SG17-RG2"' in response.content.decode()
