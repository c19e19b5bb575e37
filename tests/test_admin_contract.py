"""Every registered ModelAdmin keeps the admin contract (rows in tests/admin_contract.py): its
changelist, add, change and history pages load; saving its change form keeps the change and the
history page shows what changed, by whom; its changelist runs the same queries at 3 and 60 rows. The changelists of the work programme's
own tables (which grow with it) count no table in full and list no related records in a filter.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from core.admin import CappedCountPaginator
from tests.admin_contract import ADMIN_CASES, AdminCase, form_as_posted

pytestmark = pytest.mark.django_db


def admin_url(case: AdminCase, name: str, *args) -> str:
    opts = case.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def newest(case: AdminCase):
    return case.model._default_manager.order_by("-pk").first()


def form_errors(response) -> object:
    """What the admin said about a refused form, for the assertion message."""
    if response.context is None or "adminform" not in response.context:
        return response.status_code
    inlines = [
        formset.formset.errors for formset in response.context.get("inline_admin_formsets", [])
    ]
    return response.context["adminform"].form.errors, inlines


def test_every_registered_model_admin_keeps_the_contract():
    declared = [case.label for case in ADMIN_CASES]
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert len(declared) == len(set(declared)), "a model is declared twice"
    assert set(declared) == registered, (
        f"without a row in tests/admin_contract.py: {sorted(registered - set(declared))}; "
        f"no longer registered: {sorted(set(declared) - registered)}"
    )


@pytest.mark.parametrize("case", ADMIN_CASES, ids=str)
def test_changelist_add_change_and_history_pages_load(admin_client, case):
    case.make(2)
    obj = newest(case)

    assert admin_client.get(admin_url(case, "changelist")).status_code == 200
    assert admin_client.get(admin_url(case, "add")).status_code == (403 if case.read_only else 200)
    change = admin_client.get(admin_url(case, "change", obj.pk))
    assert change.status_code == 200
    assert ('name="_save"' in change.text) is not case.read_only
    assert admin_client.get(admin_url(case, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    ("case", "params"),
    [(case, params) for case in ADMIN_CASES for params in case.changelist_params],
    ids=lambda value: str(value) if isinstance(value, AdminCase) else "&".join(value) or "all",
)
def test_changelist_runs_the_same_queries_at_few_and_many_rows(
    admin_client, django_assert_num_queries, case, params
):
    changelist = admin_url(case, "changelist")
    case.make(3)
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get(changelist, params)
    assert response.status_code == 200
    listed = response.context["cl"].result_count
    assert listed > 0, f"{params} lists none of the rows made"

    case.make(57)
    with django_assert_num_queries(len(few.captured_queries)):
        response = admin_client.get(changelist, params)
    assert response.context["cl"].result_count > listed


# The apps whose tables grow with the work programme (the libraries' admins list users, tokens
# and schedules, a few dozen rows whatever its size).
GROWING_APPS = {"deliverables", "meetings", "liaisons", "reminders"}
MAX_FILTER_CHOICES = 50


@pytest.mark.parametrize(
    "case", [case for case in ADMIN_CASES if case.model._meta.app_label in GROWING_APPS], ids=str
)
def test_a_changelist_of_the_work_programme_costs_the_same_whatever_its_size(admin_client, case):
    model_admin = admin.site._registry[case.model]
    # No count of the whole table beside the filtered one, and the filtered one capped.
    assert model_admin.show_full_result_count is False
    assert issubclass(model_admin.paginator, CappedCountPaginator)
    # A date hierarchy reads every row's date to draw its links.
    assert model_admin.date_hierarchy is None

    case.make(3)
    response = admin_client.get(admin_url(case, "changelist"))
    changelist = response.context["cl"]
    for spec in changelist.filter_specs:
        # RelatedOnlyFieldListFilter included: it lists every related record the table names.
        assert not isinstance(spec, RelatedFieldListFilter), (
            f"the {spec.title} filter lists related records: use core.admin.related_code_filter"
        )
        assert len(list(spec.choices(changelist))) <= MAX_FILTER_CHOICES, spec.title


@pytest.mark.parametrize("case", ADMIN_CASES, ids=str)
def test_saving_the_change_form_keeps_the_change_and_the_history_shows_it(
    admin_client, admin_user, case
):
    case.make(1)
    obj = newest(case)
    change_url = admin_url(case, "change", obj.pk)
    data = form_as_posted(admin_client.get(change_url).text, f"{case.model._meta.model_name}_form")

    if case.read_only:
        history = LogEntry.objects.count()
        assert admin_client.post(change_url, data).status_code == 403
        assert (
            admin_client.post(admin_url(case, "delete", obj.pk), {"post": "yes"}).status_code == 403
        )
        assert case.model._default_manager.filter(pk=obj.pk).exists()
        assert LogEntry.objects.count() == history
        return

    change = case.change(obj)
    response = admin_client.post(change_url, {**data, **change.posted, "_save": "Save"})
    assert response.status_code == 302, form_errors(response)
    assert getattr(case.model._default_manager.get(pk=obj.pk), change.field) == change.stored

    page = admin_client.get(admin_url(case, "history", obj.pk))
    assert page.status_code == 200
    label = str(capfirst(case.model._meta.get_field(change.field).verbose_name))
    if isinstance(admin.site._registry[case.model], SimpleHistoryAdmin):
        latest = page.context["page_obj"].object_list[0]
        assert (latest.history_type, latest.history_user) == ("~", admin_user)
        shown = {entry["field"]: entry["new"] for entry in latest.history_delta_changes}
        assert shown.get(label) == change.shown, f"the history shows {shown}"
        assert f"<strong>{escape(label)}:</strong>" in page.text
        assert escape(change.shown) in page.text
    else:
        # Django's own history: who changed which field (it keeps no values).
        entry = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(case.model), object_id=str(obj.pk)
        ).latest("action_time")
        assert entry.user == admin_user
        assert label in entry.get_change_message()
        assert escape(entry.get_change_message()) in page.text
