"""The topic mix names every code the facts carry in their topic dimension: the work orders' topics
and mediation's dispute categories (each app registers its own names)."""

from __future__ import annotations

import pytest

from gongfa.mediation.models import DisputeCategory
from gongfa.performance.dashboard import _labeller
from gongfa.performance.registry import topic_labels
from gongfa.workorders.models import Topic

pytestmark = pytest.mark.django_db


def test_work_order_topics_and_dispute_categories_are_named() -> None:
    names = topic_labels()
    topic = Topic.objects.order_by("pk").first()
    assert topic is not None and names[topic.code] == topic.name
    assert names["neighbour"] == DisputeCategory.objects.get(code="neighbour").name == "邻里"
    label = _labeller("topic", {})
    assert label("neighbour") == "邻里" and label("no_such_code") == "no_such_code"


def test_a_code_both_use_keeps_the_work_order_topics_name() -> None:
    shared = set(Topic.objects.values_list("code", flat=True)) & set(
        DisputeCategory.objects.values_list("code", flat=True)
    )
    assert shared  # e.g. labour, contract
    names = topic_labels()
    for code in shared:
        assert names[code] == Topic.objects.get(code=code).name
