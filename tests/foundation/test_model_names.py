"""Model and field names read in the page's language (the admin's labels, its messages)."""

from __future__ import annotations

from django.contrib.admin.utils import label_for_field
from django.utils import translation

from core.model_names import NAMES, WRAPPED, untranslated_names
from deliverables.models import Deliverable
from meetings.models import Meeting


def test_every_name_the_apps_give_is_listed_for_the_catalogs() -> None:
    missing = sorted(WRAPPED - set(NAMES))
    assert not missing, f"add to core.model_names.NAMES (then `make messages`): {missing}"


def test_no_model_or_field_name_is_left_untranslated() -> None:
    assert not [f"{owner}.{attribute}" for owner, attribute, _ in untranslated_names()]


def test_a_derived_field_name_is_french_on_a_french_page() -> None:
    # "ends at" is derived by Django from the field's Python name, never written in the model.
    with translation.override("fr"):
        label = str(Meeting._meta.get_field("ends_at").verbose_name)
        plural = str(Deliverable._meta.verbose_name_plural)
    assert label != "ends at"
    assert plural == "livrables"
    with translation.override("en"):
        assert label_for_field("ends_at", Meeting) == "ends at"
