"""Staff verification of logged questions (问题核实), part of demand analysis (需求研判).

Staff read what citizens asked and what the Q&A answered, most pressing first (low confidence,
handed over to a person, marked unhelpful), and confirm or correct the articles and the topic, or
mark the question "not a legal question". A verified question is kept de-identified apart from
the raw log, outlives the log's purge, and (when legal and active) feeds the question memory
(gongfa.knowledge.recall). Every verification and retirement is an audited event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems
from gongfa.knowledge.choices import QuestionVerdict
from gongfa.knowledge.deidentify import PLACEHOLDER, deidentify, personal_data_in
from gongfa.knowledge.faq import ArticleResolver
from gongfa.knowledge.models import Article, QuestionLog, VerifiedQuestion
from gongfa.knowledge.recall import forget_memory

if TYPE_CHECKING:
    from gongfa.accounts.models import User
    from gongfa.workorders.models import Topic

MAX_ARTICLES = 10
TEXT_MAX_CHARS = VerifiedQuestion._meta.get_field("text").max_length or 2000
FEEDBACK_SALT = "gongfa.knowledge.feedback"
FEEDBACK_MAX_AGE = 7 * 24 * 3600  # a week: the answer page may stay open, a link should not live on

_KIND_WORDS = {
    "id_number": "身份证号",
    "bank_card": "银行卡号",
    "phone": "电话号码",
    "email": "邮箱",
    "address": "详细地址",
    "name": "姓名",
}


def verification_queue(region_filter: Q | None = None) -> QuerySet[QuestionLog]:
    """Logged questions no one has verified yet, most pressing first, newest first within
    (served by the knowledge_qlog_review_queue index)."""
    queue = QuestionLog.objects.filter(verified=False)
    if region_filter is not None:
        queue = queue.filter(region_filter)
    return queue.select_related("topic", "region").order_by("review_priority", "-created_at")


def proposed_text(log: QuestionLog) -> str:
    """The log's question with the personal data the patterns find replaced: staff start here."""
    return deidentify(log.question)[:TEXT_MAX_CHARS]


def answered_article_ids(log: QuestionLog) -> list[int]:
    # The Q&A logs each citation as Citation.as_log() writes it: {"article": id, "version": …}.
    ids = (c.get("article") or c.get("article_id") for c in log.citations or [] if isinstance(c, dict))
    return [int(pk) for pk in ids if pk]


def _articles(article_ids: Sequence[int], citations: str, problems: Problems) -> list[Article]:
    chosen: list[Article] = []
    if article_ids:
        found = Article.objects.select_related("version__law").in_bulk(list(article_ids))
        current = set(Article.objects.current().filter(pk__in=list(article_ids)).values_list("pk", flat=True))
        for pk in article_ids:
            article = found.get(pk)
            if article is None:
                problems.add(
                    "articles", gettext("所选条文（编号 {pk}）不存在。").format(pk=pk), code="article_not_found"
                )
            elif pk not in current:
                problems.add(
                    "articles",
                    gettext("{cited}不是现行有效的条文，请改选现行条文。").format(cited=article.citation),
                    code="article_not_in_force",
                )
            elif article not in chosen:
                chosen.append(article)
    if citations.strip():
        resolved, errors = ArticleResolver().resolve(citations)
        for error in errors:
            problems.add("citations", error, code="citation_invalid")
        chosen.extend(a for a in resolved if a not in chosen)
    return chosen


def do_verify_question(
    *,
    log: QuestionLog,
    actor: User,
    text: str,
    verdict: str,
    article_ids: Sequence[int] = (),
    citations: str = "",
    topic: Topic | None = None,
    channel: str = Channel.WORKBENCH,
) -> VerifiedQuestion:
    """Verify one logged question. Every problem is reported at once and nothing changes; a
    question already verified (by someone else a moment ago) is refused, never verified twice."""
    problems = Problems()
    text = " ".join((text or "").split())
    if not text:
        problems.add("text", gettext("请填写去标识后的问题。"), code="required")
    elif len(text) > TEXT_MAX_CHARS:
        problems.add("text", gettext("问题不能超过 {n} 个字。").format(n=TEXT_MAX_CHARS), code="too_long")
    else:
        left = personal_data_in(text)
        if left:
            problems.add(
                "text",
                gettext("问题中仍有个人信息（{kinds}），请替换为“{example}”这样的占位词。").format(
                    kinds="、".join(_KIND_WORDS[k] for k in left), example=PLACEHOLDER[left[0]]
                ),
                code="personal_data",
            )
    if verdict not in QuestionVerdict.values:
        problems.add("verdict", gettext("请选择核实结论。"), code="required")
    articles = _articles(article_ids, citations, problems)
    if (
        verdict == QuestionVerdict.LEGAL
        and not articles
        and not problems.has("citations")
        and not problems.has("articles")
    ):
        problems.add("articles", gettext("法律问题须至少选定一条依据法条。"), code="required")
    if verdict == QuestionVerdict.NOT_LEGAL and articles:
        problems.add("articles", gettext("已标为非法律问题，不应再选依据法条。"), code="not_legal_with_articles")
    if len(articles) > MAX_ARTICLES:
        problems.add("articles", gettext("依据法条最多 {n} 条。").format(n=MAX_ARTICLES), code="too_many")
    if topic is not None and not topic.is_active:
        problems.add("topic", gettext("类别“{name}”已停用。").format(name=topic.name), code="topic_inactive")
    problems.raise_if_any()
    with transaction.atomic():
        locked = QuestionLog.objects.select_for_update().get(pk=log.pk)
        if locked.verified:
            earlier = VerifiedQuestion.objects.filter(question_log=locked).select_related("verified_by").first()
            who = earlier.verified_by.display_name if earlier and earlier.verified_by else gettext("其他工作人员")
            raise DomainError(gettext("这个问题已由{who}核实，无需重复核实。").format(who=who), code="already_verified")
        answered = answered_article_ids(locked)
        verified = VerifiedQuestion.objects.create(
            question_log=locked,
            text=text,
            verdict=verdict,
            topic=topic,
            answered_article_ids=answered,
            corrected=[a.pk for a in articles] != answered[: len(articles)] if articles else bool(answered),
            channel=locked.channel,
            region_id=locked.region_id,
            asked_at=locked.created_at,
            verified_by=actor,
        )
        verified.articles.set(articles)
        transaction.on_commit(forget_memory)  # this node remembers at once; others within a recheck
        locked.verified = True
        locked.save(update_fields=["verified"])
        record_event(
            verified,
            "knowledge.question.verify",
            actor=actor,
            channel=channel,
            data={
                "log": locked.pk,
                "verdict": verdict,
                "articles": [a.pk for a in articles],
                "topic": topic.code if topic is not None else "",
                "corrected": verified.corrected,
            },
            region=locked.region,
        )
    return verified


def do_retire_verified_question(
    verified: VerifiedQuestion, *, actor: User, reason: str = "", channel: str = Channel.WORKBENCH
) -> VerifiedQuestion:
    """Stop using a verified question in the question memory (it stays on record). Twice, even
    at once from two pages, is refused the second time."""
    with transaction.atomic():
        locked = VerifiedQuestion.objects.select_for_update().get(pk=verified.pk)
        if not locked.is_active:
            raise DomainError(gettext("该核实问题已停用。"), code="already_retired")
        verified.is_active = False
        verified.save(update_fields=["is_active", "updated_at"])
        transaction.on_commit(forget_memory)
        record_event(verified, "knowledge.question.retire", actor=actor, channel=channel, reason=reason)
    return verified


# ---------------------------------------------------------------------------------------------
# "这个回答有帮助吗？" — the citizen's feedback on one answer.
# ---------------------------------------------------------------------------------------------
def feedback_token(log: QuestionLog) -> str:
    """A token naming the answered log (signed, so a page cannot rate another person's answer)."""
    return signing.TimestampSigner(salt=FEEDBACK_SALT).sign(str(log.pk))


def log_for_feedback(token: str) -> QuestionLog:
    try:
        pk = signing.TimestampSigner(salt=FEEDBACK_SALT).unsign(token or "", max_age=FEEDBACK_MAX_AGE)
        return QuestionLog.objects.get(pk=int(pk))
    except signing.SignatureExpired:
        raise DomainError(
            gettext("这条回答已过了反馈期限，谢谢您。"), code="feedback_expired", field="feedback_token"
        ) from None
    except (signing.BadSignature, ValueError, QuestionLog.DoesNotExist):
        raise DomainError(
            gettext("反馈链接无效，请重新提问后再反馈。"), code="bad_token", field="feedback_token"
        ) from None


def record_feedback(log: QuestionLog, *, helpful: bool) -> QuestionLog:
    """Record whether the answer helped; an unhelpful one moves up the verification queue. A
    second answer replaces the first (a misclick can be put right)."""
    with transaction.atomic():
        locked = QuestionLog.objects.select_for_update().get(pk=log.pk)
        locked.helpful = helpful
        locked.feedback_at = timezone.now()
        locked.review_priority = locked.review_priority_now()
        locked.save(update_fields=["helpful", "feedback_at", "review_priority"])
    return locked


def refresh_review_priority(log: QuestionLog) -> None:
    """Re-rank a log in the queue after it changed (handed over to a person)."""
    priority = log.review_priority_now()
    if log.review_priority != priority:
        QuestionLog.objects.filter(pk=log.pk).update(review_priority=priority)
        log.review_priority = priority
