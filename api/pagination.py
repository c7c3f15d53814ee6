"""Cursor (keyset) pagination: ``?limit=`` and ``?cursor=``, the cursor an
opaque token naming the last item of the previous page. Pages stay stable
while articles are published, and a page costs the same however deep it
is. A cursor the API did not make is a 400, never a 500."""

from __future__ import annotations

import base64
import binascii
import json

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.http import urlencode
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from .errors import BadParameter

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_CURSOR_LENGTH = 400
# Every query parameter the API reads (settings.PAGE_CACHE_QUERY_PARAMS names
# them too: they make the page cache's key).
QUERY_PARAMS = ("section", "tag", "author", "since", "until", "limit", "cursor")
# A live ticker's entries: the polling app's newest id, and the pages.
ENTRY_QUERY_PARAMS = ("after", "limit", "cursor")


def read_limit(request) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isascii() or not raw.isdigit() or len(raw) > 4 or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadParameter("limit")
    return int(raw)


class KeysetPagination(BasePagination):
    """Orders by ``ordering`` (unique as a whole; "-" for descending, all
    fields the same direction) and continues after the cursor's values."""

    ordering: tuple[str, ...] = ("slug",)
    # The parameters the next page's address carries (those the view reads).
    params: tuple[str, ...] = QUERY_PARAMS

    def __init__(self):
        self.descending = self.ordering[0].startswith("-")
        self.fields = [name.lstrip("-") for name in self.ordering]

    # --- the cursor ------------------------------------------------------------

    def _encode(self, item) -> str:
        # Datetimes as ISO 8601, which to_python reads back exactly.
        values = [getattr(item, name) for name in self.fields]
        values = [v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values]
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    def _decode(self, raw: str, model) -> list:
        try:
            if len(raw) > MAX_CURSOR_LENGTH or not raw.isascii():
                raise ValueError
            values = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
            if not isinstance(values, list) or len(values) != len(self.fields):
                raise ValueError
            if not all(isinstance(v, str) and len(v) <= 200 for v in values):
                raise ValueError
            parsed = []
            for name, value in zip(self.fields, values, strict=True):
                field = model._meta.get_field(name)
                python = field.to_python(value)
                if python is None or "\x00" in value:
                    raise ValueError
                field.run_validators(python)
                parsed.append(python)
            return parsed
        except (ValueError, TypeError, binascii.Error, ValidationError, OverflowError):
            raise BadParameter("cursor", "invalid_cursor") from None

    def _after(self, values) -> Q:
        """Rows after ``values`` in the order: (a, b) > (va, vb) spelled out."""
        op = "lt" if self.descending else "gt"
        condition = Q()
        for i in range(len(self.fields) - 1, -1, -1):
            step = Q(**{f"{self.fields[i]}__{op}": values[i]})
            step &= Q(**{self.fields[j]: values[j] for j in range(i)})
            condition |= step
        return condition

    # --- DRF's interface --------------------------------------------------------

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = read_limit(request)
        raw = request.query_params.get("cursor")
        queryset = queryset.order_by(*self.ordering)
        if raw is not None:
            queryset = queryset.filter(self._after(self._decode(raw, queryset.model)))
        rows = list(queryset[: self.limit + 1])
        self.has_next = len(rows) > self.limit
        rows = rows[: self.limit]
        self.next_cursor = self._encode(rows[-1]) if self.has_next else None
        return rows

    def get_next_link(self):
        """The next page's address: only the parameters the API reads (the
        response is cached and shared; ``?utm_…`` of whoever asked first
        must not end up in it)."""
        if self.next_cursor is None:
            return None
        query = [
            (name, self.request.query_params[name])
            for name in self.params
            if name != "cursor" and name in self.request.query_params
        ]
        query.append(("cursor", self.next_cursor))
        return self.request.build_absolute_uri(self.request.path + "?" + urlencode(query))

    def get_paginated_response(self, data):
        return Response(
            {"meta": {"limit": self.limit, "next": self.get_next_link()}, "items": data}
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["meta", "items"],
            "properties": {
                "meta": {
                    "type": "object",
                    "required": ["limit", "next"],
                    "properties": {
                        "limit": {"type": "integer"},
                        "next": {"type": "string", "format": "uri", "nullable": True},
                    },
                },
                "items": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": f"Items per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            },
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "The next page: copy it from meta.next.",
                "schema": {"type": "string"},
            },
        ]


class NewestFirst(KeysetPagination):
    ordering = ("-publish_at", "-id")


class BySlug(KeysetPagination):
    ordering = ("slug",)


class NewestEntryFirst(KeysetPagination):
    """A live ticker's entries in the order of its page and feed."""

    ordering = ("-created_at", "-id")
    params = ENTRY_QUERY_PARAMS
