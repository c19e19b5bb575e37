"""`/api/v1/changes/`: what was created, changed and deleted, in order, from a cursor."""

from __future__ import annotations

from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import AutoSchema

from ..changes import BadCursor, changes_after, encode_cursor
from .serializers import (
    CURSOR_PATTERN,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ChangeFeedQuery,
    ChangePageSerializer,
    ChangeSerializer,
)


class ChangeFeedSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        # The cursor and page size are validated.
        return sorted({*super()._error_codes(), "400"})


class ChangeFeedView(APIView):
    schema = ChangeFeedSchema()
    query_parameters = ("since", "page_size")

    @extend_schema(
        summary="Changes since a cursor",
        description=_(
            "Every created, updated and deleted record of the API's kinds, oldest "
            "first. Keep the page's `cursor` and ask again with `?since=` to read only what came "
            "after: nothing is skipped or given twice, even for changes made at the same moment "
            "or committed out of order (a change shows once every transaction begun before it "
            "has ended)."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                {"type": "string", "pattern": CURSOR_PATTERN, "maxLength": 64},
                description=ChangeFeedQuery().fields["since"].help_text,
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=ChangeFeedQuery().fields["page_size"].help_text,
            ),
        ],
        responses={200: ChangePageSerializer},
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - set(self.query_parameters))
        if unknown:
            message = gettext("Unknown parameter; this endpoint knows: page_size, since.")
            raise ValidationError({name: [message] for name in unknown})
        query = ChangeFeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        since = query.validated_data.get("since") or None
        size = query.validated_data.get("page_size", DEFAULT_PAGE_SIZE)
        try:
            rows = list(changes_after(since).select_related("user__person")[: size + 1])
        except BadCursor as error:
            raise ValidationError({"since": [str(error)]}) from None
        more = len(rows) > size
        rows = rows[:size]
        cursor = encode_cursor(rows[-1]) if rows else since
        next_url = None
        if more:
            params = {
                "since": cursor,
                **({"page_size": size} if "page_size" in request.query_params else {}),
            }
            next_url = request.build_absolute_uri(request.path + "?" + urlencode(params))
        data = {
            "results": ChangeSerializer(rows, many=True, context={"request": request}).data,
            "cursor": cursor,
            "more": more,
            "next": next_url,
        }
        return Response(data)
