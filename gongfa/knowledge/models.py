"""The statute corpus (法律法规库): laws, their versions, and the articles of each version.

A version is never changed once imported: an answer cites the version it used, and a later
import that brings different text creates a new version beside it. Which version is the law in
force on a given day is decided by LawVersion.is_in_force_on(), and stored on Law.current_version by
knowledge.services.refresh_current_versions() so queries need no date logic.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel
from gongfa.core.validators import validate_plain_text
from gongfa.knowledge.choices import AnswerSource, FaqStatus, LawStatus, QuestionVerdict, ReviewPriority, SafetyKind


class Law(models.Model):
    """A law by its full name (中华人民共和国民法典), with the names people use for it."""

    name = models.CharField(_("法律名称"), max_length=200, unique=True)
    short_name = models.CharField(_("简称"), max_length=100, blank=True, db_index=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True, help_text=_("其他常用名称，如“劳动法”“婚姻法”"))
    level = models.CharField(_("效力级别"), max_length=32, blank=True)
    department = models.CharField(_("法律部门"), max_length=32, blank=True)
    current_version = models.ForeignKey(
        "LawVersion",
        verbose_name=_("现行版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("由导入和每日刷新维护：生效日期已到、未废止的最新版本"),
    )

    class Meta:
        verbose_name = _("法律")
        verbose_name_plural = _("法律")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        """Every name the law is known by, longest first (for matching in text)."""
        found = {self.name, self.short_name, *self.aliases} - {""}
        return sorted(found, key=len, reverse=True)


class LawVersion(models.Model):
    """One published text of a law (a revision), as imported from one source."""

    law = models.ForeignKey(Law, verbose_name=_("法律"), on_delete=models.PROTECT, related_name="versions")
    source = models.CharField(_("来源"), max_length=64)
    source_key = models.CharField(_("来源编号"), max_length=64)
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    doc_type = models.CharField(_("文件类型"), max_length=32, blank=True)
    issuing_body = models.CharField(_("制定机关"), max_length=100, blank=True)
    publish_date = models.DateField(_("公布日期"), null=True, blank=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    version_date = models.DateField(_("版本日期"), null=True, blank=True)
    published_status = models.CharField(_("来源标注的时效性"), max_length=32, choices=LawStatus.choices)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    superseded_at = models.DateTimeField(
        _("被替换时间"), null=True, blank=True, help_text=_("同一来源编号后来导入了不同的文本；旧文本保留以便追溯引用")
    )

    class Meta:
        verbose_name = _("法律版本")
        verbose_name_plural = _("法律版本")
        ordering = ["law", "-version_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_key", "content_hash"], name="knowledge_version_unique"),
        ]
        indexes = [models.Index(fields=["source", "source_key"], name="knowledge_version_source")]

    def __str__(self) -> str:
        return f"{self.law.name}（{self.version_date or '日期不详'}）"

    @property
    def in_force_from(self) -> datetime.date | None:
        """When this text takes effect. Sources give the original law's 施行日期 on amended
        versions, so a revision is taken to apply from its own date at the earliest."""
        dates = [d for d in (self.effective_date, self.version_date) if d is not None]
        return max(dates) if dates else self.publish_date

    def is_in_force_on(self, day: datetime.date) -> bool:
        """Whether this text can be the law on `day`: its date has come and it is neither repealed
        nor replaced by a re-import. (Which in-force text is the newest is for
        knowledge.services.refresh_current_versions; a source's 历史版本 label is not trusted,
        since sources mark the old text historical as soon as a revision is published.)"""
        if self.published_status == LawStatus.REPEALED or self.superseded_at is not None:
            return False
        start = self.in_force_from
        return start is None or start <= day


# An article whose version is its law's version in force.
IN_FORCE = Q(version__law__current_version=models.F("version"))


class ArticleQuerySet(models.QuerySet["Article"]):
    def current(self) -> ArticleQuerySet:
        """Articles of the version in force of each law."""
        return self.filter(IN_FORCE)

    def not_current(self) -> ArticleQuerySet:
        """Articles of a superseded or repealed text."""
        return self.exclude(IN_FORCE)


class Article(models.Model):
    """One article (条) of one version of a law."""

    version = models.ForeignKey(LawVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveIntegerField(_("顺序"))
    label = models.CharField(_("条号"), max_length=32, help_text=_("如“第一千一百六十五条”“第十七条之一”"))
    number = models.PositiveIntegerField(_("条号（数字）"), null=True, blank=True)
    number_suffix = models.PositiveSmallIntegerField(_("之几"), default=0)
    chapter = models.CharField(_("章"), max_length=200, blank=True)
    section = models.CharField(_("节"), max_length=200, blank=True)
    text = models.TextField(_("条文"))
    source_id = models.BigIntegerField(_("来源条文编号"), null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("法条")
        verbose_name_plural = _("法条")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="knowledge_article_position"),
            models.CheckConstraint(
                condition=Q(number__isnull=False) | Q(number_suffix=0), name="knowledge_article_suffix_needs_number"
            ),
        ]
        indexes = [models.Index(fields=["version", "number", "number_suffix"], name="knowledge_article_number")]

    def __str__(self) -> str:
        return f"{self.version.law.name}{self.label}"

    @property
    def citation(self) -> str:
        """《民法典》第一千一百六十五条 — the short name where the law has one."""
        law = self.version.law
        return f"《{law.short_name or law.name}》{self.label}"


class VocabularyEntry(models.Model):
    """A colloquial word and the terms the statutes use for it (口语词表: 老板 → 用人单位). Questions
    containing the word are searched with the terms too. Adds to the shipped list
    (knowledge/data/colloquial.tsv); an entry for the same word replaces the shipped one."""

    word = models.CharField(_("口语词"), max_length=20, unique=True)
    terms = models.CharField(_("法律用语"), max_length=200, help_text=_("用空格分隔，如“用人单位 雇主”"))
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("口语词")
        verbose_name_plural = _("口语词表")
        ordering = ["word"]

    def __str__(self) -> str:
        return f"{self.word} → {self.terms}"

    def term_list(self) -> list[str]:
        return self.terms.split()


class FaqEntryQuerySet(models.QuerySet["FaqEntry"]):
    def published(self) -> FaqEntryQuerySet:
        return self.filter(status=FaqStatus.PUBLISHED)

    def review_overdue(self, day: datetime.date) -> FaqEntryQuerySet:
        """Published entries whose review date has passed (到期待复核)."""
        return self.published().filter(review_due__lt=day)


class FaqEntry(models.Model):
    """A staff-curated question and answer (常见问题), with the articles it rests on. Only published
    entries are searched; each carries a review-due date because the law under it changes."""

    question = models.CharField(_("问题"), max_length=300)
    answer = models.TextField(_("答复"))
    topic = models.ForeignKey(
        "workorders.Topic", verbose_name=_("类别"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    articles = models.ManyToManyField(Article, verbose_name=_("依据法条"), blank=True, related_name="faq_entries")
    status = models.CharField(_("审核状态"), max_length=16, choices=FaqStatus.choices, default=FaqStatus.DRAFT)
    review_due = models.DateField(_("复核日期"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_starter = models.BooleanField(
        _("平台初始内容"),
        default=False,
        help_text=_("随平台提供的通用内容，本地审核（标记已复核或修改）后取消此标记"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "review_due"], name="knowledge_faq_status_due")]

    def __str__(self) -> str:
        return self.question


def normalized_wording(text: str) -> str:
    """A question's wording for comparing phrasings: no spaces or punctuation, half-width letters
    lower-cased (怎么办？ and 怎么办 are the same wording)."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in folded if ch.isalnum())


class FaqPhrasing(models.Model):
    """Another way people ask an entry's question (问法): searched like the question itself and
    remembered by the question memory. One wording belongs to one entry only."""

    entry = models.ForeignKey(FaqEntry, verbose_name=_("常见问题"), on_delete=models.CASCADE, related_name="phrasings")
    text = models.CharField(_("问法"), max_length=300)
    wording = models.CharField(_("规范化问法"), max_length=300, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("问法")
        verbose_name_plural = _("问法")
        ordering = ["entry", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: object, **kwargs: object) -> None:
        self.wording = normalized_wording(self.text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class QuestionLog(models.Model):
    """One question put to the Q&A (问答记录): what was answered, how sure, and whether the asker
    went on to a person (转人工). Low-confidence questions feed demand analysis (需求研判)."""

    question = models.TextField(_("问题"))
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("地区"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提问人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "workorders.Topic", verbose_name=_("类别"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence = models.FloatField(_("置信度"))
    low_confidence = models.BooleanField(_("低置信度"), default=False)
    answer_source = models.CharField(_("答案来源"), max_length=16, choices=AnswerSource.choices)
    answer = models.TextField(_("答复"), blank=True)
    citations = models.JSONField(_("引用"), default=list, blank=True)
    faq_entry = models.ForeignKey(
        FaqEntry, verbose_name=_("常见问题"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("转人工工单"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latency_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    safety_kinds = models.JSONField(
        _("安全风险"),
        default=list,
        blank=True,
        help_text=_("问题中出现的危险信号类型（见安全风险提示词）；转人工时工单标为紧急"),
    )
    helpful = models.BooleanField(_("群众反馈有帮助"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    review_priority = models.PositiveSmallIntegerField(
        _("待核实原因"), choices=ReviewPriority.choices, default=ReviewPriority.OTHER
    )
    verified = models.BooleanField(_("已核实"), default=False)
    created_at = models.DateTimeField(_("提问时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("问答记录")
        verbose_name_plural = _("问答记录")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["low_confidence", "created_at"], name="knowledge_qlog_low_created"),
            models.Index(fields=["region", "created_at"], name="knowledge_qlog_region_created"),
            # the verification queue: unverified, most pressing reason first, newest first
            models.Index(fields=["verified", "review_priority", "-created_at"], name="knowledge_qlog_review_queue"),
        ]

    def __str__(self) -> str:
        return self.question[:40]

    def review_priority_now(self) -> ReviewPriority:
        """The most pressing reason this question needs a person's look (低置信度 first)."""
        if self.low_confidence:
            return ReviewPriority.LOW_CONFIDENCE
        if self.work_order_id is not None:
            return ReviewPriority.HANDED_OVER
        if self.helpful is False:
            return ReviewPriority.UNHELPFUL
        return ReviewPriority.OTHER


SAFETY_GAP = "*"


class SafetyCue(models.Model):
    """A phrase that signals danger in a question (安全风险提示词: 杀了他, 不想活了, 家暴 …): the Q&A
    puts emergency guidance (110, 120, hotlines) before any legal content and marks the hand-over
    urgent. Plain text, no regular expressions; `*` stands for up to a few characters in between
    (威胁*杀). Phrases of kind EXCLUDE are legal terms that contain a cue without being one
    (故意杀人罪, 打官司): a cue they overlap does not count. Staff maintain the list in the admin;
    a data migration ships the default list (knowledge.safety reads it)."""

    phrase = models.CharField(
        _("提示词"),
        max_length=40,
        unique=True,
        validators=[validate_plain_text],
        help_text=_("群众可能的说法，如“不想活了”；用 * 表示中间可隔几个字（最多 8 个），如“威胁*杀”"),
    )
    kind = models.CharField(_("类型"), max_length=24, choices=SafetyKind.choices)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True, validators=[validate_plain_text])
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("安全风险提示词")
        verbose_name_plural = _("安全风险提示词")
        ordering = ["kind", "phrase"]

    def __str__(self) -> str:
        return f"{self.phrase}（{self.get_kind_display()}）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        phrase = "".join((self.phrase or "").split())
        self.phrase = phrase
        errors = []
        if not any("\u4e00" <= ch <= "\u9fff" for ch in phrase):
            errors.append("提示词须含中文。")
        if phrase.startswith(SAFETY_GAP) or phrase.endswith(SAFETY_GAP) or SAFETY_GAP * 2 in phrase:
            errors.append("* 只能用在两段文字之间，且不能连用，如“威胁*杀”。")
        if errors:
            raise ValidationError({"phrase": errors})


class VerifiedQuestion(models.Model):
    """A logged question that staff have verified (已核实问题): its wording de-identified, the
    articles that answer it, its topic, or "not a legal question". Kept when the raw log is purged
    (the log link empties); active ones feed the question memory."""

    question_log = models.OneToOneField(
        QuestionLog,
        verbose_name=_("问答记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verification",
    )
    text = models.CharField(_("问题（已去标识）"), max_length=2000)
    verdict = models.CharField(_("核实结论"), max_length=16, choices=QuestionVerdict.choices)
    topic = models.ForeignKey(
        "workorders.Topic", verbose_name=_("类别"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("依据法条"), blank=True, related_name="verified_questions"
    )
    answered_article_ids = models.JSONField(_("原答复引用的条文"), default=list, blank=True)
    corrected = models.BooleanField(_("纠正了原答复"), default=False)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices, blank=True)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("地区"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("提问时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("核实时间"), auto_now_add=True)
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后不再用于问题记忆"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("已核实问题")
        verbose_name_plural = _("已核实问题")
        ordering = ["-verified_at"]
        indexes = [models.Index(fields=["is_active", "verdict"], name="knowledge_verified_active")]

    def __str__(self) -> str:
        return self.text[:40]
