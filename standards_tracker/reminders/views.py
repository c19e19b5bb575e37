"""One-click unsubscribe from a reminder e-mail: a signed link, no login.

GET shows what the link would stop and a button (mail scanners follow links; they must not
unsubscribe anyone); POST stops it. The POST also serves RFC 8058 one-click requests that mail
clients send from the `List-Unsubscribe-Post` header, which carry no CSRF token: the signature
of the link is what authorises it, so the view is exempt from CSRF.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

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
