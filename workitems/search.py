"""What search looks for in this app (registered in `WorkitemsConfig.ready()`): work items by
identifier (exact and partial, "Q.TSCA", "tsca") and by words of their title, summary,
equivalent texts and origin, from their stored search vector."""

from django.utils.translation import gettext_lazy as _

from core.search import Kind

from .models import WorkItem

WORK_ITEMS = Kind(
    key="work-items",
    label=_("Work items"),
    queryset=lambda: WorkItem.objects.select_related("study_group"),
    weighted=WorkItem.SEARCH_WEIGHTS,
    vector_field="search_vector",
    code_fields=("identifier",),
    snippet_field="summary",
    code=lambda o: o.identifier,
    title=lambda o: o.title,
    order=25,
)
