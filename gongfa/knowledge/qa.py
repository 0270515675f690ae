"""Intelligent Q&A (智能问答): one question in, a short answer with exact citations out.

The answer comes from a strong FAQ match when there is one, else from the articles the statute
search ranks first (the passage that matches the question highlighted), optionally redrafted in
plain language by a language model whose citations are vetted (knowledge.generation). Every
question is logged (QuestionLog), whatever the channel: the log feeds demand analysis (需求研判),
and is what a hand-over to a person (转人工) attaches to the new work order.

First do no harm: a question that signals danger (knowledge.safety) carries emergency guidance,
which every channel shows before the legal answer, and its hand-over is urgent.
"""

from __future__ import annotations

import datetime
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.core.i18n import in_site_language
from gongfa.core.segment import segment
from gongfa.knowledge import english, generation, safety
from gongfa.knowledge.amounts import amount_note
from gongfa.knowledge.choices import AnswerSource, CitationVerdict, ReviewPriority
from gongfa.knowledge.faq import STRONG_MATCH, search_faq
from gongfa.knowledge.models import Article, FaqEntry, LawVersion, QuestionLog
from gongfa.knowledge.ranking import rank_articles
from gongfa.knowledge.safety import Safety
from gongfa.knowledge.search import DATA, STOPWORDS, get_index

if TYPE_CHECKING:
    from gongfa.accounts.models import User
    from gongfa.network.models import Region
    from gongfa.workorders.classify import TopicGuess
    from gongfa.workorders.models import Topic, WorkOrder

ARTICLES_SHOWN = 5
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[。；;！？\n])")


def clean_question(text: str | None) -> str:
    """The question to answer, or a DomainError saying exactly what is wrong with it."""
    question = (text or "").strip()
    if not question:
        raise DomainError("请输入您要咨询的问题。", code="question_required", field="question")
    limit = settings.QA_MAX_CHARS
    if len(question) > limit:
        raise DomainError(
            f"问题不能超过 {limit} 个字（现在 {len(question)} 个字），请简要描述主要情况。",
            code="question_too_long",
            field="question",
        )
    if not _LETTER_OR_DIGIT.search(question):
        raise DomainError(
            "问题不能只有标点符号，请用文字描述您遇到的情况。", code="question_no_words", field="question"
        )
    if not english.has_han(question) and not english.is_english(question):
        raise DomainError(
            "目前只能回答用中文描述的问题，请用中文描述您遇到的情况，或拨打 12348 热线。",
            code="question_not_chinese",
            field="question",
        )
    return question


@dataclass(frozen=True)
class Citation:
    """One article the answer rests on, with the version it was read from."""

    article_id: int
    law_name: str
    law_short_name: str
    label: str
    text: str
    passage: str  # the sentence(s) that match the question best
    highlights: tuple[tuple[int, int], ...]  # [start, end) offsets of question words in the passage
    status: str  # 现行有效 …
    version_id: int
    version_date: str
    score: float

    @property
    def citation(self) -> str:
        return f"《{self.law_short_name or self.law_name}》{self.label}"

    def passage_segments(self) -> list[tuple[str, bool]]:
        """The passage cut into (text, is_match) pieces, for templates that mark the matches."""
        pieces: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.highlights:
            if start > at:
                pieces.append((self.passage[at:start], False))
            pieces.append((self.passage[start:end], True))
            at = end
        if at < len(self.passage):
            pieces.append((self.passage[at:], False))
        return pieces

    def as_log(self) -> dict[str, Any]:
        return {"article": self.article_id, "version": self.version_id, "cited": self.citation, "score": self.score}


@dataclass(frozen=True)
class Suggestion:
    """A service that fits the question (推荐服务), with the reason and the law behind it."""

    code: str  # catalog.ServiceType.code; "" for a body outside the catalogue
    name: str
    reason: str
    basis: str


@dataclass
class Answer:
    question: str
    short_answer: str
    source: AnswerSource
    citations: list[Citation]
    topic: Topic | None
    topic_confidence: float
    topic_reason: str
    confidence: float
    suggestions: list[Suggestion]
    log: QuestionLog
    faq_entry: FaqEntry | None = None
    removed_citations: list[str] = field(default_factory=list)  # dropped from a generated draft
    safety: Safety | None = None  # emergency guidance, shown before everything else
    amount_note: str = ""  # where the amount asked for comes from (knowledge.amounts), also in short_answer
    language: str = "zh"  # "en": an English question, answered in English (knowledge.english)

    @property
    def low_confidence(self) -> bool:
        return self.log.low_confidence


# Amounts and durations (三个月, 两万块): facts of the case, not words a statute would share.
_QUANTITY = re.compile(r"^[0-9一二三四五六七八九十百千万亿两几半多]*[个月年天日次块元岁周号]*$")


def question_words(question: str) -> list[str]:
    """The content words of a question (no stopwords, single characters or quantities), for
    coverage and highlighting."""
    seen: dict[str, None] = {}
    for word in segment(question):
        if len(word) >= 2 and word not in STOPWORDS and _HAN.search(word) and not _QUANTITY.match(word):
            seen.setdefault(word, None)
    return list(seen)


def best_passage(text: str, words: list[str], max_chars: int = 300) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The sentence of an article richest in the question's words, and where those words are in it.
    Short articles are shown whole."""
    if len(text) <= max_chars:
        passage = text
    else:
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        passage = max(sentences, key=lambda s: (sum(1 for w in words if w in s), -sentences.index(s)))
        if len(passage) > max_chars * 2:
            passage = passage[: max_chars * 2] + "……"
    marks: list[tuple[int, int]] = []
    for word in sorted(words, key=len, reverse=True):
        for found in re.finditer(re.escape(word), passage):
            span = (found.start(), found.end())
            if not any(s < span[1] and span[0] < e for s, e in marks):
                marks.append(span)
    return passage.strip(), tuple(sorted(marks))


def coverage(words: list[str], texts: list[str], vocabulary: dict[str, list[str]] | None = None) -> float:
    """Share of the question's content words found in the given texts (0 when it has none). A
    colloquial word counts when the statute term it stands for is there (老板 → 用人单位)."""
    if not words:
        return 0.0
    joined = "\n".join(texts)
    vocabulary = vocabulary or {}

    def found(word: str) -> bool:
        if word in joined:
            return True
        terms = [t for colloquial, ts in vocabulary.items() if colloquial in word or word in colloquial for t in ts]
        return any(term in joined for term in terms)

    return sum(1 for w in words if found(w)) / len(words)


def retrieve_citations(question: str, limit: int = ARTICLES_SHOWN) -> list[Citation]:
    """The articles that answer `question`, best first: the statute search fused with the question
    memory and re-ranked when a re-ranker is set (gongfa.knowledge.ranking)."""
    hits = rank_articles(question, limit).hits
    if not hits:
        return []
    articles = Article.objects.select_related("version__law").in_bulk([pk for pk, _ in hits])
    words = question_words(question)
    found: list[Citation] = []
    for pk, score in hits:
        article = articles.get(pk)
        if article is None:  # the index is a minute behind a re-import
            continue
        found.append(citation_of(article, words, score))
    return found


def citation_of(article: Article, words: list[str], score: float = 0.0) -> Citation:
    version: LawVersion = article.version
    law = version.law
    passage, marks = best_passage(article.text, words)
    in_force = law.current_version_id == version.pk
    status = CitationVerdict.CURRENT.label if in_force else CitationVerdict.HISTORICAL.label
    day = version.version_date or version.effective_date or version.publish_date
    return Citation(
        article_id=article.pk,
        law_name=law.name,
        law_short_name=law.short_name,
        label=article.label,
        text=article.text,
        passage=passage,
        highlights=marks,
        status=str(status),
        version_id=version.pk,
        version_date=day.isoformat() if day else "",
        score=round(score, 4),
    )


@cache
def suggestion_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = json.loads((DATA / "service_suggestions.json").read_text(encoding="utf-8"))["rules"]
    return rules


def suggest_services(question: str, topic_code: str | None) -> list[Suggestion]:
    """Catalogue services (and outside bodies) that fit, each once, with every reason that fired."""
    from gongfa.catalog.models import ServiceType

    fired: dict[str, list[dict[str, Any]]] = {}
    for rule in suggestion_rules():
        cues = rule.get("cues") or []
        hit = any(cue in question for cue in cues) if cues else topic_code in (rule.get("topics") or [])
        if hit:
            fired.setdefault(rule["service"] or rule["name"], []).append(rule)
    if not fired:
        fired["consultation"] = []
    names = dict(ServiceType.objects.active().filter(code__in=list(fired)).values_list("code", "name"))
    suggestions: list[Suggestion] = []
    for key, rules in fired.items():
        is_catalogue = bool(rules[0]["service"]) if rules else True
        if is_catalogue and key not in names:
            continue  # switched off in this deployment's catalogue
        reasons = list(dict.fromkeys(r["reason"] for r in rules)) or ["可以向公共法律服务中心咨询，值班律师免费解答。"]
        basis = merge_bases(r["basis"] for r in rules if r["basis"])
        suggestions.append(
            Suggestion(code=key if is_catalogue else "", name=names.get(key, key), reason="".join(reasons), basis=basis)
        )
    return suggestions


_BASIS_PART = re.compile(r"^《([^》]+)》(.+)$")


def merge_bases(bases: Iterable[str]) -> str:
    """Several rules' legal bases as one line, each article once, in first-seen order, one entry
    per law: 《法律援助法》第三十一条、第四十二条 and 《法律援助法》第三十一条 give
    《法律援助法》第三十一条、第四十二条. A part that names no law is kept as written (once)."""
    laws: dict[str, dict[str, None]] = {}
    for basis in bases:
        for part in (p.strip() for p in re.split(r"[；;]", basis)):
            if not part:
                continue
            found = _BASIS_PART.match(part)
            if found is None:
                laws.setdefault(part, {})
                continue
            articles = laws.setdefault(f"《{found.group(1)}》", {})
            for article in (a.strip() for a in found.group(2).split("、")):
                if article:
                    articles.setdefault(article, None)
    return "；".join(law + "、".join(articles) for law, articles in laws.items())


def english_answer(text: str, *, channel: str, region: Region | None, user: User | None) -> Answer:
    """An English question: not searched (the corpus and the search are Chinese); an English
    explanation of what the Q&A covers and how to reach a person, logged like any question."""
    log = QuestionLog.objects.create(
        question=text,
        channel=channel,
        region=region,
        asked_by=user if user is not None and user.is_authenticated else None,
        confidence=0.0,
        low_confidence=True,
        answer_source=AnswerSource.NONE,
        answer=english.ENGLISH_REPLY,
        citations=[],
        review_priority=ReviewPriority.LOW_CONFIDENCE,
    )
    return Answer(
        question=text,
        short_answer=english.ENGLISH_REPLY,
        source=AnswerSource.NONE,
        citations=[],
        topic=None,
        topic_confidence=0.0,
        topic_reason="",
        confidence=0.0,
        suggestions=[],
        log=log,
        language="en",
    )


def articles_answer(citations: list[Citation]) -> str:
    if not citations:
        return "没有找到与您的问题直接相关的法律规定。建议您转人工咨询，或拨打 12348 公共法律服务热线。"
    first = citations[0]
    others = "、".join(c.citation for c in citations[1:3])
    more = f"另可参考{others}。" if others else ""
    return (
        f"与您的问题最相关的规定是{first.citation}：“{first.passage}”{more}以上为法律规定原文，具体情况可转人工咨询。"
    )


def ask(
    question: str | None,
    *,
    channel: str = Channel.PORTAL,
    region: Region | None = None,
    user: User | None = None,
) -> Answer:
    """Answer a question and log it (智能问答)."""
    from gongfa.workorders.classify import classify_topic

    text = clean_question(question)
    if english.is_english(text):
        return english_answer(text, channel=channel, region=region, user=user)
    started = time.perf_counter()
    danger = safety.assess(text)
    guess: TopicGuess = classify_topic(text)
    topic = guess.topic
    citations = retrieve_citations(text)
    words = question_words(text)
    faq_entry = None
    matches = search_faq(text, limit=1)
    removed: list[str] = []
    if matches and matches[0].score >= STRONG_MATCH:
        faq_entry = matches[0].entry
        source = AnswerSource.FAQ
        short = faq_entry.answer
        linked = list(faq_entry.articles.select_related("version__law"))
        citations = [citation_of(a, words) for a in linked] + [
            c for c in citations if c.article_id not in {a.pk for a in linked}
        ]
        citations = citations[:ARTICLES_SHOWN]
        confidence = matches[0].score
        if topic is None and faq_entry.topic is not None:
            topic = faq_entry.topic
    else:
        source = AnswerSource.ARTICLES if citations else AnswerSource.NONE
        short = articles_answer(citations)
        texts = [c.text for c in citations[:3]]
        confidence = round(coverage(words, texts, get_index().words), 3) if citations else 0.0
        if citations and generation.is_enabled():
            draft = generation.draft_answer(text, citations)
            if draft is not None:
                short, removed = draft.text, draft.removed
                source = AnswerSource.GENERATED
    note = amount_note(text, citations, faq_entry, words)
    if note:
        short = f"{short}\n\n{note}"
    confidence = round(float(confidence), 3)
    suggestions = suggest_services(text, topic.code if topic is not None else None)
    log = QuestionLog(
        question=text,
        channel=channel,
        region=region,
        asked_by=user if user is not None and user.is_authenticated else None,
        topic=topic,
        confidence=confidence,
        low_confidence=confidence < settings.QA_LOW_CONFIDENCE,
        answer_source=source,
        answer=short,
        citations=[c.as_log() for c in citations],
        faq_entry=faq_entry,
        latency_ms=int((time.perf_counter() - started) * 1000),
        safety_kinds=list(danger.kinds) if danger is not None else [],
    )
    log.review_priority = log.review_priority_now()
    log.save(force_insert=True)
    return Answer(
        question=text,
        short_answer=short,
        source=source,
        citations=citations,
        topic=topic,
        topic_confidence=guess.confidence,
        topic_reason=guess.reason,
        confidence=confidence,
        suggestions=suggestions,
        log=log,
        faq_entry=faq_entry,
        removed_citations=removed,
        safety=danger,
        amount_note=note,
    )


def safety_of(log: QuestionLog) -> Safety | None:
    """The danger recorded when the question was asked (the cue list may have changed since), or
    what the question signals by today's list."""
    kinds = [k for k in log.safety_kinds if k in safety.HOTLINES]
    if kinds:
        return safety.for_kinds(kinds)
    return safety.assess(log.question)


# The markers of a hand-over text; portal.views splits the citizen's words from the rest by them.
SAFETY_MARK = "【安全风险："
QA_ANSWER_MARK = "\n\n【智能问答已答复"


@in_site_language
def handover_text(log: QuestionLog, note: str = "") -> str:
    """The work order's text: the question, what the asker added, and what the Q&A answered."""
    cited = "、".join(c.get("cited", "") for c in log.citations[:3] if c.get("cited"))
    parts = [log.question.strip()]
    danger = safety_of(log)
    if danger is not None:
        parts.insert(0, f"{SAFETY_MARK}{'、'.join(danger.kind_labels)}】已提示群众紧急求助电话，请优先联系。")
    if note.strip():
        parts.append(f"补充说明：{note.strip()}")
    parts.append(f"【智能问答已答复（{log.get_answer_source_display()}）】{log.answer.strip()[:600]}")
    if cited:
        parts.append(f"【引用法条】{cited}")
    return "\n\n".join(parts)


def hand_over(
    log: QuestionLog, *, requester: User, village: Region, note: str = "", asked_in_this_session: bool = False
) -> WorkOrder:
    """转人工: the asker wants a person. Creates a work order carrying the question and the answer
    given, and links it from the log. A question is handed over once, by whoever asked it: the
    account that asked, or (for a question asked before signing in) the browser session that
    asked, which the portal vouches for with asked_in_this_session. A question that signalled
    danger becomes an urgent order whose triage names the danger."""
    from gongfa.workorders import services as workorder_services
    from gongfa.workorders.choices import Urgency

    own = log.asked_by_id == requester.pk or (log.asked_by_id is None and asked_in_this_session)
    if not own:
        raise NotPermitted("只能为自己的提问转人工（请登录后提问）。")
    with transaction.atomic():
        locked = QuestionLog.objects.select_for_update().get(pk=log.pk)
        if locked.work_order_id is not None:
            raise DomainError("这个问题已经转人工，请在“我的事项”中查看办理进度。", code="already_handed_over")
        danger = safety_of(locked)
        order = workorder_services.submit_question(
            requester=requester,
            village=village,
            text=handover_text(locked, note),
            urgency=Urgency.URGENT if danger is not None else Urgency.NORMAL,
            triage_note=danger.triage_note() if danger is not None else "",
        )
        locked.work_order = order
        locked.asked_by = requester
        locked.region = village
        locked.review_priority = locked.review_priority_now()  # a hand-over moves up the verification queue
        locked.save(update_fields=["work_order", "asked_by", "region", "review_priority"])
    log.refresh_from_db()
    return order


@dataclass(frozen=True)
class DemandRow:
    key: str
    name: str
    low: int
    total: int
    anonymous: int = 0  # asked without signing in


@dataclass(frozen=True)
class DemandSummary:
    """需求研判 over a period: every question asked, by topic, by county and by channel."""

    topics: list[DemandRow]
    regions: list[DemandRow]
    channels: list[DemandRow]

    @property
    def total(self) -> int:
        return sum(r.total for r in self.channels)

    @property
    def low(self) -> int:
        return sum(r.low for r in self.channels)


UNKNOWN_REGION = "未注明地区"


def demand_summary(start: datetime.date, end: datetime.date, region_filter: Q | None = None) -> DemandSummary:
    """需求研判: every question asked between two days (inclusive), whatever the channel and whether
    or not the asker signed in, counted by topic, by county (the first 6 digits of the code) and by
    channel, with the low-confidence ones as their own column; most low-confidence first.

    A supervisor's scope (region_filter over region__code) keeps the questions of their region
    and also those whose place is unknown (anonymous or API questions without a region): they
    were asked of this platform and would otherwise be counted by nobody below the top."""
    from gongfa.network.models import Region

    # A range on the timestamp itself (not created_at__date), so the index on it serves.
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    logs = QuestionLog.objects.filter(created_at__gte=since, created_at__lt=until)
    if region_filter is not None:
        logs = logs.filter(region_filter | Q(region__isnull=True))
    counts = {
        "total": Count("pk"),
        "low": Count("pk", filter=Q(low_confidence=True)),
        "anonymous": Count("pk", filter=Q(asked_by__isnull=True)),
    }

    def ranked(rows: Iterable[DemandRow]) -> list[DemandRow]:
        return sorted(rows, key=lambda r: (-r.low, -r.total, r.key))

    topics = ranked(
        DemandRow(row["topic__code"] or "", row["topic__name"] or "未分类", row["low"], row["total"], row["anonymous"])
        for row in logs.values("topic__code", "topic__name").annotate(**counts)
    )
    by_county = list(logs.annotate(county=Substr("region__code", 1, 6)).values("county").annotate(**counts))
    names = dict(
        Region.objects.filter(code__in=[row["county"] + "000000" for row in by_county if row["county"]]).values_list(
            "code", "name"
        )
    )
    regions = ranked(
        DemandRow(
            row["county"] or "",
            names.get((row["county"] or "") + "000000", UNKNOWN_REGION),
            row["low"],
            row["total"],
            row["anonymous"],
        )
        for row in by_county
    )
    labels = dict(Channel.choices)
    channels = ranked(
        DemandRow(
            row["channel"], str(labels.get(row["channel"], row["channel"])), row["low"], row["total"], row["anonymous"]
        )
        for row in logs.values("channel").annotate(**counts)
    )
    return DemandSummary(topics, regions, channels)


def purge_question_logs(now: datetime.datetime | None = None) -> int:
    """Delete question logs older than settings.QA_LOG_KEEP_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.QA_LOG_KEEP_DAYS)
    deleted, _ = QuestionLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted
