"""The domain rules of liaison statements, as the API, admin and pages all see them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.dates import DatePrecision
from deliverables.models import GroupKind
from liaisons.models import LiaisonPurpose, LiaisonStatement, LiaisonStatus
from tests.deliverables.factories import GroupFactory, StudyGroupFactory
from tests.liaisons.factories import (
    AttachmentFactory,
    LiaisonStatementFactory,
    ReferenceOnlyStatementFactory,
)
from tests.meetings.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sg12():
    return StudyGroupFactory(code="SG12")


@pytest.fixture
def sg17():
    return StudyGroupFactory(code="SG17")


@pytest.fixture
def tsag():
    return GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)


def test_statement_sent_to_all_study_groups_reaches_sg12_though_nobody_named_it(sg12, tsag):
    to_all = LiaisonStatementFactory(to_all_study_groups=True)
    LiaisonStatementFactory(to_groups=[StudyGroupFactory(code="SG9")])

    assert list(LiaisonStatement.objects.addressed_to(sg12)) == [to_all]


def test_statement_sent_to_all_study_groups_does_not_reach_tsag(tsag):
    LiaisonStatementFactory(to_all_study_groups=True)
    to_tsag = LiaisonStatementFactory(to_groups=[tsag])

    assert list(LiaisonStatement.objects.addressed_to(tsag)) == [to_tsag]


def test_statement_for_action_with_deadline_awaits_reply_until_answered(sg17):
    original = LiaisonStatementFactory(awaiting=True, to_groups=[sg17])
    assert list(LiaisonStatement.objects.awaiting_reply()) == [original]
    assert LiaisonStatement.objects.with_awaiting_reply().get().is_awaiting_reply

    LiaisonStatementFactory(incoming=True, from_groups=[sg17], replies_to=original)

    assert not LiaisonStatement.objects.awaiting_reply().exists()
    assert not LiaisonStatement.objects.with_awaiting_reply().get(pk=original.pk).is_awaiting_reply
    assert original.answered
    assert list(LiaisonStatement.objects.answered()) == [original]


def test_a_reply_closes_the_wait_only_for_the_group_that_replied(sg17):
    sg11 = StudyGroupFactory(code="SG11")
    original = LiaisonStatementFactory(awaiting=True, to_groups=[sg11, sg17])

    LiaisonStatementFactory(incoming=True, from_groups=[sg17], replies_to=original)

    assert list(LiaisonStatement.objects.awaiting_reply()) == [original]
    assert not LiaisonStatement.objects.awaiting_reply(from_group=sg17).exists()
    assert list(LiaisonStatement.objects.awaiting_reply(from_group=sg11)) == [original]

    LiaisonStatementFactory(incoming=True, from_groups=[sg11], replies_to=original)

    assert not LiaisonStatement.objects.awaiting_reply().exists()
    assert not LiaisonStatement.objects.awaiting_reply(from_group=sg11).exists()


def test_a_reply_from_a_group_not_addressed_leaves_the_wait_open(sg17):
    original = LiaisonStatementFactory(awaiting=True, to_groups=[sg17])

    LiaisonStatementFactory(
        incoming=True, from_groups=[StudyGroupFactory(code="SG2")], replies_to=original
    )

    assert list(LiaisonStatement.objects.awaiting_reply()) == [original]


@pytest.mark.parametrize(
    ("changes", "awaiting"),
    [
        ({}, True),
        ({"purpose": LiaisonPurpose.INFORMATION}, False),
        ({"purpose": ""}, False),
        ({"reply_deadline": None}, False),
        ({"incoming": True}, True),
        ({"incoming": True, "status": LiaisonStatus.ANSWERED}, False),
        ({"incoming": True, "status": LiaisonStatus.NO_REPLY_NEEDED}, False),
    ],
)
def test_only_statements_for_action_with_an_open_deadline_await_a_reply(changes, awaiting):
    statement = LiaisonStatementFactory(awaiting=True, **changes)

    assert LiaisonStatement.objects.awaiting_reply().exists() is awaiting
    assert LiaisonStatement.objects.not_awaiting_reply().exists() is not awaiting
    annotated = LiaisonStatement.objects.with_awaiting_reply().get(pk=statement.pk)
    assert annotated.is_awaiting_reply is awaiting


def test_unknown_sender_purpose_date_and_recipients_read_not_stated():
    statement = ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")

    assert statement.from_display == "not stated"
    assert statement.to_display == "not stated"
    assert statement.purpose_display == "not stated"
    assert statement.date_display == "not stated"
    assert statement.title_display == "not stated"
    assert str(statement) == "TSAG-LS14R1"


def test_all_study_groups_is_shown_as_such_not_as_todays_list(sg12, sg17):
    statement = LiaisonStatementFactory(to_all_study_groups=True)

    assert statement.to_display == "all study groups"


def test_a_month_only_date_is_shown_without_an_invented_day():
    statement = LiaisonStatementFactory(
        date=dt.date(2023, 8, 1), date_precision=DatePrecision.MONTH
    )

    assert statement.date_display == "August 2023"


def test_reply_deadline_before_the_statement_date_is_refused_by_clean_and_database():
    statement = LiaisonStatementFactory.build(
        document=DocumentFactory(), code="x", reply_deadline=dt.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "reply_deadline" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        statement.save()


def test_statement_replying_to_itself_is_refused_by_clean_and_database():
    statement = LiaisonStatementFactory()
    statement.replies_to = statement
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "replies_to" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        statement.save()


def test_reply_cycle_is_refused_by_clean_and_database():
    first = LiaisonStatementFactory()
    second = LiaisonStatementFactory(replies_to=first)
    third = LiaisonStatementFactory(replies_to=second)
    first.replies_to = third
    with pytest.raises(ValidationError) as error:
        first.full_clean()
    assert error.value.message_dict["replies_to"] == ["This would make a cycle of replies."]

    with pytest.raises(IntegrityError), transaction.atomic():
        LiaisonStatement.objects.filter(pk=first.pk).update(replies_to=third)


def test_one_document_is_at_most_one_liaison_statement():
    statement = LiaisonStatementFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        LiaisonStatementFactory(code="another", document=statement.document)


@pytest.mark.parametrize("key", ["TD480", "TD480-R1", "td480-r1", "TD480R1", "td480"])
def test_td480_and_td480_r1_resolve_to_the_same_statement(key):
    statement = LiaisonStatementFactory(document=DocumentFactory(number="TD480", revision=1))
    LiaisonStatementFactory(document=DocumentFactory(number="TD481"))

    assert LiaisonStatement.objects.resolve(key) == statement


def test_a_later_revision_that_is_no_statement_does_not_hide_the_statement():
    statement = LiaisonStatementFactory(document=DocumentFactory(number="TD475", revision=1))
    DocumentFactory(number="TD475", revision=2)

    assert LiaisonStatement.objects.resolve("TD475") == statement
    assert LiaisonStatement.objects.resolve("TD475-R2") is None
    assert LiaisonStatement.objects.resolve("no such thing!") is None


def test_a_statement_known_only_by_reference_resolves_by_it():
    statement = ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")

    assert LiaisonStatement.objects.resolve("TSAG-LS14R1") == statement


def test_attachment_is_stored_under_a_generated_name(settings):
    attachment = AttachmentFactory(original_name="Our LS (final).pdf")

    assert attachment.file.name.startswith("liaisons/")
    assert attachment.file.name.endswith(".pdf")
    assert "final" not in attachment.file.name
    assert (settings.MEDIA_ROOT / attachment.file.name).is_file()
