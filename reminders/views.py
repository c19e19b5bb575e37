"""Following records (the follow buttons of the pages), and one-click unsubscribe from a reminder
e-mail: a signed link, no login.

GET shows what the link would stop and a button (mail scanners follow links; they must not
unsubscribe anyone); POST stops it. The POST also serves RFC 8058 one-click requests that mail
clients send from the `List-Unsubscribe-Post` header, which carry no CSRF token: the signature
of the link is what authorises it, so the view is exempt from CSRF.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from core.follow import followables

from .emails import read_unsubscribe_token
from .models import Subscription


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    template_name = "reminders/unsubscribe.html"

    def _subscriptions(self, token: str):
        user_id, ids = read_unsubscribe_token(token)
        return (
            Subscription.objects.filter(user_id=user_id, pk__in=ids)
            .select_related("group", "deliverable", "meeting")
            .order_by("pk")
        )

    def get(self, request, token: str):
        try:
            subscriptions = list(self._subscriptions(token))
        except signing.BadSignature:
            return self._invalid(request)
        response = render(
            request, self.template_name, {"subscriptions": subscriptions, "done": False}
        )
        response["X-Robots-Tag"] = "noindex"
        return response

    def post(self, request, token: str):
        try:
            with transaction.atomic():
                subscriptions = list(self._subscriptions(token).select_for_update(of=("self",)))
                for subscription in subscriptions:
                    subscription.delete()  # one by one, so the history records each
        except signing.BadSignature:
            return self._invalid(request)
        response = render(
            request, self.template_name, {"subscriptions": subscriptions, "done": True}
        )
        response["X-Robots-Tag"] = "noindex"
        return response

    def _invalid(self, request):
        return render(request, "reminders/unsubscribe_invalid.html", status=400)


def followed_record(kind: str, code: str) -> Model:
    followable = followables.get(kind)
    if followable is None:
        raise Http404(_("Only groups, deliverables and meetings can be followed."))
    return get_object_or_404(followable.model, code=code)


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
            return HttpResponseRedirect(f"{reverse('account_login')}?next={back}")
        following = Subscription.objects.filter(user=request.user, **{kind: record})
        if request.POST.get("action") == "unfollow":
            with transaction.atomic():
                for subscription in following:
                    subscription.delete()  # one by one, so the history keeps each
            messages.success(
                request, _("You no longer follow %(what)s.") % {"what": label(kind, record)}
            )
        else:
            Subscription.objects.get_or_create(user=request.user, **{kind: record})
            messages.success(
                request,
                _("You follow %(what)s: its deadlines will be in your reminders.")
                % {"what": label(kind, record)},
            )
        return HttpResponseRedirect(back)


def label(kind: str, record: Model) -> str:
    followable = followables.get(kind)
    return followable.describe(record) if followable else str(record)
