"""The signed-in user's own page: what I follow (with unfollow), my open action items, my
reminder settings and my personal calendar's address. Thin: the reads are the apps' QuerySets,
the writes accounts.services and the models' own validation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.follow import followables
from meetings.models import ActionItem
from reminders.models import ReminderPreference, Subscription

from .forms import ReminderSettingsForm
from .models import PersonLink
from .services import calendar_key, regenerate_calendar_key

FOLLOWS_PER_PAGE = 50


def signed_in(request: HttpRequest) -> User:
    """The request's user, behind LoginRequiredMixin (for the type checker: never anonymous)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101
    return user


ACTIONS_SHOWN = 50


def followed_rows(page) -> list[dict]:
    rows = []
    for subscription in page:
        target = subscription.target
        followable = followables.get(subscription.target_kind)
        rows.append(
            {
                "subscription": subscription,
                "kind": subscription._meta.get_field(subscription.target_kind).verbose_name,
                "name": followable.name(target) if followable else str(target),
                "title": getattr(target, "title", "") or getattr(target, "name", ""),
                "url": target.get_absolute_url(),
            }
        )
    return rows


class FollowingView(LoginRequiredMixin, View):
    template_name = "accounts/following.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.context(request))

    def context(self, request: HttpRequest, form: ReminderSettingsForm | None = None) -> dict:
        user = signed_in(request)
        follows = (
            Subscription.objects.of(user)
            .select_related("group", "deliverable", "meeting", "liaison__document")
            .order_by("created", "pk")
        )
        page = Paginator(follows, FOLLOWS_PER_PAGE).get_page(request.GET.get("page"))
        actions = list(
            ActionItem.objects.open()
            .filter(responsible_person__user=user)
            .select_related("meeting")
            .order_by("due_date", "pk")[: ACTIONS_SHOWN + 1]
        )
        preference = ReminderPreference.objects.filter(user=user).first() or ReminderPreference(
            user=user
        )
        link = PersonLink.objects.filter(user=user).select_related("person").first()
        feed_path = reverse("accounts:personal-calendar", kwargs={"key": calendar_key(user)})
        return {
            "page_obj": page,
            "follows": followed_rows(page),
            "actions": actions[:ACTIONS_SHOWN],
            "more_actions": len(actions) > ACTIONS_SHOWN,
            "person": getattr(user, "person", None),
            "link": link,
            "form": form or ReminderSettingsForm(instance=preference),
            "feed_url": request.build_absolute_uri(feed_path),
        }


class ReminderSettingsView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in(request)
        preference = ReminderPreference.objects.filter(user=user).first()
        form = ReminderSettingsForm(
            request.POST, instance=preference or ReminderPreference(user=user)
        )
        if not form.is_valid():
            page = FollowingView()
            return render(request, page.template_name, page.context(request, form=form), status=400)
        form.save()
        messages.success(request, _("Your reminder settings are saved."))
        return HttpResponseRedirect(reverse("accounts:following") + "#reminder-settings")


class UnfollowView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        with transaction.atomic():
            subscription = get_object_or_404(
                Subscription.objects.of(signed_in(request)).select_for_update(), pk=pk
            )
            label = subscription.target_label
            subscription.delete()  # one by one, so the history keeps it
        messages.success(request, _("You no longer follow %(what)s.") % {"what": label})
        return HttpResponseRedirect(reverse("accounts:following"))


class RegenerateCalendarView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        regenerate_calendar_key(signed_in(request))
        messages.success(
            request,
            _("Your calendar has a new address: the old one no longer works. Subscribe again."),
        )
        return HttpResponseRedirect(reverse("accounts:following") + "#calendar")
