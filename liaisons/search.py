"""What search looks for in this app (registered in `LiaisonsConfig.ready()`)."""

from core.search import Kind

from .models import LiaisonStatement

STATEMENTS = Kind(
    key="liaisons",
    label="Liaison statements",
    queryset=lambda: LiaisonStatement.objects.select_related("document"),
    weighted=LiaisonStatement.SEARCH_WEIGHTS,
    vector_field="search_vector",
    code_fields=("code", "reference", "document__number"),
    snippet_field="summary",
    code=lambda o: o.display_code,
    title=lambda o: o.title or "(title not stated)",
    order=50,
)
