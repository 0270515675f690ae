"""Full-text search over work orders (工单检索), Chinese segmented.

The text is segmented with rjieba at write time into `search_text` (space-separated tokens, in
search mode so that 劳动争议仲裁 also yields 劳动 / 争议 / 仲裁). On PostgreSQL a GIN index over
to_tsvector('simple', search_text) answers queries; on SQLite every query token must appear.
Searches run on an already region-scoped queryset (selectors.visible_to), never on all orders.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Lookup, Q, TextField
from django.db.models.sql.compiler import SQLCompiler

from gongfa.core.segment import segment
from gongfa.workorders.models import WorkOrder, WorkOrderQuerySet

MAX_QUERY_TOKENS = 12


def build_search_text(order: WorkOrder) -> str:
    parts = [order.text, order.tracking_number, order.contact_name, order.external_ref]
    tokens = segment(" ".join(p for p in parts if p))
    # The tracking number also as one token, so GF20261124-00123 finds the order exactly.
    tokens.append(order.tracking_number.lower())
    return " ".join(dict.fromkeys(tokens))


@TextField.register_lookup
class TsMatch(Lookup):
    """search_text__tsmatch="…": PostgreSQL full-text match using the GIN expression index."""

    lookup_name = "tsmatch"

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"to_tsvector('simple', {lhs}) @@ plainto_tsquery('simple', {rhs})", [*lhs_params, *rhs_params]


def search_orders(queryset: WorkOrderQuerySet, query: str) -> WorkOrderQuerySet:
    tokens = list(dict.fromkeys(segment(query)))[:MAX_QUERY_TOKENS]
    if not tokens:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(search_text__tsmatch=" ".join(tokens))
    condition = Q()
    for token in tokens:
        condition &= Q(search_text__contains=token)
    return queryset.filter(condition)
