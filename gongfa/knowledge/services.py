"""Verbs of the statute corpus: import (导入法律法规) and choosing each law's version in force."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gongfa.knowledge.models import Article, Law, LawVersion
from gongfa.knowledge.sources import LawRecord

COUNTRY_PREFIX = "中华人民共和国"


@dataclass
class ImportReport:
    source: str
    laws_created: int = 0
    versions_created: int = 0
    versions_unchanged: int = 0
    versions_superseded: int = 0
    articles_created: int = 0
    current_changed: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"来源 {self.source}：新增法律 {self.laws_created} 部，新增版本 {self.versions_created} 个"
            f"（未变 {self.versions_unchanged}，被替换 {self.versions_superseded}），"
            f"新增条文 {self.articles_created} 条，现行版本变化 {self.current_changed} 部，用时 {self.seconds:.1f} 秒"
        )


def short_name_of(name: str) -> str:
    """中华人民共和国民法典 → 民法典 (the name citations use); other names stay as they are."""
    return name.removeprefix(COUNTRY_PREFIX) if name.startswith(COUNTRY_PREFIX) and len(name) > 8 else ""


def import_statutes(records: list[LawRecord], *, source: str, today: datetime.date | None = None) -> ImportReport:
    """Write the records as laws, versions and articles, in one transaction. Idempotent: a version
    already imported with the same text is left alone; a changed text becomes a new version and the
    old one is marked superseded (never deleted: answers may cite it)."""
    started = time.perf_counter()
    report = ImportReport(source=source)
    with transaction.atomic():
        laws = {law.name: law for law in Law.objects.filter(name__in={r.name for r in records})}
        known = {
            (v.source_key, v.content_hash): v
            for v in LawVersion.objects.filter(source=source).only("pk", "source_key", "content_hash", "superseded_at")
        }
        for record in records:
            law = laws.get(record.name)
            if law is None:
                law = Law.objects.create(
                    name=record.name,
                    short_name=short_name_of(record.name),
                    level=record.level,
                    department=record.department,
                )
                laws[law.name] = law
                report.laws_created += 1
            elif (record.level and law.level != record.level) or (
                record.department and law.department != record.department
            ):
                law.level, law.department = record.level or law.level, record.department or law.department
                law.save(update_fields=["level", "department"])
            digest = record.content_hash()
            if (record.source_key, digest) in known:
                report.versions_unchanged += 1
                continue
            report.versions_superseded += LawVersion.objects.filter(
                source=source, source_key=record.source_key, superseded_at__isnull=True
            ).update(superseded_at=timezone.now())
            version = LawVersion.objects.create(
                law=law,
                source=source,
                source_key=record.source_key,
                content_hash=digest,
                doc_type=record.doc_type,
                issuing_body=record.issuing_body,
                publish_date=record.publish_date,
                effective_date=record.effective_date,
                version_date=record.version_date,
                published_status=record.status,
            )
            known[(record.source_key, digest)] = version
            Article.objects.bulk_create(
                [
                    Article(
                        version=version,
                        position=position,
                        label=a.label,
                        number=a.number,
                        number_suffix=a.suffix,
                        chapter=a.chapter,
                        section=a.section,
                        text=a.text,
                        source_id=a.source_id,
                    )
                    for position, a in enumerate(record.articles, start=1)
                ],
                batch_size=2000,
            )
            report.versions_created += 1
            report.articles_created += len(record.articles)
        report.current_changed = refresh_current_versions(today=today)
    report.seconds = time.perf_counter() - started
    return report


def refresh_current_versions(*, today: datetime.date | None = None) -> int:
    """Point each law at its version in force today: the newest text whose date has come and that
    is not repealed or replaced. A revision published but not yet in force is not the current
    text (商标法 revised 2026-06-26, in force 2027-01-01). Returns how many laws changed."""
    today = today or timezone.localdate()
    changed = 0
    versions_by_law: dict[int, list[LawVersion]] = {}
    for version in LawVersion.objects.all():
        versions_by_law.setdefault(version.law_id, []).append(version)
    for law in Law.objects.all():
        versions = sorted(
            versions_by_law.get(law.pk, []),
            key=lambda v: (v.in_force_from or datetime.date.min, v.version_date or datetime.date.min, v.pk),
            reverse=True,
        )
        current = next((v for v in versions if v.is_in_force_on(today)), None)
        current_id = current.pk if current else None
        if law.current_version_id != current_id:
            law.current_version_id = current_id
            law.save(update_fields=["current_version"])
            changed += 1
    return changed
