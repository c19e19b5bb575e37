"""The follow button of a record's page (groups, deliverables, meetings: see core.follow)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from core.follow import followables

from ..models import Subscription

register = template.Library()


@register.inclusion_tag("includes/follow.html", takes_context=True)
def follow_button(context, record) -> dict:
    """Follow / stop following a group, a deliverable or a meeting (signed-in users); a sign-in
    link for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    followable = followables.for_record(record)
    kind = followable.kind if followable else record._meta.model_name
    following = bool(
        user
        and user.is_authenticated
        and Subscription.objects.filter(user=user, **{kind: record}).exists()
    )
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "record": record,
        "kind": kind,
        "following": following,
        "name": followable.name(record) if followable else str(record),
        "action_url": reverse("follow", kwargs={"kind": kind, "code": record.code}),
    }
