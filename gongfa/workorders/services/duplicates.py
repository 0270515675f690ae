"""Possible duplicates (疑似重复): the same requester or phone, similar text, within N days."""

from __future__ import annotations

import datetime
import itertools

from gongfa.accounts.models import User
from gongfa.core.crypto import blind_index
from gongfa.network.region_settings import DUPLICATE_WINDOW_DAYS
from gongfa.network.selectors import region_setting
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.selectors import visible_to

SIMILARITY_THRESHOLD = 0.35
MAX_CANDIDATES = 50


def _bigrams(text: str) -> set[str]:
    chars = [ch for ch in text if not ch.isspace()]
    return {a + b for a, b in itertools.pairwise(chars)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams (robust for Chinese without segmentation)."""
    left, right = _bigrams(a), _bigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def possible_duplicates(order: WorkOrder, viewer: User | None = None) -> list[tuple[WorkOrder, float]]:
    """Other orders from the same person within the window whose text is similar, best first.
    With a viewer, only orders that person may see (never leak others' orders)."""
    if order.requester_id is None and not order.contact_phone:
        return []
    days = region_setting(order.region, DUPLICATE_WINDOW_DAYS.key)
    since = order.created_at - datetime.timedelta(days=days)
    candidates = WorkOrder.objects.filter(
        created_at__gte=since, created_at__lte=order.created_at + datetime.timedelta(days=days)
    )
    if viewer is not None:
        candidates = candidates & visible_to(viewer)
    if order.requester_id is not None:
        candidates = candidates.filter(requester_id=order.requester_id)
    else:
        candidates = candidates.filter(contact_phone_hash=blind_index(order.contact_phone, "phone"))
    found = []
    for other in candidates.exclude(pk=order.pk).select_related("region").order_by("-created_at")[:MAX_CANDIDATES]:
        score = similarity(order.text, other.text)
        if score >= SIMILARITY_THRESHOLD:
            found.append((other, round(score, 2)))
    return sorted(found, key=lambda pair: -pair[1])
