"""The queue's pages: page numbers as before, without counting a million tickets per page.

DRF's page-number pagination runs ``SELECT COUNT(*)`` over everything the filters match on
every page, and on a queue of a million tickets that count costs more than the page itself.
Here a page fetches one row more than it shows (so ``next`` needs no count), the ids of a
page before its rows (so a deep page does not join the rows it skips), the count stops
at :data:`COUNT_LIMIT`, and the last page, or a first page that is not full, is counted from
its own rows without any count query:

- ``count`` is exact up to ``COUNT_LIMIT``; beyond it, it is ``COUNT_LIMIT`` and
  ``count_exact`` is false ("more than 10,000": narrow the filters);
- every page stays reachable (``next`` follows the rows, not the count); ``?page=last``
  counts exactly, as before.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

#: Matching rows counted at most; more are reported as this many with ``count_exact`` false.
COUNT_LIMIT = 10_000


def _page_rows(
    queryset: QuerySet[Any], offset: int, limit: int, columns: tuple[str, ...] | None = None
) -> list[Any]:
    """The rows ``offset`` to ``offset + limit`` of ``queryset``, in its order: their ids
    first (the filter's index, no joins, however deep the page), then those rows with their
    joined rows: instances, or with ``columns`` tuples of those values (the first one the
    pk). A deep page otherwise joins every row it skips."""
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
    if not ids:
        return []
    page = queryset.order_by().filter(pk__in=ids)
    if columns is None:
        found = {row.pk: row for row in page}
    else:
        found = {row[0]: row for row in page.values_list(*columns)}
    return [found[pk] for pk in ids if pk in found]


class QueuePagination(PageNumberPagination):
    template = None  # the browsable API shows no page links: there is no page count

    def paginate_queryset(  # type: ignore[override]
        self,
        queryset: QuerySet[Any],
        request: Request,
        view: Any = None,
        columns: tuple[str, ...] | None = None,
    ) -> list[Any] | None:
        """A page of ``queryset``'s rows: instances, or tuples of ``columns`` (see
        ``_page_rows``); the count and the ids read only what the filters join."""
        self.request = request
        self.url = request.build_absolute_uri()
        size = self.get_page_size(request)
        if not size:
            return None
        number = self._page_number(queryset, request, size)
        offset = (number - 1) * size
        rows = _page_rows(queryset, offset, size + 1, columns)
        if number > 1 and not rows:
            raise NotFound(self.invalid_page_message)
        self.number, self.has_next = number, len(rows) > size
        rows = rows[:size]
        if self.has_next:
            counted = queryset.order_by()[: COUNT_LIMIT + 1].count()
            self.count, self.count_exact = min(counted, COUNT_LIMIT), counted <= COUNT_LIMIT
        else:
            self.count, self.count_exact = offset + len(rows), True
        return rows

    def _page_number(self, queryset: QuerySet[Any], request: Request, size: int) -> int:
        raw = request.query_params.get(self.page_query_param) or "1"
        if raw in self.last_page_strings:
            return max(1, math.ceil(queryset.count() / size))
        try:
            number = int(raw)
        except ValueError:
            raise NotFound(self.invalid_page_message) from None
        if number < 1:
            raise NotFound(self.invalid_page_message)
        return number

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "count_exact": self.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        return replace_query_param(self.url, self.page_query_param, self.number + 1)

    def get_previous_link(self) -> str | None:
        if self.number <= 1:
            return None
        if self.number == 2:
            return remove_query_param(self.url, self.page_query_param)
        return replace_query_param(self.url, self.page_query_param, self.number - 1)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        properties = described["properties"]
        properties["count"]["description"] = (
            f"Matching tickets, exact up to {COUNT_LIMIT}; when more match, {COUNT_LIMIT} "
            "and count_exact is false."
        )
        properties = {
            "count": properties["count"],
            "count_exact": {
                "type": "boolean",
                "description": "False when more tickets match than are counted "
                "(narrow the filters); every page stays reachable through next.",
            },
            **{k: v for k, v in properties.items() if k != "count"},
        }
        described["properties"] = properties
        described["required"] = ["count", "count_exact", "results"]
        return described
