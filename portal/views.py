"""Pages that bring the apps together: home (what is coming), search, and the error pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.generic import TemplateView

from core import search as site_search
from core.pages import capped_count
from core.throttling import SearchPageThrottle, ThrottledPageMixin
from deliverables.forms import group_code_field, suggested_groups
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Meeting

HOME_LIMIT = 8


class HomeView(TemplateView):
    """What is coming, for everything or for one group (?group=SG17)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now, today = timezone.now(), timezone.localdate()
        code = self.request.GET.get("group", "").strip()[:64]
        # The picker suggests the groups a delegate starts from (a few dozen whatever the
        # programme's size) and takes any other code typed in.
        suggested = list(suggested_groups())
        try:  # the same lookup as every group filter: the code as typed, then any letter case
            group = group_code_field().clean(code)
        except ValidationError:
            group = None

        meetings = Meeting.objects.prefetch_related("groups")
        actions = ActionItem.objects.for_lists().open()
        statements = LiaisonStatement.objects.for_lists().awaiting_reply()
        if group is not None:
            meetings = meetings.filter(groups=group)
            actions = actions.concerning(group)
            statements = statements.addressed_to(group)

        upcoming = meetings.upcoming(now).order_by("starts_at")
        deadlines = meetings.filter(contribution_deadline__gte=today).order_by(
            "contribution_deadline"
        )
        open_actions = actions.order_by(
            F("due_date").asc(nulls_last=True), "meeting_starts_at", "position", "code"
        )
        context.update(
            groups=suggested,
            group=group,
            unknown_group=code if code and group is None else "",
            today=today,
            upcoming=list(upcoming[:HOME_LIMIT]),
            upcoming_total=capped_count(upcoming),
            deadlines=list(deadlines[:HOME_LIMIT]),
            overdue=list(open_actions.overdue(today)[:HOME_LIMIT]),
            overdue_total=capped_count(actions.overdue(today)),
            open_actions=list(actions.open_from(today)[:HOME_LIMIT]),
            open_total=capped_count(actions.open_from(today)),
            awaiting=list(
                statements.order_by(F("reply_deadline").asc(nulls_last=True))[:HOME_LIMIT]
            ),
            awaiting_total=capped_count(statements),
            recent=list(meetings.past(now).order_by("-starts_at")[:4]),
        )
        # Nothing ahead in the calendar: instead of two empty boxes, one that says so, with the
        # most recent meetings and the next dated thing on record (an action falling due, a
        # reply asked for), each the first row of an index (open_action_due_date,
        # liaisonstatement_reply_deadline).
        context["quiet"] = not context["upcoming"] and not context["deadlines"]
        if context["quiet"]:
            context["next_known"] = _next_known(actions, statements, today)
        return context


def _next_known(actions, statements, today: dt.date) -> list[tuple[dt.date, str, object]]:
    """The next open action due and the next reply asked for, from `today`, soonest first."""
    found = []
    action = actions.filter(due_date__gte=today).order_by("due_date", "pk").first()
    if action is not None:
        found.append((action.due_date, gettext("Action due"), action))
    statement = statements.filter(reply_deadline__gte=today).order_by("reply_deadline", "pk")
    reply = statement.first()
    if reply is not None:
        found.append((reply.reply_deadline, gettext("Reply due"), reply))
    return sorted(found, key=lambda row: row[0])


class SearchView(ThrottledPageMixin, TemplateView):
    template_name = "search.html"
    # Each search ranks candidates across every kind of record: anonymous searches are limited
    # like anonymous API reads.
    throttle_classes = [SearchPageThrottle]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "").strip()[: site_search.MAX_QUERY_LENGTH]
        only = self.request.GET.get("type", "")
        kinds = [only] if site_search.search_sources.get(only) else None
        results = site_search.search(text, kinds, limit=50 if kinds else 10) if text else []
        context.update(
            q=text,
            only=kinds[0] if kinds else "",
            kinds=list(site_search.search_sources),
            results=results,
            total=sum(len(r.hits) for r in results),
        )
        return context


def server_error(request, template_name: str = "500.html"):
    """The 500 page, rendered without the database (which may be why we are here)."""
    return render(request, template_name, status=500)


class UsingTheApiView(TemplateView):
    """A newcomer's guide to the API: a token, a first read and write, errors, pages, changes."""

    template_name = "using_the_api.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            api_url=self.request.build_absolute_uri("/api/v1/"), **kwargs
        )
