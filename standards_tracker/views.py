"""Pages that bring the apps together: home (what is coming), search, and the error pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from deliverables.models import Deliverable, Group
from liaisons.models import LiaisonStatement
from liaisons.views import statement_list_queryset
from meetings.models import ActionItem, Meeting
from meetings.views import action_list_queryset, actions_of

from . import search as site_search
from .pages import natural_key
from .reminders.models import Subscription

HOME_LIMIT = 8


class HomeView(TemplateView):
    """What is coming, for everything or for one group (?group=SG17)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now, today = timezone.now(), timezone.localdate()
        code = self.request.GET.get("group", "").strip()
        groups = sorted(
            Group.objects.only("code", "name", "kind"), key=lambda g: natural_key(g.code)
        )
        group = next((g for g in groups if g.code.lower() == code.lower()), None) if code else None

        meetings = Meeting.objects.prefetch_related("groups")
        actions = action_list_queryset().open()
        statements = statement_list_queryset().awaiting_reply()
        if group is not None:
            meetings = meetings.filter(groups=group)
            actions = actions.filter(actions_of(group))
            statements = statements.addressed_to(group)

        upcoming = meetings.upcoming(now).order_by("starts_at")
        deadlines = meetings.filter(contribution_deadline__gte=today).order_by(
            "contribution_deadline"
        )
        open_actions = actions.order_by(
            F("due_date").asc(nulls_last=True), "meeting__starts_at", "position", "code"
        )
        context.update(
            groups=groups,
            group=group,
            unknown_group=code if code and group is None else "",
            today=today,
            upcoming=list(upcoming[:HOME_LIMIT]),
            upcoming_total=upcoming.count(),
            deadlines=list(deadlines[:HOME_LIMIT]),
            overdue=list(open_actions.overdue(today)[:HOME_LIMIT]),
            overdue_total=actions.overdue(today).count(),
            open_actions=list(open_actions.not_overdue(today)[:HOME_LIMIT]),
            open_total=actions.not_overdue(today).count(),
            awaiting=list(
                statements.order_by(F("reply_deadline").asc(nulls_last=True))[:HOME_LIMIT]
            ),
            awaiting_total=statements.count(),
            recent=list(meetings.past(now).order_by("-starts_at")[:4]),
        )
        return context


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "").strip()[: site_search.MAX_QUERY_LENGTH]
        only = self.request.GET.get("type", "")
        kinds = [only] if only in site_search.KINDS_BY_KEY else None
        results = site_search.search(text, kinds, limit=50 if kinds else 10) if text else []
        context.update(
            q=text,
            only=kinds[0] if kinds else "",
            kinds=site_search.KINDS,
            results=results,
            total=sum(len(r.hits) for r in results),
        )
        return context


FOLLOWABLE: dict[str, type[Model]] = {
    "group": Group,
    "deliverable": Deliverable,
    "meeting": Meeting,
}


def followed_record(kind: str, code: str) -> Model:
    model = FOLLOWABLE.get(kind)
    if model is None:
        raise Http404("Only groups, deliverables and meetings can be followed.")
    return get_object_or_404(model, code=code)


class FollowView(View):
    """Follow or stop following a group, a deliverable or a meeting: its deadlines then come in
    the reminder e-mails (the subscriptions of the reminders)."""

    http_method_names = ["get", "post"]

    def get(self, request, kind: str, code: str):
        return redirect(followed_record(kind, code))

    def post(self, request, kind: str, code: str):
        record = followed_record(kind, code)
        back = record.get_absolute_url()
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('login')}?next={back}")
        following = Subscription.objects.filter(user=request.user, **{kind: record})
        if request.POST.get("action") == "unfollow":
            with transaction.atomic():
                for subscription in following:
                    subscription.delete()  # one by one, so the history keeps each
            messages.success(request, f"You no longer follow {label(kind, record)}.")
        else:
            Subscription.objects.get_or_create(user=request.user, **{kind: record})
            messages.success(
                request,
                f"You follow {label(kind, record)}: its deadlines will be in your reminders.",
            )
        return HttpResponseRedirect(back)


def label(kind: str, record: Model) -> str:
    return f"the {kind} {record.code}" if kind != "meeting" else f"“{record}”"


def server_error(request, template_name: str = "500.html"):
    """The 500 page, rendered without the database (which may be why we are here)."""
    return render(request, template_name, status=500)


# --- The secretariat's "what needs attention" (shown on the admin index) -------------------------

ATTENTION_LIFETIME_DAYS = 90
ATTENTION_LIMIT = 15


@dataclass
class Deadline:
    day: dt.date
    what: str
    record: object


def attention(today: dt.date | None = None) -> dict:
    """Overdue actions, deadlines in the coming week, statements awaiting reply, groups whose
    lifetime ends soon (or has ended while they are still marked active)."""
    today = today or timezone.localdate()
    week_end = today + dt.timedelta(days=7)
    overdue: QuerySet[ActionItem] = (
        ActionItem.objects.overdue(today)
        .select_related("meeting", "responsible_group", "responsible_person", "group")
        .order_by("due_date", "code")
    )
    meetings = Meeting.objects.with_deadline_between(today, week_end)
    actions = (
        ActionItem.objects.open()
        .filter(due_date__gte=today, due_date__lte=week_end)
        .select_related("meeting")
    )
    statements = LiaisonStatement.objects.filter(
        reply_deadline__gte=today, reply_deadline__lte=week_end
    ).select_related("document")
    deadlines = [
        *(Deadline(m.contribution_deadline, "Contribution deadline", m) for m in meetings),
        *(Deadline(a.due_date, "Action due", a) for a in actions),
        *(Deadline(s.reply_deadline, "Reply due", s) for s in statements),
    ]
    deadlines.sort(key=lambda d: d.day)
    awaiting = (
        LiaisonStatement.objects.awaiting_reply()
        .select_related("document")
        .order_by("reply_deadline")
    )
    lifetimes = (
        Group.objects.active()
        .lifetime_ending_by(today + dt.timedelta(days=ATTENTION_LIFETIME_DAYS))
        .order_by("lifetime_end")
    )
    return {
        "today": today,
        "overdue": list(overdue[:ATTENTION_LIMIT]),
        "overdue_total": overdue.count(),
        "deadlines": deadlines,
        "awaiting": list(awaiting[:ATTENTION_LIMIT]),
        "awaiting_total": awaiting.count(),
        "lifetimes": [(group, group.lifetime_has_ended(today)) for group in lifetimes],
    }
