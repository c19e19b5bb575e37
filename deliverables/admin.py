"""The secretariat's admin for the work programme. Every changelist runs a fixed number of queries
(list_select_related and prefetches), every record keeps its history (SimpleHistoryAdmin)."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from core.dates import DatePrecision, period_end, period_start

from .models import Deliverable, Distribution, Group, Person, Purpose, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = [
        "person",
        "group",
        "role",
        "starts_on",
        "starts_on_precision",
        "ends_on",
        "ends_on_precision",
        "decision",
    ]
    autocomplete_fields = ["person", "group"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "group")


class GroupRoleInline(RoleInline):
    fk_name = "group"
    fields = [name for name in RoleInline.fields if name != "group"]
    verbose_name_plural = "roles (a change of leadership ends one role and adds another)"


class PersonRoleInline(RoleInline):
    fk_name = "person"
    fields = [name for name in RoleInline.fields if name != "person"]


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "status", "lifetime", "current_leaders"]
    list_filter = ["kind", "status", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent"]
    inlines = [GroupRoleInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "parent", "status", "mandate"]}),
        (
            "Lifetime",
            {
                "fields": [
                    ("established", "established_precision"),
                    ("lifetime_end", "lifetime_end_precision"),
                    "lifetime_decision",
                ]
            },
        ),
        (
            "Succession",
            {
                "fields": ["succession_kind", "successor", "succession_note"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        leaders = Role.objects.current().leadership().select_related("person")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("roles", queryset=leaders.order_by("role"), to_attr="current_leaders_list")
            )
        )

    @admin.display(description="lifetime ends", ordering="lifetime_end")
    def lifetime(self, obj: Group) -> str:
        return obj.lifetime_end_display

    @admin.display(description="current leadership")
    def current_leaders(self, obj: Group) -> str:
        return "; ".join(
            f"{role.person.name} ({role.get_role_display()})"
            for role in getattr(obj, "current_leaders_list", [])
        )


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "affiliation", "country", "email"]
    list_filter = [("roles__group", admin.RelatedOnlyFieldListFilter), "country"]
    search_fields = ["name", "slug", "affiliation", "country", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    inlines = [PersonRoleInline]


class CurrentRoleFilter(admin.SimpleListFilter):
    title = "held today"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Current"), ("no", "Ended or not yet begun")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current()
        if self.value() == "no":
            return queryset.not_current()
        return queryset


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "group", "starts", "ends", "current", "decision"]
    list_filter = [CurrentRoleFilter, "role", ("group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__name", "group__code", "group__name", "decision"]
    autocomplete_fields = ["person", "group"]
    list_select_related = ["person", "group"]

    @admin.display(description="starts", ordering="starts_on")
    def starts(self, obj: Role) -> str:
        return obj.starts_on_display

    @admin.display(description="ends", ordering="ends_on")
    def ends(self, obj: Role) -> str:
        return obj.ends_on_display

    @admin.display(description="current", boolean=True)
    def current(self, obj: Role) -> bool:
        return obj.held_on(timezone.localdate())


class DistributionFormSet(BaseInlineFormSet):
    """One line per receiving group, and at most one "all study groups" line: said in the form,
    before the database constraint would refuse it."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            key = "all" if data.get("to_all_study_groups") else data.get("group")
            if key is None:
                continue
            if key in seen:
                recipient = "all study groups" if key == "all" else key.code
                raise ValidationError(f"The distribution names {recipient} twice.")
            seen.add(key)


class DistributionInline(admin.TabularInline):
    model = Distribution
    formset = DistributionFormSet
    extra = 0
    fields = ["group", "to_all_study_groups", "purpose", "decision"]
    autocomplete_fields = ["group"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group")


class AllocatedStudyGroupFilter(admin.SimpleListFilter):
    title = "allocated to study group"
    parameter_name = "allocated_to"

    def lookups(self, request, model_admin):
        return [(group.code, group.code) for group in Group.objects.study_groups().order_by("code")]

    def queryset(self, request, queryset):
        if self.value():
            group = Group.objects.filter(code=self.value()).first()
            return queryset.allocated_to(group) if group else queryset.none()
        return queryset


class ApprovalPeriodFilter(admin.SimpleListFilter):
    """Years and months in which something was approved, from the data itself. A deliverable
    approved "October 2023" (month precision) is found under October 2023 and under 2023."""

    title = "approval period"
    parameter_name = "approved"

    def lookups(self, request, model_admin):
        months = Deliverable.objects.dates("approved", "month", order="DESC")
        choices, years = [], []
        for month in months:
            if month.year not in years:
                years.append(month.year)
                choices.append((f"{month.year}", f"{month.year}"))
            choices.append((month.strftime("%Y-%m"), f"– {month.strftime('%B %Y')}"))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            year, _, month = value.partition("-")
            precision = DatePrecision.MONTH if month else DatePrecision.YEAR
            day = dt.date(int(year), int(month or 1), 1)
        except ValueError:
            return queryset.none()
        return queryset.approved_after(period_start(day, precision)).approved_before(
            period_end(day, precision)
        )


@admin.register(Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "type", "owner", "approved_display", "allocated_to", "status"]
    list_filter = [
        ("owner", admin.RelatedOnlyFieldListFilter),
        "type",
        "status",
        AllocatedStudyGroupFilter,
        ApprovalPeriodFilter,
    ]
    search_fields = ["code", "title", "summary"]
    autocomplete_fields = ["owner"]
    list_select_related = ["owner"]
    inlines = [DistributionInline]
    fields = [
        "code",
        "type",
        "title",
        "owner",
        ("approved", "approved_precision"),
        "approving_meeting",
        "status",
        "summary",
    ]

    def get_queryset(self, request):
        allocated = Distribution.objects.filter(purpose=Purpose.ALLOCATED).select_related("group")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("distribution", queryset=allocated, to_attr="allocated_lines")
            )
        )

    @admin.display(description="approved", ordering="approved")
    def approved_display(self, obj: Deliverable) -> str:
        return obj.approved_display

    @admin.display(description="allocated to")
    def allocated_to(self, obj: Deliverable) -> str:
        return ", ".join(line.recipient_display for line in getattr(obj, "allocated_lines", []))


@admin.register(Distribution)
class DistributionAdmin(SimpleHistoryAdmin):
    list_display = ["deliverable", "recipient", "purpose", "decision"]
    list_filter = ["purpose", "to_all_study_groups", ("group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["deliverable__code", "deliverable__title", "group__code", "decision"]
    autocomplete_fields = ["deliverable", "group"]
    list_select_related = ["deliverable", "group"]

    @admin.display(description="to")
    def recipient(self, obj: Distribution) -> str:
        return obj.recipient_display
