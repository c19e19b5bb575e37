from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from core.api.collector import collector_paused
from core.api.querysets import shown_rows


class BoundedPageNumberPagination(PageNumberPagination):
    """`?page_size=` up to 200; a malformed or out-of-range page size is a 400, not a silent
    fallback, so a tool that asked for 1000 rows learns it did not get them."""

    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = "Number of results per page (1–200, default 50)."

    def paginate_queryset(self, queryset, request, view=None):
        # A page is only shown, never saved: its records are built the light way.
        if isinstance(queryset, QuerySet):
            queryset = shown_rows(queryset)
        with collector_paused():
            return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            value = int(raw)
        except ValueError:
            raise ValidationError({"page_size": [_("A whole number is required.")]}) from None
        if not 1 <= value <= self.max_page_size:
            raise ValidationError(
                {"page_size": [_("Must be between 1 and %(most)d.") % {"most": self.max_page_size}]}
            )
        return value

    def get_schema_operation_parameters(self, view) -> list[dict]:
        # The bounds get_page_size() enforces, so a client knows them before it is refused.
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
