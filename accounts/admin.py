"""Logins linked to people: the secretariat confirms or undoes each link made by a verified
e-mail (accounts.services: the one place a link changes)."""

from __future__ import annotations

from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import BigTableAdminMixin

from .models import LinkStatus, PersonLink
from .services import confirm_link, link_by_hand, undo_link


@admin.register(PersonLink)
class PersonLinkAdmin(BigTableAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "person", "email", "status", "created", "decided_by"]
    list_filter = ["status", "created"]
    search_fields = ["user__username", "user__email", "person__name", "email"]
    list_select_related = ["user", "person", "decided_by"]
    raw_id_fields = ["user", "person"]
    readonly_fields = ["status", "decided_by", "decided_at", "created"]
    actions = ["confirm", "undo"]

    def save_model(self, request: HttpRequest, obj: PersonLink, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            # Made by hand: the secretariat's own word, so confirmed at once.
            link_by_hand(obj, request.user)  # type: ignore[arg-type]  # staff, signed in

    def _decide(self, request: HttpRequest, queryset: QuerySet, decide, done) -> None:
        count = 0
        for link in queryset.order_by("pk"):
            try:
                decide(link, request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(link)s: %(errors)s")
                    % {"link": link, "errors": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                count += 1
        if count:
            self.message_user(request, done(count) % {"count": count})

    @admin.action(description=_("Confirm the selected links"), permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(
            request,
            queryset,
            confirm_link,
            lambda n: ngettext("%(count)d link confirmed.", "%(count)d links confirmed.", n),
        )

    @admin.action(description=_("Undo the selected links (the login is not that person)"),
                  permissions=["change"])  # fmt: skip
    def undo(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(
            request,
            queryset.exclude(status=LinkStatus.UNDONE),
            undo_link,
            lambda n: ngettext("%(count)d link undone.", "%(count)d links undone.", n),
        )


# Single sign-on is configured from the environment (OIDC_*), so the providers' settings and the
# tokens they hand out are no business of the admin: only the secretariat's view of the people
# (addresses, linked sign-on accounts) stays.
for model in (SocialApp, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
