"""The statute corpus (法律法规库): laws, their versions, and the articles of each version.

A version is never changed once imported: an answer cites the version it used, and a later
import that brings different text creates a new version beside it. Which version is the law in
force on a given day is decided by LawVersion.is_in_force_on(), and stored on Law.current_version by
knowledge.services.refresh_current_versions() so queries need no date logic.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from gongfa.knowledge.choices import LawStatus


class Law(models.Model):
    """A law by its full name (中华人民共和国民法典), with the names people use for it."""

    name = models.CharField("法律名称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=100, blank=True, db_index=True)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="其他常用名称，如“劳动法”“婚姻法”")
    level = models.CharField("效力级别", max_length=32, blank=True)
    department = models.CharField("法律部门", max_length=32, blank=True)
    current_version = models.ForeignKey(
        "LawVersion",
        verbose_name="现行版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="由导入和每日刷新维护：生效日期已到、未废止的最新版本",
    )

    class Meta:
        verbose_name = "法律"
        verbose_name_plural = "法律"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        """Every name the law is known by, longest first (for matching in text)."""
        found = {self.name, self.short_name, *self.aliases} - {""}
        return sorted(found, key=len, reverse=True)


class LawVersion(models.Model):
    """One published text of a law (a revision), as imported from one source."""

    law = models.ForeignKey(Law, verbose_name="法律", on_delete=models.PROTECT, related_name="versions")
    source = models.CharField("来源", max_length=64)
    source_key = models.CharField("来源编号", max_length=64)
    content_hash = models.CharField("内容摘要", max_length=64)
    doc_type = models.CharField("文件类型", max_length=32, blank=True)
    issuing_body = models.CharField("制定机关", max_length=100, blank=True)
    publish_date = models.DateField("公布日期", null=True, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    version_date = models.DateField("版本日期", null=True, blank=True)
    published_status = models.CharField("来源标注的时效性", max_length=32, choices=LawStatus.choices)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    superseded_at = models.DateTimeField(
        "被替换时间", null=True, blank=True, help_text="同一来源编号后来导入了不同的文本；旧文本保留以便追溯引用"
    )

    class Meta:
        verbose_name = "法律版本"
        verbose_name_plural = "法律版本"
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


class ArticleQuerySet(models.QuerySet["Article"]):
    def current(self) -> ArticleQuerySet:
        """Articles of the version in force of each law."""
        return self.filter(version__law__current_version=models.F("version"))


class Article(models.Model):
    """One article (条) of one version of a law."""

    version = models.ForeignKey(LawVersion, verbose_name="版本", on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveIntegerField("顺序")
    label = models.CharField("条号", max_length=32, help_text="如“第一千一百六十五条”“第十七条之一”")
    number = models.PositiveIntegerField("条号（数字）", null=True, blank=True)
    number_suffix = models.PositiveSmallIntegerField("之几", default=0)
    chapter = models.CharField("章", max_length=200, blank=True)
    section = models.CharField("节", max_length=200, blank=True)
    text = models.TextField("条文")
    source_id = models.BigIntegerField("来源条文编号", null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "法条"
        verbose_name_plural = "法条"
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

    word = models.CharField("口语词", max_length=20, unique=True)
    terms = models.CharField("法律用语", max_length=200, help_text="用空格分隔，如“用人单位 雇主”")
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "口语词"
        verbose_name_plural = "口语词表"
        ordering = ["word"]

    def __str__(self) -> str:
        return f"{self.word} → {self.terms}"

    def term_list(self) -> list[str]:
        return self.terms.split()
