"""Form pieces for choosing a group, shared by the filter forms of every app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import CodeChoiceField

from .models import Group, GroupKind

SUGGESTED_KINDS = (GroupKind.STUDY_GROUP, GroupKind.ADVISORY_GROUP)


def suggested_groups() -> QuerySet[Group]:
    """The groups a delegate usually starts from: the active study and advisory groups, a few
    dozen whatever the size of the work programme (working parties and rapporteur groups, which
    grow with it, are typed in)."""
    return (
        Group.objects.active()
        .filter(kind__in=SUGGESTED_KINDS)
        .only("code", "name", "kind")
        .order_by("code")
    )


def group_code_field(**kwargs: Any) -> CodeChoiceField:
    """A group chosen by its code (SG17, sg17-wp1 …), any group of the programme."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("placeholder", _("Any group, or a code such as SG17"))
    return CodeChoiceField(
        Group.objects.all(), suggestions=suggested_groups, kind="group", **kwargs
    )
