"""Topic classification for triage (分类). The default is a keyword table kept on the Topic rows,
which staff can edit; issue #4's trained classifier plugs in through settings.TOPIC_CLASSIFIER
(a dotted path to a callable with the same signature)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from gongfa.core.refcache import reference
from gongfa.workorders.models import Topic

FALLBACK_TOPIC_CODE = "other"


@reference("workorders.topics", models=("workorders.Topic",))
def _topics() -> tuple[tuple[Topic, ...], dict[str, Topic]]:
    everything = list(Topic.objects.order_by("sort_order", "pk"))
    return tuple(t for t in everything if t.is_active), {t.code: t for t in everything}


def active_topics() -> tuple[Topic, ...]:
    """The active topics in display order, kept per process (gongfa.core.refcache): read-only."""
    return _topics()[0]


def topic_by_code(code: str, *, active_only: bool = True) -> Topic | None:
    """The topic with this code (None when unknown, or inactive with active_only), from the cache."""
    topic = _topics()[1].get(code)
    if topic is None or (active_only and not topic.is_active):
        return None
    return topic


def fallback_topic() -> Topic | None:
    """The topic a request gets when nothing better is found (其他), even when inactive."""
    return topic_by_code(FALLBACK_TOPIC_CODE, active_only=False)


@dataclass(frozen=True)
class TopicGuess:
    topic: Topic | None
    confidence: float
    reason: str


def keyword_classifier(text: str) -> TopicGuess:
    """Score each active topic by the keywords found in the text; the best one wins."""
    best: tuple[int, Topic] | None = None
    hits: list[str] = []
    for topic in active_topics():
        found = [word for word in topic.keyword_list() if word in text]
        if found and (best is None or len(found) > best[0]):
            best, hits = (len(found), topic), found
    if best is None:
        return TopicGuess(fallback_topic(), 0.0, "未匹配到关键词，归入“其他”")
    count, topic = best
    return TopicGuess(topic, min(0.9, 0.4 + 0.15 * count), f"关键词：{'、'.join(hits[:5])}")


def classify_topic(text: str) -> TopicGuess:
    path = getattr(settings, "TOPIC_CLASSIFIER", "")
    if path:
        classifier = import_string(path)
        guess: TopicGuess = classifier(text)
        return guess
    return keyword_classifier(text)
