"""What search looks for in this app (registered in `LiaisonsConfig.ready()`)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.search import Kind

from .models import LiaisonStatement

STATEMENTS = Kind(
    key="liaisons",
    label=_("Liaison statements"),
    queryset=lambda: LiaisonStatement.objects.select_related("document"),
    weighted=LiaisonStatement.SEARCH_WEIGHTS,
    vector_field="search_vector",
    code_fields=("code", "reference", "document__number"),
    snippet_field="summary",
    code=lambda o: o.display_code,
    title=lambda o: o.title or gettext("(title not stated)"),
    order=50,
)
