"""A small work programme, built with factories, for the public pages' tests."""

import datetime as dt
from dataclasses import dataclass

import pytest

from deliverables.models import GroupKind, Purpose
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    StudyGroupFactory,
)


@dataclass
class Programme:
    fgmv: object
    tsag: object
    sg16: object
    sg17: object
    sg12: object
    allocated_to_sg17: object
    to_all: object
    sg16_only: object


@pytest.fixture
def programme(db) -> Programme:
    """FG-MV's deliverables: one allocated to SG17 (and SG16 for information), one to all
    study groups for information, one allocated to SG16 only. SG12 is named nowhere."""
    tsag = GroupFactory(code="TSAG", name="TSAG", kind=GroupKind.ADVISORY_GROUP)
    fgmv = GroupFactory(
        code="FG-MV", name="Focus Group on metaverse", kind=GroupKind.FOCUS_GROUP, parent=tsag
    )
    sg16 = StudyGroupFactory(code="SG16", name="ITU-T Study Group 16")
    sg17 = StudyGroupFactory(code="SG17", name="ITU-T Study Group 17")
    sg12 = StudyGroupFactory(code="SG12", name="ITU-T Study Group 12")
    allocated = DeliverableFactory(
        code="FGMV-12",
        title="Children's age verification in the metaverse",
        owner=fgmv,
        summary="Age verification is pivotal.\n\nMethods:\n- self-declaration\n- digital IDs",
    )
    DistributionFactory(deliverable=allocated, group=sg17, purpose=Purpose.ALLOCATED)
    DistributionFactory(deliverable=allocated, group=sg16, purpose=Purpose.FOR_INFORMATION)
    to_all = DeliverableFactory(
        code="FGMV-01", title="Exploring the metaverse", owner=fgmv, approved=dt.date(2023, 7, 1)
    )
    DistributionFactory(
        deliverable=to_all, group=None, to_all_study_groups=True, purpose=Purpose.FOR_INFORMATION
    )
    sg16_only = DeliverableFactory(
        code="FGMV-04",
        title="Metaverse interoperability",
        owner=fgmv,
        type="technical_specification",
    )
    DistributionFactory(deliverable=sg16_only, group=sg16, purpose=Purpose.ALLOCATED)
    return Programme(fgmv, tsag, sg16, sg17, sg12, allocated, to_all, sg16_only)
