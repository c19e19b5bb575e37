"""A group never ends up among its own ancestors: clean() says so by field, the database refuses
it whatever writes the table, even two writers at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from deliverables.models import Group, GroupKind
from tests.concurrency import race
from tests.deliverables.factories import GroupFactory

CYCLE = "This parent would make the group report to itself."


@pytest.fixture
def tsag_wp2_rg(db):
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    wp2 = GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY, parent=tsag)
    return tsag, wp2, GroupFactory(code="RG-IEM", parent=wp2)


def test_clean_refuses_a_parent_below_the_group_with_a_message_on_parent(tsag_wp2_rg):
    tsag, _, rg = tsag_wp2_rg
    tsag.parent = rg
    with pytest.raises(ValidationError) as error:
        tsag.full_clean()
    assert error.value.message_dict["parent"] == [CYCLE]


def test_clean_refuses_the_group_as_its_own_parent(tsag_wp2_rg):
    tsag, _, _ = tsag_wp2_rg
    tsag.parent = tsag
    with pytest.raises(ValidationError) as error:
        tsag.full_clean()
    assert error.value.message_dict["parent"] == ["A group cannot report to itself."]


@pytest.mark.parametrize("new_parent", ["RG-IEM", "TSAG"])
def test_database_refuses_a_cycle_written_around_the_model(tsag_wp2_rg, new_parent):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; on SQLite clean() is the guard")
    with pytest.raises(IntegrityError, match=CYCLE), transaction.atomic():
        Group.objects.filter(code="TSAG").update(parent=Group.objects.get(code=new_parent))
    assert Group.objects.get(code="TSAG").parent is None


def test_database_accepts_moving_a_group_elsewhere_in_the_tree(tsag_wp2_rg):
    _, wp2, rg = tsag_wp2_rg
    wp3 = GroupFactory(code="WP3", kind=GroupKind.WORKING_PARTY)
    Group.objects.filter(pk=rg.pk).update(parent=wp3)
    Group.objects.filter(pk=wp3.pk).update(parent=wp2)
    assert Group.objects.get(pk=rg.pk).parent.parent == wp2


def test_api_answers_a_cycle_with_a_400_on_parent(tsag_wp2_rg, secretariat_client):
    response = secretariat_client.patch(
        reverse("group-detail", args=["TSAG"]), {"parent": "RG-IEM"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["parent"] == [CYCLE]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writes_cannot_make_a_cycle_between_them():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    a = GroupFactory(code="RG-A")
    b = GroupFactory(code="RG-B")

    outcomes = race(
        lambda: Group.objects.filter(pk=a.pk).update(parent=b),
        lambda: Group.objects.filter(pk=b.pk).update(parent=a),
    )

    assert outcomes[0] == "committed"
    assert isinstance(outcomes[1], IntegrityError), outcomes
    assert CYCLE in str(outcomes[1])
    parents = dict(Group.objects.filter(pk__in=[a.pk, b.pk]).values_list("code", "parent__code"))
    assert parents == {"RG-A": "RG-B", "RG-B": None}


@pytest.mark.django_db(transaction=True)
def test_a_trigger_refusal_the_api_could_not_foresee_is_a_400_on_parent(rf):
    """What clean() cannot see (another transaction's write) still comes back as a message on
    the field, not a server error."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    from core.api.exceptions import exception_handler

    a = GroupFactory(code="RG-A")
    b = GroupFactory(code="RG-B", parent=a)
    try:
        with transaction.atomic():
            Group.objects.filter(pk=a.pk).update(parent=b)
    except IntegrityError as error:
        response = exception_handler(error, {})
    else:
        pytest.fail("the database accepted a cycle")
    assert response.status_code == 400
    assert response.data == {"parent": [CYCLE]}
