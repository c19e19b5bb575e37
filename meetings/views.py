"""Public pages of the meetings app (thin class-based views).

The sections this app adds to the pages of the deliverables app are in `sections.py`.
"""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.forms import CodeChoiceField
from core.pages import PageFilterForm, first_rows
from deliverables.forms import group_code_field

from .filters import ActionItemFilterSet, DocumentFilterSet, MeetingFilterSet
from .models import ActionItem, Document, DocumentKind, Meeting, MeetingKind, Session
from .querysets import split_document_code
from .sections import ACTION_SECTIONS, DOCUMENT_SECTIONS, MEETING_SECTIONS

# --- Meetings -----------------------------------------------------------------------------------


class MeetingFilterForm(PageFilterForm):
    filterset_class = MeetingFilterSet

    group = group_code_field(label=_("Group"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *MeetingKind.choices], required=False
    )


class MeetingListView(ListView):
    """The next meetings (soonest first, the first UPCOMING_ROWS of them) above the past ones
    (latest first), paginated; `?upcoming=true` pages through every upcoming meeting instead,
    `?upcoming=false` through the past ones only. A plan of meetings years ahead grows with the
    programme: the page never lists all of it at once."""

    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 50
    UPCOMING_ROWS = 20

    def base_queryset(self) -> QuerySet[Meeting]:
        self.form = MeetingFilterForm(self.request.GET or None)
        return self.form.filter(Meeting.objects.prefetch_related("groups"))

    def get_queryset(self):
        choice = self.request.GET.get("upcoming", "").strip().lower()
        self.only = {"true": "upcoming", "false": "past"}.get(choice, "")
        if self.only == "upcoming":
            return self.base_queryset().upcoming().order_by("starts_at", "code")
        return self.base_queryset().past().order_by("-starts_at", "code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, only=self.only, **kwargs)
        if not self.only:
            upcoming = self.form.filter(
                Meeting.objects.prefetch_related("groups").upcoming().order_by("starts_at", "code")
            )
            context["upcoming"], context["upcoming_total"] = first_rows(
                upcoming, self.UPCOMING_ROWS
            )
        return context


def meetings_to_download(page: MeetingListView) -> QuerySet[Meeting]:
    """The page's meetings for a download: upcoming and past alike (in time order) unless the
    page shows only one of them."""
    if page.request.GET.get("upcoming", "").strip():
        return page.get_queryset()
    return page.base_queryset().order_by("starts_at", "code")


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    slug_field = slug_url_kwarg = "code"
    context_object_name = "meeting"

    def get_queryset(self):
        sessions = Session.objects.prefetch_related("moderators", "speakers")
        return Meeting.objects.select_related("contact").prefetch_related(
            "groups",
            "related_groups",
            Prefetch("sessions", queryset=sessions),
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("source_group").order_by(
                    "number", "revision"
                ),
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related(
                    "group", "responsible_group", "responsible_person"
                ).order_by("position", "code"),
            ),
        )

    def get_context_data(self, **kwargs):
        meeting = self.object
        today = timezone.localdate()
        deadline = meeting.contribution_deadline
        return super().get_context_data(
            is_past=meeting.ends_at < timezone.now(),
            deadline_passed=bool(deadline and deadline < today),
            days_to_deadline=(deadline - today).days if deadline else None,
            groups=meeting.groups.all(),  # prefetched in the groups' order: natural code order
            related_groups=meeting.related_groups.all(),
            sections=MEETING_SECTIONS.render(meeting, self.request),
            today=today,
            calendar_path="/calendar.ics",
            **kwargs,
        )


# --- Documents ----------------------------------------------------------------------------------


class DocumentFilterForm(PageFilterForm):
    filterset_class = DocumentFilterSet

    search = forms.CharField(
        required=False,
        label=_("Number or words"),
        max_length=100,
        help_text=_("TD480 finds every revision; TD480-R1 only that one."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *DocumentKind.choices], required=False
    )


class DocumentListView(ListView):
    template_name = "meetings/document_list.html"
    context_object_name = "documents"
    paginate_by = 50

    def get_queryset(self):
        self.form = DocumentFilterForm(self.request.GET or None)
        queryset = Document.objects.select_related("meeting", "source_group").order_by(
            "number", "revision"
        )
        return self.form.filter(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class DocumentDetailView(DetailView):
    template_name = "meetings/document_detail.html"
    context_object_name = "document"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        try:
            __, revision = split_document_code(code)
            candidates = Document.objects.matching(code)
        except ValueError as exc:
            raise Http404(gettext("No document has this number.")) from exc
        # TD480 names the original when it exists, otherwise its latest revision.
        document = (
            candidates.filter(revision=0).first() if revision is None else None
        ) or candidates.order_by("-revision").first()
        if document is None:
            raise Http404(gettext("No document has this number."))
        if document.code != code:
            return redirect(document, permanent=False)
        self.object = document
        return self.render_to_response(self.get_context_data(object=document))

    def get_context_data(self, **kwargs):
        document = self.object
        # The revision chain, oldest first (TD480, TD480-R1, ...), this one among them.
        chain = list(
            Document.objects.filter(number=document.number)
            .only("number", "revision", "title")
            .order_by("revision")
        )
        revisions = [revision for revision in chain if revision.pk != document.pk]
        actions = document.action_items.select_related("meeting").order_by(
            "meeting_starts_at", "position"
        )
        return super().get_context_data(
            revisions=revisions,
            chain=chain,
            file=document.file_facts(),
            latest=max([document, *revisions], key=lambda d: d.revision),
            actions=actions,
            sections=DOCUMENT_SECTIONS.render(document, self.request),
            **kwargs,
        )


# --- Action items -------------------------------------------------------------------------------


class ActionFilterForm(PageFilterForm):
    """Status as readers think of it (overdue is an open action past its date) and a group in
    the widest sense (its own actions, those it must carry out, those naming it)."""

    filterset_class = ActionItemFilterSet
    page_only = ("page", "status", "group")

    STATE_CHOICES = [
        ("", _("Any status")),
        ("open", pgettext_lazy("action status", "Open")),
        ("overdue", _("Overdue")),
        ("done", pgettext_lazy("action status", "Done")),
        ("dropped", pgettext_lazy("action status", "Dropped")),
    ]
    status = forms.ChoiceField(label=_("Status"), choices=STATE_CHOICES, required=False)
    group = group_code_field(
        label=_("Group"), help_text=_("Its own actions and those it must carry out.")
    )
    meeting = CodeChoiceField(
        Meeting.objects.all(),
        # The latest meetings that agreed actions: the ones a reader most likely looks for.
        suggestions=lambda: Meeting.objects.with_action_items().order_by("-starts_at", "code"),
        kind="meeting",
        required=False,
        label=_("Meeting"),
        placeholder=_("Any meeting, or its code"),
    )

    def filterset_params(self):
        params = super().filterset_params()
        status = self.data.get("status", "")
        if status == "overdue":
            params["overdue"] = "true"
        elif status in ("open", "done", "dropped"):
            params["status"] = status
        return params

    def filter(self, queryset: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
        queryset = super().filter(queryset)
        if self.is_valid() and self.cleaned_data.get("group"):
            queryset = queryset.concerning(self.cleaned_data["group"])
        return queryset


class ActionListView(ListView):
    template_name = "meetings/action_list.html"
    context_object_name = "actions"
    paginate_by = 50

    def get_queryset(self):
        self.form = ActionFilterForm(self.request.GET or None)
        return self.form.filter(ActionItem.objects.for_lists())

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, today=timezone.localdate(), **kwargs)


class ActionDetailView(DetailView):
    template_name = "meetings/action_detail.html"
    context_object_name = "action"

    def get_object(self, queryset=None):
        return get_object_or_404(
            ActionItem.objects.select_related(
                "meeting", "group", "responsible_group", "responsible_person"
            ).prefetch_related("concerned_groups", "documents", "deliverables"),
            meeting__code=self.kwargs["meeting"],
            code=self.kwargs["code"],
        )

    def get_context_data(self, **kwargs):
        action = self.object
        return super().get_context_data(
            is_overdue=action.is_overdue(),
            sections=ACTION_SECTIONS.render(action, self.request),
            **kwargs,
        )
