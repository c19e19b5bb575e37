"""Spreadsheets of the work programme: groups, people, roles, deliverables with distribution,
read back unchanged, one cell changed, bad rows refused, and the admin's preview and confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheets import read_dataset
from deliverables.models import Deliverable, Distribution, Group, Person, Purpose, Role
from tests.spreadsheets import (
    assert_nothing_changes,
    csv_bytes,
    export_bytes,
    import_bytes,
    in_process_tasks,  # noqa: F401
    with_cell,
)

pytestmark = pytest.mark.usefixtures("seed_data")

KINDS = ["groups", "people", "roles", "deliverables"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_export_read_back_changes_nothing(seed_data, kind, file_format):
    assert_nothing_changes(kind, file_format)


def test_one_changed_title_changes_that_title_and_its_history_says_imported(
    seed_data, secretariat_user
):
    data = with_cell(export_bytes("deliverables"), "code", "FGMV-04", "title", "A new title")
    outcome = import_bytes("deliverables", data, user=secretariat_user, file_name="plan.csv")
    assert outcome.errors == []
    assert outcome.counts == {"new": 0, "changed": 1, "unchanged": 21, "errors": 0}
    deliverable = Deliverable.objects.get(code="FGMV-04")
    assert deliverable.title == "A new title"
    latest = deliverable.history.latest()
    assert latest.history_change_reason == f"imported from plan.csv by {secretariat_user.username}"
    assert latest.history_user == secretariat_user
    changed = [change.field for change in latest.diff_against(latest.prev_record).changes]
    assert changed == ["title"]


def test_one_changed_cell_of_a_group_changes_only_that(seed_data):
    data = with_cell(
        export_bytes("groups"), "code", "FG-MV", "name", "Focus Group on the metaverse"
    )
    outcome = import_bytes("groups", data)
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    assert Group.objects.get(code="FG-MV").name == "Focus Group on the metaverse"
    changed = [row.diff.changed for row in outcome.result.rows if row.import_type == "update"]
    assert changed == [["name"]]


def test_one_changed_cell_of_a_person_changes_only_that(seed_data):
    person = Person.objects.order_by("slug").first()
    data = with_cell(export_bytes("people"), "slug", person.slug, "affiliation", "Another company")
    outcome = import_bytes("people", data)
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    person.refresh_from_db()
    assert person.affiliation == "Another company"
    changed = [row.diff.changed for row in outcome.result.rows if row.import_type == "update"]
    assert changed == [["affiliation"]]


def test_a_role_ended_in_the_sheet_ends_that_role(seed_data):
    role = Role.objects.filter(ends_on__isnull=True).select_related("person", "group").first()
    dataset_key = role.person.slug
    dataset = read_dataset(export_bytes("roles"))
    headers = list(dataset.headers)
    rows = [list(row) for row in dataset]
    for row in rows:
        if (
            row[headers.index("person")] == dataset_key
            and row[headers.index("group")] == role.group.code
            and row[headers.index("role")] == role.role
        ):
            row[headers.index("ends_on")] = "2026-01-31"
    outcome = import_bytes("roles", csv_bytes(headers, rows))
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    role.refresh_from_db()
    assert str(role.ends_on) == "2026-01-31"


def test_a_distribution_written_as_people_write_it_becomes_its_lines(seed_data):
    data = with_cell(
        export_bytes("deliverables"),
        "code",
        "FGMV-04",
        "distribution",
        "SG16, SG9 allocated; all SGs for information (WP2-8)",
    )
    outcome = import_bytes("deliverables", data, file_name="allocation.xlsx")
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    lines = Distribution.objects.filter(deliverable__code="FGMV-04")
    assert {
        (line.group.code if line.group else "all", line.purpose, line.decision) for line in lines
    } == {
        ("SG16", Purpose.ALLOCATED, ""),
        ("SG9", Purpose.ALLOCATED, ""),
        ("all", Purpose.FOR_INFORMATION, "WP2-8"),
    }
    added = Distribution.history.filter(deliverable__code="FGMV-04", history_type="+").first()
    assert added.history_change_reason == "imported from allocation.xlsx by tester"


def test_a_file_with_a_bad_row_imports_nothing_and_names_row_column_and_value(seed_data):
    data = export_bytes("deliverables")
    data = with_cell(data, "code", "FGMV-01", "title", "Changed before the bad row")
    data = with_cell(data, "code", "FGMV-04", "owner", "SG99")
    data = with_cell(data, "code", "FGMV-05", "distribution", "SG16 maybe")
    outcome = import_bytes("deliverables", data)
    assert outcome.counts["errors"] == 2
    assert Deliverable.objects.get(code="FGMV-01").title != "Changed before the bad row"
    text = "\n".join(outcome.errors)
    assert "Row 5, column owner, value “SG99”: No group has the code “SG99”." in text
    assert "Row 6, column distribution, value “SG16 maybe”: Cannot read “SG16 maybe”." in text


def test_a_rule_of_the_model_is_reported_in_the_admins_words(seed_data):
    data = with_cell(export_bytes("groups"), "code", "FG-MV", "study_period", "2024-2022")
    outcome = import_bytes("groups", data)
    assert outcome.errors == [
        "Row 6, column study_period, value “2024-2022”: A study period cannot end before it starts."
    ] or any("A study period cannot end before it starts." in line for line in outcome.errors)
    assert Group.objects.get(code="FG-MV").study_period != "2024-2022"


def test_a_new_group_is_created_from_a_row_naming_its_parent_by_code(seed_data):
    data = csv_bytes(
        ["code", "name", "kind", "parent"], [["RG-NEW", "A new group", "rapporteur_group", "WP2"]]
    )
    outcome = import_bytes("groups", data)
    assert outcome.errors == []
    assert outcome.counts["new"] == 1
    assert Group.objects.get(code="RG-NEW").parent.code == "WP2"


def test_an_unknown_column_is_refused_by_name(seed_data):
    outcome = import_bytes("groups", csv_bytes(["code", "titel"], [["WP2", "x"]]))
    assert any("Unknown column “titel”" in line for line in outcome.errors)


# --- the admin ----------------------------------------------------------------------------


@pytest.fixture
def admin_client_(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.mark.usefixtures("in_process_tasks")
def test_the_admin_previews_a_changed_row_naming_its_field_then_imports_on_confirm(
    seed_data, admin_client_, secretariat_user, django_capture_on_commit_callbacks
):
    url = reverse("admin:deliverables_deliverable_import")
    data = with_cell(export_bytes("deliverables"), "code", "FGMV-04", "status", "draft")
    data = with_cell(data, "code", "FGMV-04", "approved", "")
    upload = SimpleUploadedFile("plan.csv", data, content_type="text/csv")
    preview = admin_client_.post(url, {"format": "0", "import_file": upload, "resource": "0"})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Changed: approved, status" in page
    assert page.count("Unchanged") == 21
    assert Deliverable.objects.get(code="FGMV-04").status == "approved"

    confirm = preview.context["confirm_form"]
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client_.post(
            reverse("admin:deliverables_deliverable_process_import"),
            {name: confirm[name].value() for name in confirm.fields},
        )
    assert done.status_code == 302
    assert (
        "New: 0. Changed: 1. Unchanged: 21." in admin_client_.get(done["Location"]).content.decode()
    )
    deliverable = Deliverable.objects.get(code="FGMV-04")
    assert deliverable.status == "draft"
    latest = deliverable.history.latest()
    assert latest.history_change_reason == f"imported from plan.csv by {secretariat_user.username}"


def test_the_admin_lists_a_bad_rows_errors_and_offers_no_confirm(seed_data, admin_client_):
    data = with_cell(export_bytes("deliverables"), "code", "FGMV-04", "owner", "SG99")
    upload = SimpleUploadedFile("plan.csv", data, content_type="text/csv")
    preview = admin_client_.post(
        reverse("admin:deliverables_deliverable_import"),
        {"format": "0", "import_file": upload, "resource": "0"},
    )
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert (
        "Row 5, column owner, value “SG99”: No group has the code “SG99”."
        in preview.content.decode()
    )


def test_the_admin_exports_the_changelist_as_filtered(seed_data, admin_client_):
    changelist = admin_client_.get(reverse("admin:deliverables_deliverable_changelist"))
    assert (
        reverse("admin:deliverables_deliverable_spreadsheet", args=["xlsx"])
        in changelist.content.decode()
    )
    response = admin_client_.get(
        reverse("admin:deliverables_deliverable_spreadsheet", args=["csv"]) + "?q=FGMV-04"
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffcode,type,title")
    assert len(text.strip().splitlines()) == 2
    assert "FGMV-04" in text


def test_the_xlsx_export_has_dates_links_and_a_frozen_header(seed_data, admin_client_):
    response = admin_client_.get(
        reverse("admin:deliverables_deliverable_spreadsheet", args=["xlsx"])
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]][:3] == ["code", "type", "title"]
    first = sheet[2]
    assert first[0].hyperlink.target.endswith("/deliverables/FGMV-01/")
    assert first[4].is_date


def test_the_import_page_offers_an_empty_template_with_an_example_row(seed_data, admin_client_):
    page = admin_client_.get(reverse("admin:deliverables_deliverable_import")).content.decode()
    template_url = reverse("admin:deliverables_deliverable_spreadsheet_template", args=["xlsx"])
    assert template_url in page
    book = load_workbook(io.BytesIO(admin_client_.get(template_url).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][-1] == "distribution"
    assert len(rows) == 2
    assert "allocated" in rows[1][-1]


def test_a_reader_cannot_export_or_import(seed_data, client, delegate_user):
    client.force_login(delegate_user)
    response = client.get(reverse("admin:deliverables_deliverable_spreadsheet", args=["csv"]))
    assert response.status_code in (302, 403)
