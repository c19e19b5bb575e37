"""Rules of the work programme held by the models and the database itself."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.dates import DatePrecision
from deliverables.models import Deliverable, Distribution, Group, GroupKind, Purpose, Role
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    RoleFactory,
    StudyGroupFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_the_database(make):
    """The database itself refuses it, whatever the form or serializer would have said."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_database_refuses_a_duplicate_deliverable_code():
    DeliverableFactory(code="FGMV-04")
    owner = GroupFactory()
    refused_by_the_database(
        lambda: Deliverable.objects.create(code="FGMV-04", type="other", title="x", owner=owner)
    )


def test_database_refuses_a_malformed_deliverable_code():
    owner = GroupFactory()
    refused_by_the_database(
        lambda: Deliverable.objects.create(code="fgmv 04", type="other", title="x", owner=owner)
    )


def test_database_refuses_a_second_line_to_the_same_group():
    line = DistributionFactory()
    refused_by_the_database(
        lambda: Distribution.objects.create(
            deliverable=line.deliverable, group=line.group, purpose=Purpose.FOR_INFORMATION
        )
    )


def test_database_refuses_a_second_all_study_groups_line():
    deliverable = DeliverableFactory()
    Distribution.objects.create(
        deliverable=deliverable, to_all_study_groups=True, purpose=Purpose.FOR_INFORMATION
    )
    refused_by_the_database(
        lambda: Distribution.objects.create(
            deliverable=deliverable, to_all_study_groups=True, purpose=Purpose.ALLOCATED
        )
    )


def test_database_refuses_a_line_to_nobody_or_to_both():
    deliverable, sg = DeliverableFactory(), StudyGroupFactory()
    refused_by_the_database(
        lambda: Distribution.objects.create(deliverable=deliverable, purpose=Purpose.ALLOCATED)
    )
    refused_by_the_database(
        lambda: Distribution.objects.create(
            deliverable=deliverable, group=sg, to_all_study_groups=True, purpose="allocated"
        )
    )


def test_database_refuses_a_lifetime_ending_before_the_group_starts():
    refused_by_the_database(
        lambda: Group.objects.create(
            code="FG-X",
            name="x",
            kind=GroupKind.FOCUS_GROUP,
            established=dt.date(2024, 1, 1),
            lifetime_end=dt.date(2023, 6, 1),
        )
    )


def test_database_refuses_a_role_ending_before_it_starts():
    role = RoleFactory(starts_on=dt.date(2024, 1, 26))
    role.ends_on = dt.date(2024, 1, 1)
    refused_by_the_database(role.save)


def test_database_refuses_two_open_roles_of_one_kind_for_one_person_in_one_group():
    role = RoleFactory()
    refused_by_the_database(
        lambda: Role.objects.create(person=role.person, group=role.group, role=role.role)
    )
    # Once the first has ended, the same role may be held again (re-election).
    role.ends_on = dt.date(2024, 1, 26)
    role.save()
    Role.objects.create(
        person=role.person, group=role.group, role=role.role, starts_on=dt.date(2025, 1, 1)
    )


def test_model_validation_names_the_field():
    group = Group(
        code="FG-X",
        name="x",
        kind=GroupKind.FOCUS_GROUP,
        established=dt.date(2024, 1, 1),
        lifetime_end=dt.date(2023, 6, 1),
    )
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "lifetime_end" in error.value.message_dict


def test_group_cannot_report_to_its_own_descendant():
    tsag = GroupFactory(code="TSAG")
    wp2 = GroupFactory(code="WP2", parent=tsag)
    tsag.parent = wp2
    with pytest.raises(ValidationError) as error:
        tsag.full_clean()
    assert "parent" in error.value.message_dict


def test_all_study_groups_reaches_every_study_group_and_nothing_else():
    sg12, sg17 = StudyGroupFactory(code="SG12"), StudyGroupFactory(code="SG17")
    wp2 = GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY)
    to_all = DeliverableFactory(code="FGMV-21")
    Distribution.objects.create(
        deliverable=to_all, to_all_study_groups=True, purpose=Purpose.FOR_INFORMATION
    )
    allocated = DistributionFactory(group=sg17).deliverable
    assert list(Deliverable.objects.for_information_to(sg12)) == [to_all]
    assert list(Deliverable.objects.received_by(sg12)) == [to_all]
    assert list(Deliverable.objects.allocated_to(sg17)) == [allocated]
    assert list(Deliverable.objects.for_information_to(wp2)) == []
    # A study group created later is included too: "all" is not a list fixed at writing time.
    assert list(Deliverable.objects.for_information_to(StudyGroupFactory(code="SG21"))) == [to_all]


def test_month_precision_approval_matches_any_day_of_its_month():
    october = DeliverableFactory(approved=dt.date(2023, 10, 1))
    assert october.approved_display == "October 2023"
    assert list(Deliverable.objects.approved_after(dt.date(2023, 10, 31))) == [october]
    assert list(Deliverable.objects.approved_before(dt.date(2023, 10, 1))) == [october]
    assert list(Deliverable.objects.approved_after(dt.date(2023, 11, 1))) == []
    assert list(Deliverable.objects.approved_before(dt.date(2023, 9, 30))) == []


def test_day_precision_approval_is_compared_to_the_day():
    day = DeliverableFactory(approved=dt.date(2023, 10, 12), approved_precision=DatePrecision.DAY)
    assert day.approved_display == "12 October 2023"
    assert list(Deliverable.objects.approved_after(dt.date(2023, 10, 13))) == []
    assert list(Deliverable.objects.approved_after(dt.date(2023, 10, 12))) == [day]


def test_current_and_not_current_roles_split_every_role():
    on = dt.date(2024, 1, 26)
    open_ended = RoleFactory(starts_on=None)
    ended = RoleFactory(ends_on=on)
    future = RoleFactory(starts_on=on + dt.timedelta(days=1))
    begins_today = RoleFactory(starts_on=on)
    assert set(Role.objects.current(on)) == {open_ended, begins_today}
    assert set(Role.objects.not_current(on)) == {ended, future}
    assert all(role.held_on(on) for role in Role.objects.current(on))
    assert not any(role.held_on(on) for role in Role.objects.not_current(on))


def test_history_keeps_every_version_of_a_deliverable():
    deliverable = DeliverableFactory(title="First")
    deliverable.title = "Second"
    deliverable.save()
    assert [h.title for h in deliverable.history.order_by("history_date")] == ["First", "Second"]


@pytest.mark.parametrize(
    ("day", "ending_by", "ended"),
    [
        (dt.date(2024, 6, 15), False, False),  # "until June 2024" runs to 30 June
        (dt.date(2024, 6, 30), True, False),
        (dt.date(2024, 7, 1), True, True),
    ],
)
def test_a_lifetime_until_june_ends_on_the_last_day_of_june(day, ending_by, ended):
    fg_mv = GroupFactory(
        code="FG-MV",
        kind=GroupKind.FOCUS_GROUP,
        lifetime_end=dt.date(2024, 6, 1),
        lifetime_end_precision=DatePrecision.MONTH,
    )
    GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)  # no lifetime: never listed

    assert list(Group.objects.lifetime_ending_by(day)) == ([fg_mv] if ending_by else [])
    assert fg_mv.lifetime_has_ended(day) is ended


def test_lifetime_ending_between_counts_the_month_from_its_last_day():
    fg_mv = GroupFactory(
        code="FG-MV",
        lifetime_end=dt.date(2024, 6, 1),
        lifetime_end_precision=DatePrecision.MONTH,
    )
    assert list(Group.objects.lifetime_ending_between(dt.date(2024, 6, 20), dt.date(2024, 7, 5)))
    assert (
        list(Group.objects.lifetime_ending_between(dt.date(2024, 5, 1), dt.date(2024, 6, 29))) == []
    )
    assert (
        list(Group.objects.lifetime_ending_between(dt.date(2024, 7, 1), dt.date(2024, 9, 1))) == []
    )
    assert list(
        Group.objects.lifetime_ending_between(dt.date(2024, 6, 30), dt.date(2024, 6, 30))
    ) == [fg_mv]
