"""The real data: the work item TSAG TD315 names, loaded by `load_seed_data`.

The expected answers are written from TD315 itself (/work/shared/seeds/002_9122ae6f58666fd0.txt,
clause 0 action RG-WPR-4 and clause 7.2), not from the YAML: "the new work item ITU-T Q.TSCA which
defines procedure for issuing digital certificates for signalling security [to ITU-T SG2, SG11,
SG17] - TD475-R1", and nothing more.
"""

import datetime as dt

import pytest
import time_machine

from core.seed import SeedDataError, SeedReport
from deliverables.models import Group, GroupKind
from workitems import seed
from workitems.models import WorkItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_data")]


def test_q_tsca_is_the_new_work_item_announced_by_td475_r1_and_nothing_more():
    item = WorkItem.objects.get(identifier="Q.TSCA")

    assert item.summary == (
        "Defines procedure for issuing digital certificates for signalling security."
    )
    assert [s.display_code for s in item.related_liaisons.all()] == ["TD475-R1"]
    # Not stated in TD315: none of these is invented.
    assert (item.title, item.kind, item.approval_track, item.equivalent_texts) == ("", "", "", "")
    assert item.study_group is None
    assert not item.questions.exists()
    assert (item.timing, item.base_text, item.origin_deliverable, item.origin_document) == (
        None,
        None,
        None,
        None,
    )
    assert not item.editors.exists()
    assert not item.events.exists()
    assert item.stage_label == "No stage recorded"
    assert "Not stated" in item.origin_note


def test_the_api_shows_q_tsca_with_the_statement_that_announced_it(api_client):
    body = api_client.get("/api/v1/work-items/Q.TSCA/").json()

    assert [s["label"] for s in body["related_liaisons"]] == ["TD475-R1"]
    assert (body["study_group"], body["questions"], body["stage"], body["late"]) == (
        None,
        [],
        None,
        False,
    )
    statement = api_client.get(body["related_liaisons"][0]["url"]).json()
    assert sorted(g["code"] for g in statement["to_groups"]) == ["SG11", "SG17", "SG2"]


def test_td315_names_no_question_and_no_study_period():
    assert not WorkItem.objects.exclude(identifier="Q.TSCA").exists()
    assert not Group.objects.filter(kind=GroupKind.QUESTION).exists()
    assert not Group.objects.exclude(study_period="").exists()


@pytest.fixture
def yaml_with_events(tmp_path, monkeypatch):
    def write(events: str):
        path = tmp_path / "work_items.yaml"
        path.write_text(
            "work_items:\n"
            "  - identifier: X.SEED\n"
            "    approval_track: aap\n"
            "    related_liaisons: [td475-r1]\n"
            f"    events:\n{events}",
            encoding="utf-8",
        )
        monkeypatch.setattr(seed, "SEED_FILE", path)

    return write


def test_stages_in_the_yaml_are_recorded_by_the_rules_once(yaml_with_events):
    yaml_with_events(
        "      - {stage: agreed, date: 2024-01-26, meeting: wp2-tsag-2024-01}\n"
        "      - {stage: consented, date: 2024-06-01}\n"
    )
    with time_machine.travel(dt.datetime(2026, 12, 4, tzinfo=dt.UTC), tick=False):
        first, second = SeedReport(), SeedReport()
        seed.load(first)
        seed.load(second)

    item = WorkItem.objects.get(identifier="X.SEED")
    assert list(item.events.values_list("stage", flat=True)) == ["agreed", "consented"]
    assert first.created["work item events"] == 2
    assert second.unchanged["work item events"] == 2
    assert not second.changed


def test_a_stage_the_rules_refuse_stops_the_load(yaml_with_events):
    yaml_with_events("      - {stage: approved, date: 2024-01-26}\n")
    with pytest.raises(SeedDataError) as refused:
        seed.load(SeedReport())
    [problem] = refused.value.problems
    assert (problem.file, problem.record, problem.field) == (
        "work_items.yaml",
        "work_items: X.SEED",
        "stage",
    )
