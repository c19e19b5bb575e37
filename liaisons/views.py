"""Public pages of the liaisons app (thin class-based views).

The sections this app adds to the pages of the lower apps are in `sections.py`.
"""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.pages import PageFilterForm, url_or_none
from deliverables.forms import group_code_field

from .asks import addressee_asks
from .filters import LiaisonStatementFilterSet
from .models import Attachment, Direction, LiaisonPurpose, LiaisonStatement, LiaisonStatus


def attachment_url(attachment: Attachment) -> str | None:
    return url_or_none("liaisons:attachment-download", pk=attachment.pk)


class LiaisonFilterForm(PageFilterForm):
    filterset_class = LiaisonStatementFilterSet

    to = group_code_field(
        label=_("Addressed to"), help_text=_("Includes statements sent to all study groups.")
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("", _("Incoming and outgoing")), *Direction.choices],
        required=False,
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[("", _("Any purpose")), *LiaisonPurpose.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *LiaisonStatus.choices], required=False
    )
    awaiting_reply = forms.BooleanField(required=False, label=_("Only those awaiting a reply"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: added here so the URL says ?from=TSAG, as the API does.
        self.fields["from"] = group_code_field(label=gettext("Sent by"))

        self.order_fields(["to", "from", "direction", "purpose", "status", "awaiting_reply"])

    def filterset_params(self):
        params = super().filterset_params()
        if "awaiting_reply" in params:
            # A ticked box sends "on"; the FilterSet, like the API, takes true/false.
            params["awaiting_reply"] = "true"
        return params


class LiaisonListView(ListView):
    template_name = "liaisons/liaison_list.html"
    context_object_name = "statements"
    paginate_by = 50

    def get_queryset(self):
        self.form = LiaisonFilterForm(self.request.GET or None)
        return self.form.filter(LiaisonStatement.objects.for_lists()).newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, today=timezone.localdate(), **kwargs)


class LiaisonDetailView(DetailView):
    template_name = "liaisons/liaison_detail.html"
    slug_field = slug_url_kwarg = "code"
    context_object_name = "statement"

    def get_queryset(self):
        return (
            LiaisonStatement.objects.with_awaiting_reply()
            .select_related(
                "document",
                "document__meeting",
                "approved_at",
                "approved_by_action",
                "approved_by_action__meeting",
                "contact",
                "replies_to",
                "replies_to__document",
            )
            .prefetch_related(
                "from_groups",
                "to_groups",
                "related_deliverables",
                "related_groups",
                "attachments",
                Prefetch(
                    "replies",
                    queryset=LiaisonStatement.objects.select_related("document").prefetch_related(
                        "from_groups"
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        statement = self.object
        today = timezone.localdate()
        deadline = statement.reply_deadline
        attachments = [(a, attachment_url(a)) for a in statement.attachments.all()]
        return super().get_context_data(
            attachments=attachments,
            asks=addressee_asks(statement),
            carrier_file=statement.document.file_facts() if statement.document else None,
            today=today,
            deadline_passed=bool(deadline and deadline < today),
            days_to_deadline=(deadline - today).days if deadline else None,
            **kwargs,
        )
