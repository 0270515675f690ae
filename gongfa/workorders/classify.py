"""Topic classification for triage (分类). The default is a keyword table kept on the Topic rows,
which staff can edit; issue #4's trained classifier plugs in through settings.TOPIC_CLASSIFIER
(a dotted path to a callable with the same signature)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from gongfa.workorders.models import Topic

FALLBACK_TOPIC_CODE = "other"


@dataclass(frozen=True)
class TopicGuess:
    topic: Topic | None
    confidence: float
    reason: str


def keyword_classifier(text: str) -> TopicGuess:
    """Score each active topic by the keywords found in the text; the best one wins."""
    best: tuple[int, Topic] | None = None
    hits: list[str] = []
    for topic in Topic.objects.filter(is_active=True).order_by("sort_order", "pk"):
        found = [word for word in topic.keyword_list() if word in text]
        if found and (best is None or len(found) > best[0]):
            best, hits = (len(found), topic), found
    if best is None:
        fallback = Topic.objects.filter(code=FALLBACK_TOPIC_CODE).first()
        return TopicGuess(fallback, 0.0, "未匹配到关键词，归入“其他”")
    count, topic = best
    return TopicGuess(topic, min(0.9, 0.4 + 0.15 * count), f"关键词：{'、'.join(hits[:5])}")


def classify_topic(text: str) -> TopicGuess:
    path = getattr(settings, "TOPIC_CLASSIFIER", "")
    if path:
        classifier = import_string(path)
        guess: TopicGuess = classifier(text)
        return guess
    return keyword_classifier(text)
