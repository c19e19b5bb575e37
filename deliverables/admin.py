"""The secretariat's admin for the work programme. Every changelist runs a fixed number of queries
(list_select_related and prefetches), every record keeps its history (SimpleHistoryAdmin)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from core.admin import BigTableAdminMixin, InputFilter, QuirkAdminMixin, related_code_filter
from core.admin_history import InlineHistory, InlineHistoryMixin
from core.admin_spreadsheets import SpreadsheetAdminMixin
from core.admin_translations import TranslationsAdminMixin
from core.dates import DatePrecision, period_end, period_start

from .models import (
    SINGLE_HOLDER_MESSAGE,
    SINGLE_HOLDER_ROLES,
    Deliverable,
    Distribution,
    Group,
    Person,
    Purpose,
    Role,
    RoleKind,
)
from .services import rotate_role


class RoleFormSet(BaseInlineFormSet):
    """The single-holder rule (constraint `one_open_holder_of_a_single_holder_role`) over the
    rows as this save leaves them: a row's own check cannot see the other rows of the same save
    (and on the group's page Django skips it, the group being the inline's key), so ending the
    old chair and adding the new one in one save is accepted and two new chairs are not."""

    def clean(self) -> None:
        super().clean()
        in_this_save = {form.instance.pk for form in self.forms if form.instance.pk}
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("ends_on"):
                continue
            if data.get("role") in SINGLE_HOLDER_ROLES and data.get("group") is not None:
                rows.append((form, data["group"].pk, data["role"]))
        groups = {group for _, group, _ in rows if group is not None}
        held = set(
            Role.objects.filter(
                ends_on__isnull=True, role__in=SINGLE_HOLDER_ROLES, group__in=groups
            )
            .exclude(pk__in=in_this_save)
            .values_list("group_id", "role")
            if groups
            else ()
        )
        for form, group, role in rows:
            if (group, role) in held:
                form.add_error("role", SINGLE_HOLDER_MESSAGE)
            held.add((group, role))


class RoleInline(admin.TabularInline):
    model = Role
    formset = RoleFormSet
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
    verbose_name_plural = _(
        "roles (for a change of leadership use “Hand over a role” above: it ends one role and "
        "opens the other)"
    )


class RotateRoleForm(forms.Form):
    """A change of leadership, as the API's rotate-role action takes it; `rotate_role` decides."""

    role = forms.ChoiceField(choices=RoleKind.choices, help_text=_("The role that changes hands."))
    incoming = forms.ModelChoiceField(
        queryset=Person.objects.all(), label=_("New holder"), help_text=_("Who takes the role.")
    )
    outgoing = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label=_("Stepping down"),
        help_text=_("May be left empty when the role has one current holder."),
    )
    outgoing_new_role = forms.ChoiceField(
        choices=[("", "—"), *RoleKind.choices],
        required=False,
        label=_("Role taken on by the one stepping down"),
        help_text=_("E.g. a rapporteur rotating to associate rapporteur in the same group."),
    )
    on = forms.DateField(
        required=False,
        label=_("Takes effect on"),
        widget=AdminDateWidget,
        help_text=_("Today when left empty."),
    )
    decision = forms.CharField(
        required=False, max_length=100, help_text=_("The decision behind it (e.g. WP2-3).")
    )

    def __init__(self, *args, admin_site: admin.AdminSite, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        holder = Role._meta.get_field("person")
        for name in ("incoming", "outgoing"):
            field = self.fields[name]
            field.widget = AutocompleteSelect(holder, admin_site)
            field.widget.choices = field.choices


class PersonRoleInline(RoleInline):
    fk_name = "person"
    fields = [name for name in RoleInline.fields if name != "person"]


ROLE_FIELDS = ["person", "group", "role", "starts_on", "ends_on", "decision", "note"]


@admin.register(Group)
class GroupAdmin(
    TranslationsAdminMixin,
    QuirkAdminMixin,
    SpreadsheetAdminMixin,
    InlineHistoryMixin,
    BigTableAdminMixin,
    SimpleHistoryAdmin,
):
    inline_histories = [
        InlineHistory(
            Role,
            "group_id",
            lambda r: f"{r.person} ({r.get_role_display()})",
            [name for name in ROLE_FIELDS if name != "group"],
        )
    ]
    list_display = ["code", "name", "kind", "parent", "status", "lifetime", "current_leaders"]
    list_filter = [
        "kind",
        "status",
        related_code_filter("parent", _("parent"), placeholder="SG17-2025"),
    ]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent"]
    inlines = [GroupRoleInline]
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "kind", "parent", "status", "study_period", "mandate"]},
        ),
        (
            _("Lifetime"),
            {
                "fields": [
                    ("established", "established_precision"),
                    ("lifetime_end", "lifetime_end_precision"),
                    "lifetime_decision",
                ]
            },
        ),
        (
            _("Succession"),
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
                Prefetch("roles", queryset=leaders.by_rank(), to_attr="current_leaders_list")
            )
        )

    def get_urls(self):
        hand_over = path(
            "<path:object_id>/rotate-role/",
            self.admin_site.admin_view(self.rotate_role_view),
            name="deliverables_group_rotate_role",
        )
        return [hand_over, *super().get_urls()]

    def rotate_role_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Hand a role over through `rotate_role`, the API's rotate-role action's own function:
        the outgoing role ends and the new one opens, or nothing changes and the form says why
        on its fields."""
        group = get_object_or_404(Group, pk=object_id)
        if not self.has_change_permission(request, group):
            raise PermissionDenied
        form = RotateRoleForm(
            request.POST or None,
            initial=self._hand_over_initial(request, group),
            admin_site=self.admin_site,
        )
        if request.method == "POST" and form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if value not in ("",)}
            try:
                rotation = rotate_role(group, **data)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                opened = "; ".join(
                    gettext("%(person)s now %(role)s")
                    % {"person": role.person, "role": role.get_role_display()}
                    for role in rotation.opened
                )
                ended = ", ".join(str(role.person) for role in rotation.closed)
                words = {"group": group.code, "opened": opened, "ended": ended}
                self.message_user(
                    request,
                    gettext("%(group)s: %(opened)s (role ended: %(ended)s).") % words
                    if ended
                    else gettext("%(group)s: %(opened)s.") % words,
                )
                return HttpResponseRedirect(
                    reverse("admin:deliverables_group_change", args=[group.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Hand over a role in %(group)s") % {"group": group.code},
            "subtitle": None,
            "opts": self.opts,
            "original": group,
            "form": form,
            "media": self.media + form.media,
            "current_roles": Role.objects.current()
            .filter(group=group)
            .select_related("person")
            .by_rank(),
        }
        return TemplateResponse(request, "admin/deliverables/group/rotate_role.html", context)

    @staticmethod
    def _hand_over_initial(request: HttpRequest, group: Group) -> dict:
        """Coming from the roles' "Hand over" action: the outgoing role's kind and holder."""
        outgoing = request.GET.get("outgoing_role", "")
        role = Role.objects.filter(pk=outgoing, group=group).first() if outgoing.isdigit() else None
        if role is None:
            return {}
        return {"role": role.role, "outgoing": role.person_id, "on": timezone.localdate()}

    @admin.display(description=_("lifetime ends"), ordering="lifetime_end")
    def lifetime(self, obj: Group) -> str:
        return obj.lifetime_end_display

    @admin.display(description=_("current leadership"))
    def current_leaders(self, obj: Group) -> str:
        return "; ".join(
            f"{role.person.name} ({role.get_role_display()})"
            for role in getattr(obj, "current_leaders_list", [])
        )


class NamedBlankValuesFilter(admin.AllValuesFieldListFilter):
    """The field's values as choices, the empty one named (a link with no text has no name)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {**choice, "display": choice["display"] or _("(not stated)")}


@admin.register(Person)
class PersonAdmin(
    QuirkAdminMixin,
    SpreadsheetAdminMixin,
    InlineHistoryMixin,
    BigTableAdminMixin,
    SimpleHistoryAdmin,
):
    inline_histories = [
        InlineHistory(
            Role,
            "person_id",
            lambda r: f"{r.get_role_display()}, {r.group.code}",
            [name for name in ROLE_FIELDS if name != "person"],
        )
    ]
    list_display = ["name", "slug", "affiliation", "country", "email"]
    list_filter = [
        related_code_filter("roles__group", _("group"), placeholder="SG17-2025"),
        ("country", NamedBlankValuesFilter),
    ]
    search_fields = ["name", "slug", "affiliation", "country", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    inlines = [PersonRoleInline]

    # Staff outside the secretariat (the "readers") see people as the pages show them: without
    # their e-mail addresses (`Person.email_visible_to`).
    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if Person.email_visible_to(request.user) else _without_email(shown)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        return fields if Person.email_visible_to(request.user) else _without_email(fields)

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        return excluded if Person.email_visible_to(request.user) else [*excluded, "email"]

    def get_historical_record_context_helper(self, request, historical_record):
        if Person.email_visible_to(request.user):
            return super().get_historical_record_context_helper(request, historical_record)
        return _ChangesWithoutEmail(self.model, historical_record)


class _ChangesWithoutEmail(HistoricalRecordContextHelper):
    """A person's history as the readers see it: every change but the e-mail address's."""

    def context_for_delta_changes(self, delta):
        shown = super().context_for_delta_changes(delta)
        return [
            row for row, change in zip(shown, delta.changes, strict=True) if change.field != "email"
        ]


def _without_email(names):
    return [name for name in names if name != "email"]


class CurrentRoleFilter(admin.SimpleListFilter):
    title = _("held today")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended or not yet begun"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current()
        if self.value() == "no":
            return queryset.not_current()
        return queryset


@admin.register(Role)
class RoleAdmin(QuirkAdminMixin, SpreadsheetAdminMixin, BigTableAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "role", "group", "starts", "ends", "current", "decision"]
    list_filter = [
        CurrentRoleFilter,
        "role",
        related_code_filter("group", _("group"), placeholder="SG17-2025"),
    ]
    search_fields = ["person__name", "group__code", "group__name", "decision"]
    autocomplete_fields = ["person", "group"]
    list_select_related = ["person", "group"]
    actions = ["hand_over"]

    @admin.action(
        description=_("Hand over the selected role (ends it, opens the new holder's)"),
        permissions=["change"],
    )
    def hand_over(self, request: HttpRequest, queryset) -> HttpResponse | None:
        """The group's hand-over form (`rotate_role`, as the API's action), filled in with the
        selected role as the outgoing one."""
        roles = list(queryset.select_related("group")[:2])
        if len(roles) != 1 or not roles[0].held_on(timezone.localdate()):
            self.message_user(
                request,
                _("Select one current role to hand over (nothing was changed)."),
                messages.WARNING,
            )
            return None
        role = roles[0]
        if not request.user.has_perm("deliverables.change_group"):
            raise PermissionDenied
        url = reverse("admin:deliverables_group_rotate_role", args=[role.group_id])
        return HttpResponseRedirect(f"{url}?outgoing_role={role.pk}")

    @admin.display(description=_("starts"), ordering="starts_on")
    def starts(self, obj: Role) -> str:
        return obj.starts_on_display

    @admin.display(description=_("ends"), ordering="ends_on")
    def ends(self, obj: Role) -> str:
        return obj.ends_on_display

    @admin.display(description=_("current"), boolean=True)
    def current(self, obj: Role) -> bool:
        return obj.held_on(timezone.localdate())


class DistributionFormSet(BaseInlineFormSet):
    """One line per receiving group, and at most one "all study groups" line: the model's
    `Distribution.check_recipients`, as the API asks it, said in the form before the database
    constraint would refuse it."""

    def clean(self):
        lines = [
            form.cleaned_data
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        try:
            Distribution.check_recipients(lines)
        except ValidationError as error:
            raise ValidationError(error.message_dict["distribution"]) from error
        super().clean()


class DistributionInline(admin.TabularInline):
    model = Distribution
    formset = DistributionFormSet
    extra = 0
    fields = ["group", "to_all_study_groups", "purpose", "decision"]
    autocomplete_fields = ["group"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group")


class AllocatedStudyGroupFilter(admin.SimpleListFilter):
    title = _("allocated to study group")
    parameter_name = "allocated_to"

    def lookups(self, request, model_admin):
        return [(group.code, group.code) for group in Group.objects.study_groups().order_by("code")]

    def queryset(self, request, queryset):
        if self.value():
            group = Group.objects.filter(code=self.value()).first()
            return queryset.allocated_to(group) if group else queryset.none()
        return queryset


class ApprovalPeriodFilter(InputFilter):
    """A year or a month typed in a box (listing every month with an approval read the whole
    table on each page). A deliverable approved "October 2023" (month precision) is found under
    2023-10 and under 2023."""

    title = _("approval period")
    parameter_name = "approved"
    placeholder = _("2023 or 2023-10")

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        try:
            year, _dash, month = value.partition("-")
            precision = DatePrecision.MONTH if month else DatePrecision.YEAR
            day = dt.date(int(year), int(month or 1), 1)
        except ValueError:
            messages.warning(
                request,
                gettext(
                    "“%(value)s” is not a year or a month: nothing is listed. Type %(example)s."
                )
                % {"value": value[:20], "example": self.placeholder},
            )
            return queryset.none()
        return queryset.approved_after(period_start(day, precision)).approved_before(
            period_end(day, precision)
        )


@admin.register(Deliverable)
class DeliverableAdmin(
    TranslationsAdminMixin,
    QuirkAdminMixin,
    SpreadsheetAdminMixin,
    InlineHistoryMixin,
    BigTableAdminMixin,
    SimpleHistoryAdmin,
):
    inline_histories = [
        InlineHistory(
            Distribution,
            "deliverable_id",
            lambda line: (
                gettext("all study groups") if line.to_all_study_groups else str(line.group)
            ),
            ["group", "to_all_study_groups", "purpose", "decision"],
            title=_("distribution lines"),
        )
    ]
    list_display = ["code", "title", "type", "owner", "approved_display", "allocated_to", "status"]
    list_filter = [
        related_code_filter("owner", _("owner"), placeholder="SG17-2025"),
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

    @admin.display(description=_("approved"), ordering="approved")
    def approved_display(self, obj: Deliverable) -> str:
        return obj.approved_display

    @admin.display(description=_("allocated to"))
    def allocated_to(self, obj: Deliverable) -> str:
        return ", ".join(line.recipient_display for line in getattr(obj, "allocated_lines", []))


@admin.register(Distribution)
class DistributionAdmin(BigTableAdminMixin, SimpleHistoryAdmin):
    list_display = ["deliverable", "recipient", "purpose", "decision"]
    list_filter = [
        "purpose",
        "to_all_study_groups",
        related_code_filter("group", _("group"), placeholder="SG17-2025"),
        related_code_filter("deliverable", _("deliverable"), placeholder="X.509"),
    ]
    search_fields = ["deliverable__code", "deliverable__title", "group__code", "decision"]
    autocomplete_fields = ["deliverable", "group"]
    list_select_related = ["deliverable", "group"]

    @admin.display(description=_("to"))
    def recipient(self, obj: Distribution) -> str:
        return obj.recipient_display
