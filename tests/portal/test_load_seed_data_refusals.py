"""`load_seed_data` refuses a data file that says something it would not store: an unknown key (a
misspelt optional key used to be ignored, and cleared the value on a loaded database), a value the
model refuses, a name the data does not hold. Every problem is reported as file, record, field and
message, without a traceback, and nothing changes: the whole load is one transaction."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import deliverables.seed
import meetings.seed
from deliverables.models import Deliverable, Group, Person
from meetings.models import Meeting

# The demo data, loaded once for the module and rolled back after each test (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_data")]


@pytest.fixture
def data_files(tmp_path, monkeypatch):
    """Copies of the real data files, which the command loads instead; `edit(name, old, new)`
    changes one of them."""
    copies = {}
    for module, attribute in ((deliverables.seed, "DATA"), (meetings.seed, "SEED_FILE")):
        original: Path = getattr(module, attribute)
        copy = tmp_path / original.name
        shutil.copy(original, copy)
        monkeypatch.setattr(module, attribute, copy)
        copies[original.name] = copy

    def edit(name: str, old: str, new: str) -> None:
        text = copies[name].read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not in {name} exactly once"
        copies[name].write_text(text.replace(old, new), encoding="utf-8")

    return edit


def load() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_seed_data", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused() -> list[str]:
    """The problems the load reported, one line each; it must have refused."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("load_seed_data", stdout=io.StringIO(), stderr=err)
    assert "Traceback" not in err.getvalue()
    return err.getvalue().splitlines()


def test_a_misspelt_key_is_refused_and_the_loaded_value_kept(data_files):
    data_files(
        "work_programme.yaml",
        "    lifetime_end: 2024-06\n",
        "    lifetime_ends: 2024-06\n",
    )

    problems = refused()

    assert len(problems) == 1
    assert problems[0].startswith(
        "work_programme.yaml: groups: FG-MV: lifetime_ends: unknown key; expected one of "
    )
    assert "lifetime_end," in problems[0]
    assert Group.objects.get(code="FG-MV").lifetime_end_display == "June 2024"


def test_a_bad_value_names_file_record_and_field(data_files):
    data_files(
        "work_programme.yaml",
        "    owner: FG-MV\n    approved: 2023-07\n",
        "    owner: FG-XX\n    approved: 2023-07\n",
    )

    assert refused() == [
        "work_programme.yaml: deliverables: FGMV-01: owner: names the group 'FG-XX', which the "
        "seed data does not hold"
    ]
    assert Deliverable.objects.get(code="FGMV-01").owner.code == "FG-MV"


def test_every_unknown_key_is_reported_before_anything_is_loaded(data_files):
    data_files("work_programme.yaml", "  - slug: dao-tian\n", "  - slug: dao-tian\n    nmae: x\n")
    data_files(
        "meetings.yaml",
        "      - title: Closing Remarks\n",
        "      - title: Closing Remarks\n        speaker: [seizo-onoe]\n",
    )

    problems = refused()

    assert [problem.split(": unknown key")[0] for problem in problems] == [
        "work_programme.yaml: people: dao-tian: nmae",
        "meetings.yaml: meetings: itu-forum-metaverse-2023-07-07 › sessions 8: speaker",
    ]
    assert problems[0].endswith(
        "expected one of affiliation, country, email, honorific, name, quirk, slug"
    )


def test_value_problems_are_all_listed_each_once_with_its_record(data_files):
    """A refused record is reported once: the records naming it are not reported again."""
    data_files("work_programme.yaml", "    established: '2023'\n", "    established: '2023-13'\n")
    data_files("work_programme.yaml", "    kind: focus_group\n", "    kind: task_force\n")
    data_files(
        "work_programme.yaml",
        "    owner: FG-MV\n    approved: 2023-07\n",
        "    owner: FG-XX\n    approved: 2023-07\n",
    )

    assert refused() == [
        "work_programme.yaml: groups: FG-MV: kind: Value 'task_force' is not a valid choice.",
        "work_programme.yaml: groups: IEWSC: established: '2023-13': month must be in 1..12",
        "work_programme.yaml: deliverables: FGMV-01: owner: names the group 'FG-XX', which the "
        "seed data does not hold",
    ]


def test_nothing_changes_when_a_later_file_is_refused(data_files):
    """The deliverables file loads (a changed title, a new person) before the meetings file is
    refused: the whole load is rolled back."""
    data_files(
        "work_programme.yaml",
        "    title: 'Exploring the metaverse: opportunities and challenges'\n",
        "    title: Changed by the file\n",
    )
    data_files(
        "work_programme.yaml",
        "  - slug: dao-tian\n",
        "  - slug: someone-new\n    name: Someone New\n  - slug: dao-tian\n",
    )
    data_files("meetings.yaml", "    time_zone: Asia/Dubai\n", "    time_zone: Asia/Atlantis\n")
    counts = (Group.objects.count(), Person.objects.count(), Meeting.objects.count())

    problems = refused()

    assert len(problems) == 1
    assert problems[0].startswith("meetings.yaml: meetings: cxo-2023-12-05: time_zone: ")
    assert Deliverable.objects.get(code="FGMV-01").title.startswith("Exploring the metaverse")
    assert not Person.objects.filter(slug="someone-new").exists()
    assert (Group.objects.count(), Person.objects.count(), Meeting.objects.count()) == counts


def test_the_real_files_load_without_a_problem():
    out, err = load()
    assert err == ""
    assert "Nothing to change." in out
