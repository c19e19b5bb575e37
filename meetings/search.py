"""What search looks for in this app (registered in `MeetingsConfig.ready()`)."""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.search import Kind

from .models import ActionItem, Document, Meeting
from .querysets import split_document_code


def document_code(text: str) -> Q:
    """TD480 names every revision of TD480; TD480-R1 (or TD480R1) only that one."""
    try:
        number, revision = split_document_code(text)
    except ValueError:
        return Q(pk__in=[])
    same = Q(number__iexact=number)
    return same if revision is None else same & Q(revision=revision)


MEETINGS = Kind(
    key="meetings",
    label=_("Meetings"),
    queryset=lambda: Meeting.objects.all(),
    weighted=Meeting.SEARCH_WEIGHTS,
    vector_field="search_vector",
    code_fields=("code",),
    snippet_field="objectives",
    code=lambda o: o.code,
    title=lambda o: o.title,
    order=30,
)
DOCUMENTS = Kind(
    key="documents",
    label=_("Documents"),
    queryset=lambda: Document.objects.select_related("meeting"),
    weighted=Document.SEARCH_WEIGHTS,
    vector_field="search_vector",
    code_fields=("number",),
    snippet_field="title",
    code=lambda o: o.code,
    title=lambda o: o.title or gettext("(title not stated)"),
    order=40,
    exact_code=document_code,
)
ACTIONS = Kind(
    key="actions",
    label=_("Action items"),
    queryset=lambda: ActionItem.objects.select_related("meeting"),
    weighted=ActionItem.SEARCH_WEIGHTS,
    vector_field="search_vector",
    code_fields=("code",),
    snippet_field="text",
    code=lambda o: o.code,
    title=lambda o: o.text,
    order=60,
)
