"""What search looks for in this app (registered in `DeliverablesConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from core.search import Kind

from .models import Deliverable, Group

GROUPS = Kind(
    key="groups",
    label=_("Groups"),
    queryset=lambda: Group.objects.all(),
    weighted=Group.SEARCH_WEIGHTS,
    vector_field="search_vector",
    code_fields=("code",),
    snippet_field="mandate",
    code=lambda o: o.code,
    title=lambda o: o.name,
    order=10,
)
DELIVERABLES = Kind(
    key="deliverables",
    label=_("Deliverables"),
    queryset=lambda: Deliverable.objects.select_related("owner"),
    weighted=Deliverable.SEARCH_WEIGHTS,
    vector_field="search_vector",
    code_fields=("code",),
    snippet_field="summary",
    code=lambda o: o.code,
    title=lambda o: o.title,
    order=20,
)
