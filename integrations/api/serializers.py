from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..changes import encode_cursor
from ..kinds import api_kinds
from ..models import Change, ChangeType

CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 100


def display_name(user) -> str | None:
    """Who made a change, by name: the person the login belongs to, else the login's full name.
    Never the e-mail address (the secretariat's alone): a login named by one shows no name."""
    if user is None:
        return None
    person = getattr(user, "person", None)
    if person is not None and person.name:
        return person.name
    name = user.get_full_name() or user.get_username()
    return None if "@" in name else name


class ChangeSerializer(serializers.ModelSerializer):
    cursor = serializers.SerializerMethodField(
        help_text=_("Give it as `since` to read the changes after this one.")
    )
    time = serializers.DateTimeField(source="happened_at", help_text=_("When the change was made."))
    who = serializers.SerializerMethodField(
        help_text=_("Who made it, by name (null when unknown).")
    )
    link = serializers.SerializerMethodField(
        help_text=_("The record's API URL (gone, once it was deleted).")
    )
    change = serializers.ChoiceField(
        source="change_type", choices=ChangeType.choices, help_text=_("What happened to it.")
    )

    class Meta:
        model = Change
        fields = ["cursor", "kind", "code", "change", "time", "who", "link"]

    @extend_schema_field({"type": "string", "pattern": CURSOR_PATTERN})
    def get_cursor(self, change: Change) -> str:
        return encode_cursor(change)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_who(self, change: Change) -> str | None:
        return display_name(change.user)

    @extend_schema_field(OpenApiTypes.URI)
    def get_link(self, change: Change) -> str:
        return api_kinds()[change.kind].link(change.code, self.context.get("request"))


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    cursor = serializers.CharField(
        allow_null=True,
        help_text=_(
            "Where to resume: the `since` of the next request (the one given when there "
            "was nothing new; null when the feed is empty)."
        ),
    )
    more = serializers.BooleanField(help_text=_("Whether more changes follow at once."))
    next = serializers.URLField(
        allow_null=True, help_text=_("The next page, when `more` is true; null otherwise.")
    )


class ChangeFeedQuery(serializers.Serializer):
    since = serializers.RegexField(
        CURSOR_PATTERN,
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=_(
            "The cursor of the last change read (an entry's `cursor`, or the page's); "
            "from the first change without it."
        ),
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=format_lazy(
            _("Changes per page (1–{max}, default {default})."),
            max=MAX_PAGE_SIZE,
            default=DEFAULT_PAGE_SIZE,
        ),
    )
