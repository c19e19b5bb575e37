"""The secretariat's admin for liaison statements: filters, add/change with attachments, form
errors (the contract every admin keeps is in tests/test_admin_contract.py)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deliverables.models import GroupKind
from liaisons.models import Attachment, LiaisonPurpose, LiaisonStatement
from tests.deliverables.factories import GroupFactory, StudyGroupFactory
from tests.liaisons.factories import (
    PDF_BYTES,
    AttachmentFactory,
    LiaisonStatementFactory,
    ReferenceOnlyStatementFactory,
)
from tests.meetings.factories import DocumentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:liaisons_liaisonstatement_changelist")
ADD = reverse("admin:liaisons_liaisonstatement_add")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def change_url(statement: LiaisonStatement) -> str:
    return reverse("admin:liaisons_liaisonstatement_change", args=[statement.pk])


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def statement_form(**overrides) -> dict:
    data = {
        "code": "",
        "document": "",
        "reference": "",
        "title": "Liaison Statement on metaverse",
        "direction": "outgoing",
        "status": "approved",
        "from_note": "",
        "purpose": "action",
        "summary": "Please consider the allocation.",
        "date": "2024-01-26",
        "date_precision": "day",
        "reply_deadline": "2024-04-30",
        "approved_at": "",
        "approved_by_action": "",
        "contact": "",
        "replies_to": "",
    }
    data.update(management("attachments", 0))
    data.update(management("replies", 0))
    data.update(overrides)
    return data


def shown(response) -> list[str]:
    assert response.status_code == 200
    return sorted(statement.code for statement in response.context["cl"].result_list)


@pytest.fixture
def groups():
    return {
        "TSAG": GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP),
        **{code: StudyGroupFactory(code=code) for code in ("SG5", "SG12", "SG17")},
    }


# --- changelist ------------------------------------------------------------------------------


def test_changelist_shows_not_stated_and_all_study_groups(admin_client):
    ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")
    LiaisonStatementFactory(to_all_study_groups=True)

    content = admin_client.get(CHANGELIST).content.decode()

    assert "TSAG-LS14R1" in content
    assert "not stated" in content
    assert "all study groups" in content


def test_awaiting_reply_filter(admin_client):
    waiting = LiaisonStatementFactory(awaiting=True)
    answered = LiaisonStatementFactory(awaiting=True)
    reply = LiaisonStatementFactory(replies_to=answered)

    assert shown(admin_client.get(CHANGELIST, {"awaiting_reply": "yes"})) == [waiting.code]
    assert shown(admin_client.get(CHANGELIST, {"awaiting_reply": "no"})) == sorted(
        [answered.code, reply.code]
    )


def test_to_filter_of_a_study_group_includes_all_study_groups(admin_client, groups):
    direct = LiaisonStatementFactory(to_groups=[groups["SG17"]])
    to_all = LiaisonStatementFactory(to_all_study_groups=True)
    to_tsag = LiaisonStatementFactory(to_groups=[groups["TSAG"]])

    assert shown(admin_client.get(CHANGELIST, {"to": "SG17"})) == sorted([direct.code, to_all.code])
    assert shown(admin_client.get(CHANGELIST, {"to": "SG12"})) == [to_all.code]
    assert shown(admin_client.get(CHANGELIST, {"to": "TSAG"})) == [to_tsag.code]


def test_from_direction_purpose_and_status_filters(admin_client, groups):
    from_sg5 = LiaisonStatementFactory(
        incoming=True, from_groups=[groups["SG5"]], purpose=LiaisonPurpose.COMMENT
    )
    LiaisonStatementFactory(from_groups=[groups["TSAG"]])

    assert shown(admin_client.get(CHANGELIST, {"from": "SG5"})) == [from_sg5.code]
    assert shown(admin_client.get(CHANGELIST, {"direction__exact": "incoming"})) == [from_sg5.code]
    assert shown(admin_client.get(CHANGELIST, {"purpose__exact": "comment"})) == [from_sg5.code]
    assert shown(admin_client.get(CHANGELIST, {"status__exact": "received"})) == [from_sg5.code]


def test_search_finds_a_statement_by_its_number_without_revision(admin_client):
    statement = LiaisonStatementFactory(document=DocumentFactory(number="TD480", revision=1))
    LiaisonStatementFactory()

    assert shown(admin_client.get(CHANGELIST, {"q": "TD480"})) == [statement.code]
    assert shown(admin_client.get(CHANGELIST, {"q": "TD480-R1"})) == [statement.code]


# --- add, change, history --------------------------------------------------------------------


def test_change_page_offers_each_attachment_for_download(admin_client):
    attachment = AttachmentFactory()

    page = admin_client.get(change_url(attachment.statement)).content.decode()

    assert f"/attachments/{attachment.pk}/download/" in page


def test_add_a_statement_with_groups_and_an_attachment(admin_client, groups, settings):
    document = DocumentFactory(number="TD480", revision=1)
    data = statement_form(
        document=str(document.pk),
        from_groups=[str(groups["TSAG"].pk)],
        to_all_study_groups="on",
    )
    data.update(management("attachments", 1))
    data["attachments-0-file"] = SimpleUploadedFile("table.pdf", PDF_BYTES)

    response = admin_client.post(ADD, data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    statement = LiaisonStatement.objects.get()
    assert statement.code == "td480-r1"  # made from the document
    assert statement.to_display == "all study groups"
    attachment = statement.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("table.pdf", "application/pdf")
    assert media_files(settings) == [Path(settings.MEDIA_ROOT) / attachment.file.name]


@pytest.mark.parametrize(
    ("problem", "overrides", "field"),
    [
        ("deadline before the date", {"reply_deadline": "2024-01-01"}, "reply_deadline"),
        ("nothing to name it by", {"code": ""}, "code"),
        ("bad slug", {"code": "not a slug"}, "code"),
    ],
)
def test_bad_statement_form_shows_errors_and_saves_nothing(admin_client, problem, overrides, field):
    response = admin_client.post(ADD, statement_form(**overrides))

    assert response.status_code == 200, problem
    assert field in response.context["adminform"].form.errors, problem
    assert not LiaisonStatement.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("report.pdf", EXE, "EXE"),
        ("report.docx", PDF_BYTES, "ends in “.docx”"),
        ("notes.txt", b"\x00\x01\x02" * 10, "not accepted"),
    ],
)
def test_bad_attachment_is_a_form_error_and_leaves_no_file(
    admin_client, settings, name, data, words
):
    form = statement_form(code="td999")
    form.update(management("attachments", 1))
    form["attachments-0-file"] = SimpleUploadedFile(name, data)

    response = admin_client.post(ADD, form)

    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["inline_admin_formsets"][0].formset.errors)
    assert words in errors
    assert not LiaisonStatement.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files(settings) == []


def test_attachment_over_the_size_limit_is_a_form_error(admin_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    form = statement_form(code="td999")
    form.update(management("attachments", 1))
    form["attachments-0-file"] = SimpleUploadedFile("big.pdf", PDF_BYTES)

    response = admin_client.post(ADD, form)

    assert response.status_code == 200
    assert not Attachment.objects.exists()
    assert media_files(settings) == []


def change_form(statement: LiaisonStatement, **overrides) -> dict:
    base = {
        "code": statement.code,
        "title": statement.title,
        "date": statement.date.isoformat(),
        "reply_deadline": "",
    }
    return statement_form(**{**base, **overrides})


def test_a_statement_cannot_reply_to_itself_in_the_admin(admin_client):
    statement = LiaisonStatementFactory()

    response = admin_client.post(
        change_url(statement), change_form(statement, replies_to=statement.pk)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["replies_to"] == [
        "A statement cannot reply to itself."
    ]
    statement.refresh_from_db()
    assert statement.replies_to is None


def test_a_reply_cycle_is_a_form_error(admin_client):
    first = LiaisonStatementFactory()
    second = LiaisonStatementFactory(replies_to=first)

    response = admin_client.post(change_url(first), change_form(first, replies_to=second.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["replies_to"] == [
        "This would make a cycle of replies."
    ]


def test_replies_are_listed_on_the_original(admin_client):
    original = ReferenceOnlyStatementFactory(reference="TSAG-LS14R1")
    LiaisonStatementFactory(document=DocumentFactory(number="TD342"), replies_to=original)

    page = admin_client.get(change_url(original)).content.decode()

    assert "td342" in page


def test_removing_an_attachment_inline_deletes_its_file_after_commit(
    admin_client, settings, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory()
    statement = attachment.statement
    path = Path(settings.MEDIA_ROOT) / attachment.file.name
    form = change_form(statement)
    form.update(management("attachments", 1, initial=1))
    form.update(
        {
            "attachments-0-id": str(attachment.pk),
            "attachments-0-statement": str(statement.pk),
            "attachments-0-DELETE": "on",
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(statement), form)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert not Attachment.objects.exists()
    assert not path.exists()


def test_attachment_admin_refuses_a_lying_file(admin_client, settings):
    statement = LiaisonStatementFactory()

    response = admin_client.post(
        reverse("admin:liaisons_attachment_add"),
        {"statement": statement.pk, "file": SimpleUploadedFile("x.pdf", EXE)},
    )

    assert response.status_code == 200
    assert "file" in response.context["adminform"].form.errors
    assert media_files(settings) == []


def test_attachment_admin_stores_a_good_file_with_its_checked_type(admin_client, settings):
    statement = LiaisonStatementFactory()

    response = admin_client.post(
        reverse("admin:liaisons_attachment_add"),
        {"statement": statement.pk, "file": SimpleUploadedFile("LS.pdf", PDF_BYTES, "text/html")},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == ("LS.pdf", "application/pdf")
    assert attachment.size == len(PDF_BYTES)
    assert media_files(settings) == [Path(settings.MEDIA_ROOT) / attachment.file.name]


def test_statements_autocomplete_for_replies_to(admin_client):
    LiaisonStatementFactory(document=DocumentFactory(number="TD342"))

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "TD342",
            "app_label": "liaisons",
            "model_name": "liaisonstatement",
            "field_name": "replies_to",
        },
    )

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_date_of_a_statement_needs_no_invented_day(admin_client):
    statement = LiaisonStatementFactory(date=dt.date(2023, 8, 1), date_precision="month")

    assert "August 2023" in admin_client.get(CHANGELIST).content.decode()
    assert statement.date_display == "August 2023"
