"""Frequently asked questions (常见问题): the verbs that change an entry, xlsx import and export,
and the search the Q&A answers from.

Status changes go through FAQ_TRANSITIONS (publish / retire / redraft) and write an audit event;
`mark_reviewed` confirms a published entry is still right and moves its review date on. An entry
is published only with an answer and with every linked article in force: when a law is revised,
the entries citing the old text need review (需复核) and cannot be re-published until relinked
(in the admin, or by exporting and re-importing them: import links each citation to the text in
force).

Phrasings (问法) are the other ways people ask an entry's question: searched like the question and
remembered by the question memory (gongfa.knowledge.recall). A wording (spaces and punctuation
aside) belongs to one entry only: a phrasing that repeats another entry's question or phrasing is
refused, on import as in the admin. The 问法 cell holds one per line (a JSON list in the seed files).

The starter knowledge base (入门知识库, data/starter/*.json) ships with the platform: entries it
creates are marked `is_starter` until a person at the bureau reviews or edits them.

Import reads a sheet with the columns of COLUMNS. Every row is checked before anything is written;
one bad row and nothing is written, and every bad row is reported as 第N行：…. Rows are matched to
entries by the question text, so importing the same file twice changes nothing. A blank 状态 or
复核日期 keeps what the entry has (a new entry is a draft); blank 类别 or 依据法条 clear them.

Search (`search_faq`) is the cosine similarity of TF-IDF weighted token counts between the question
and each published entry's question and phrasings (the best of them), on the statute search's
tokens (less function-word pairs); a word no entry has counts as the rarest word, so a question
about something else scores low. The index lives in the process and is rebuilt when the published
entries or their phrasings change (one aggregate query per search).
"""

from __future__ import annotations

import datetime
import io
import json
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.audit.services import record_event, transition
from gongfa.core import xlsx as _xlsx
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, InvalidTransition
from gongfa.core.statemachine import Transition, TransitionTable
from gongfa.core.xlsx import ImportRejected, SheetRow, cell_text, parse_date
from gongfa.knowledge.choices import CitationVerdict, FaqStatus
from gongfa.knowledge.citations import CITATION, check_citations, law_index
from gongfa.knowledge.models import Article, FaqEntry, FaqPhrasing, normalized_wording
from gongfa.knowledge.recall import forget_memory
from gongfa.knowledge.search import STOPWORDS, tokens
from gongfa.workorders.models import Topic

if TYPE_CHECKING:
    from gongfa.accounts.models import User

DEFAULT_REVIEW_DAYS = 365
# A match at least this close answers the question from the FAQ (qa.ask); below it, the articles do.
STRONG_MATCH = 0.6
STARTER_DIR = Path(__file__).resolve().parent / "data" / "starter"
MAX_PHRASINGS = 4

S = FaqStatus
FAQ_TRANSITIONS = TransitionTable(
    "faq_entry",
    FaqStatus,
    [
        Transition("publish", (S.DRAFT, S.RETIRED), S.PUBLISHED, _("发布")),
        Transition("retire", (S.DRAFT, S.PUBLISHED), S.RETIRED, _("停用")),
        Transition("redraft", (S.PUBLISHED, S.RETIRED), S.DRAFT, _("退回草稿")),
    ],
)


# ---------------------------------------------------------------------------------------------
# Rules and services.
# ---------------------------------------------------------------------------------------------
def stale_articles(entry: FaqEntry) -> list[Article]:
    """The entry's articles that are no longer the text in force (the law was revised or repealed)."""
    return list(Article.objects.not_current().filter(faq_entries=entry).select_related("version__law"))


def needs_review_condition(day: datetime.date) -> Q:
    """Published entries that need review (需复核): the review date has passed, or an article
    they rest on is not in force any more."""
    through = FaqEntry.articles.through
    stale = through.objects.filter(faqentry_id=OuterRef("pk")).exclude(
        article__version__law__current_version=F("article__version")
    )
    return Q(status=FaqStatus.PUBLISHED) & (Q(review_due__lt=day) | Q(Exists(stale)))


def needing_review(day: datetime.date | None = None) -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(needs_review_condition(day or timezone.localdate()))


def review_reasons(entry: FaqEntry, day: datetime.date | None = None) -> list[str]:
    """Why a published entry needs review, in words; empty when it does not."""
    if entry.status != FaqStatus.PUBLISHED:
        return []
    day = day or timezone.localdate()
    reasons = []
    if entry.review_due is not None and entry.review_due < day:
        reasons.append(gettext("复核日期 {day} 已过").format(day=entry.review_due))
    stale = stale_articles(entry)
    if stale:
        reasons.append(
            gettext("依据法条已修订或失效：{citations}").format(citations="、".join(a.citation for a in stale))
        )
    return reasons


def check_publishable(entry: FaqEntry) -> None:
    """Raise a DomainError saying why the entry cannot be published as it stands."""
    if not entry.question.strip():
        raise DomainError(gettext("问题不能为空。"), code="faq_question_required", field="question")
    if not entry.answer.strip():
        raise DomainError(
            gettext("没有答复的常见问题不能发布，请先填写答复。"), code="faq_answer_required", field="answer"
        )
    stale = stale_articles(entry)
    if stale:
        cited = "、".join(a.citation for a in stale)
        raise DomainError(
            gettext("依据法条{cited}不是现行有效的条文（法律已修订或废止），请改为现行条文后再发布。").format(
                cited=cited
            ),
            code="faq_articles_not_current",
            field="articles",
        )


def _review_due(review_due: datetime.date | None) -> datetime.date:
    return review_due or timezone.localdate() + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)


def publish(
    entry: FaqEntry,
    *,
    user: User | None,
    review_due: datetime.date | None = None,
    channel: str = Channel.WORKBENCH,
) -> FaqEntry:
    """Publish (发布) a draft or retired entry: it is searched from now on. Records who checked
    it and when; the review date is `review_due`, or a year from today."""
    FAQ_TRANSITIONS.get(entry.status, "publish")  # refuse before checking the content
    check_publishable(entry)
    entry.reviewed_at = timezone.now()
    entry.reviewed_by = user if user is not None and user.is_authenticated else None
    entry.review_due = _review_due(review_due)
    transition(
        entry,
        FAQ_TRANSITIONS,
        "publish",
        actor=user,
        channel=channel,
        data={"review_due": entry.review_due.isoformat()},
        extra_update_fields=("reviewed_at", "reviewed_by", "review_due", "updated_at"),
    )
    transaction.on_commit(forget_memory)  # the question memory knows published entries
    return entry


def retire(entry: FaqEntry, *, user: User | None, reason: str = "", channel: str = Channel.WORKBENCH) -> FaqEntry:
    """Retire (停用) an entry: it is no longer searched or shown, and is kept for the record."""
    transition(
        entry,
        FAQ_TRANSITIONS,
        "retire",
        actor=user,
        channel=channel,
        reason=reason,
        extra_update_fields=("updated_at",),
    )
    transaction.on_commit(forget_memory)
    return entry


def redraft(entry: FaqEntry, *, user: User | None, reason: str = "", channel: str = Channel.WORKBENCH) -> FaqEntry:
    """Take an entry back to draft (退回草稿), e.g. to rework it; it is no longer searched."""
    transition(
        entry,
        FAQ_TRANSITIONS,
        "redraft",
        actor=user,
        channel=channel,
        reason=reason,
        extra_update_fields=("updated_at",),
    )
    transaction.on_commit(forget_memory)
    return entry


def mark_reviewed(
    entry: FaqEntry,
    *,
    user: User | None,
    review_due: datetime.date | None = None,
    channel: str = Channel.WORKBENCH,
) -> FaqEntry:
    """Confirm (标记已复核) that a published entry is still right: records who and when and sets
    the next review date (`review_due`, or a year from today). Refused while an article it rests
    on is out of force."""
    if entry.status != FaqStatus.PUBLISHED:
        raise InvalidTransition(
            gettext("只有已发布的常见问题需要复核，该问题当前为“{status}”。").format(status=entry.get_status_display()),
            code="faq_not_published",
        )
    check_publishable(entry)
    with transaction.atomic():
        entry.reviewed_at = timezone.now()
        entry.reviewed_by = user if user is not None and user.is_authenticated else None
        entry.review_due = _review_due(review_due)
        entry.is_starter = False  # the bureau has read it: it is theirs now
        entry.save(update_fields=["reviewed_at", "reviewed_by", "review_due", "is_starter", "updated_at"])
        record_event(
            entry,
            "knowledge.faqentry.review",
            actor=user,
            channel=channel,
            data={"review_due": entry.review_due.isoformat()},
        )
    return entry


# ---------------------------------------------------------------------------------------------
# Import and export (xlsx).
# ---------------------------------------------------------------------------------------------
COLUMNS = ("问题", "答复", "类别", "依据法条", "状态", "复核日期", "问法")  # 问法 last: older sheets still read
REQUIRED_COLUMNS = ("问题", "答复")
MAX_ROWS = 5000
QUESTION_MAX_CHARS = FaqEntry._meta.get_field("question").max_length or 300
STATUS_BY_WORD: dict[str, FaqStatus] = {
    **{str(s.label): s for s in FaqStatus},
    **{str(s.value): s for s in FaqStatus},
}
_CITATION_LEFTOVER = re.compile(r"[\s；;，,、。]|和|及|与|以及")


class FaqImportError(ImportRejected):
    """The file cannot be imported; `errors` lists every problem (第N行：…). Nothing was written."""

    code = "faq_import_invalid"


@dataclass
class FaqRow:
    """One checked row, ready to write. `status` and `review_due` are None where left blank."""

    line: int
    question: str
    answer: str
    topic: Topic | None
    articles: list[Article]
    status: FaqStatus | None
    review_due: datetime.date | None
    phrasings: list[str] | None = None  # None: the sheet has no 问法 column (keep the entry's)


@dataclass
class FaqImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # existing entries left alone (only_new)

    def summary(self) -> str:
        text = gettext("常见问题导入完成：新增 {created} 条，更新 {updated} 条，未变 {unchanged} 条").format(
            created=self.created, updated=self.updated, unchanged=self.unchanged
        )
        if self.skipped:
            text += gettext("，已存在跳过 {count} 条").format(count=self.skipped)
        return text + gettext("。")


def read_xlsx(source: str | Path | IO[bytes]) -> list[SheetRow]:
    """The data rows of the first sheet, keyed by the header row (gongfa.core.xlsx). Raises
    FaqImportError when the file is not a readable xlsx or lacks a required column."""
    return _xlsx.read_xlsx(
        source, required=REQUIRED_COLUMNS, columns=COLUMNS, max_rows=MAX_ROWS, error_class=FaqImportError
    )


def _check_header(names: list[str]) -> None:
    _xlsx.check_header(names, REQUIRED_COLUMNS, COLUMNS, FaqImportError)


def read_json(path: str | Path) -> list[SheetRow]:
    """Rows of a JSON list of objects with the same keys as the sheet's columns (the shipped
    seed file); row N is the N-th object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FaqImportError([gettext("无法读取文件：{error}").format(error=exc)]) from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FaqImportError([gettext("JSON 文件应为对象列表，每个对象包含“问题”“答复”等字段。")])
    _check_header(sorted({key for item in data for key in item}))
    rows = []
    for line, item in enumerate(data, start=1):
        cells = dict(item)
        if isinstance(cells.get("问法"), list):
            cells["问法"] = "\n".join(str(text) for text in cells["问法"])
        rows.append(SheetRow(line, cells))
    return rows


def read_file(source: str | Path) -> list[SheetRow]:
    path = Path(source)
    if path.suffix.lower() == ".json":
        return read_json(path)
    return read_xlsx(path)


class ArticleResolver:
    """Turns a 依据法条 cell into articles in force, with the law names and aliases that
    citations.check_citations accepts and numbers in any style."""

    def __init__(self) -> None:
        self.laws = law_index()

    def resolve(self, cell: str) -> tuple[list[Article], list[str]]:
        articles: list[Article] = []
        errors: list[str] = []
        leftover = _CITATION_LEFTOVER.sub("", CITATION.sub("", cell))
        if leftover:
            errors.append(
                gettext("依据法条中“{text}”无法识别，应写成《劳动合同法》第三十条，多条用“；”分隔").format(
                    text=leftover[:30]
                )
            )
        for check in check_citations(cell, self.laws):
            if check.verdict == CitationVerdict.LAW_NOT_FOUND:
                error = gettext("依据法条中的法律《{law}》不在法规库中").format(law=check.law_as_written)
                if error not in errors:
                    errors.append(error)
            elif not check.is_valid or check.article is None:
                errors.append(
                    gettext("依据法条{cited}{verdict}").format(cited=check.cited, verdict=_verdict_words(check.verdict))
                )
            elif check.article not in articles:
                articles.append(check.article)
        return articles, errors


def _verdict_words(verdict: CitationVerdict) -> str:
    if verdict == CitationVerdict.ARTICLE_NOT_FOUND:
        return gettext("不存在")
    return gettext("不是现行有效的条文（{verdict}）").format(verdict=verdict.label)


def split_phrasings(cell: Any) -> list[str]:
    """The phrasings of a 问法 cell: one per line (or separated by ｜), blanks dropped."""
    text = cell_text(cell)
    return [part.strip() for part in re.split(r"[\n|｜]+", text) if part.strip()]


def wording_owners(exclude_questions: Iterable[str] = (), exclude_entry: int | None = None) -> dict[str, str]:
    """Normalised wording → the question of the entry that has it (as question or phrasing), for
    every entry whose question is not in `exclude_questions` (the rows being imported) and that is
    not `exclude_entry` (the entry being edited, whose stored question may be the old one)."""
    excluded = set(exclude_questions)
    owners: dict[str, str] = {}
    entries = FaqEntry.objects.exclude(question__in=excluded)
    phrasings = FaqPhrasing.objects.exclude(entry__question__in=excluded)
    if exclude_entry is not None:
        entries = entries.exclude(pk=exclude_entry)
        phrasings = phrasings.exclude(entry_id=exclude_entry)
    for question in entries.values_list("question", flat=True).iterator():
        owners.setdefault(normalized_wording(question), question)
    for wording, question in phrasings.values_list("wording", "entry__question").iterator():
        owners.setdefault(wording, question)
    return owners


def phrasing_problems(question: str, phrasings: Sequence[str], owners: dict[str, str], where: str) -> list[str]:
    """What is wrong with an entry's phrasings: too many, too long, empty of words, repeating the
    entry's own question or each other, or another entry's wording (`owners`)."""
    problems: list[str] = []
    if len(phrasings) > MAX_PHRASINGS:
        problems.append(gettext("问法最多 {n} 条（现在 {count} 条）").format(n=MAX_PHRASINGS, count=len(phrasings)))
    own = {normalized_wording(question)}
    for text in phrasings:
        wording = normalized_wording(text)
        if len(text) > QUESTION_MAX_CHARS:
            problems.append(gettext("问法“{text}…”超过 {limit} 个字").format(text=text[:20], limit=QUESTION_MAX_CHARS))
        elif not wording:
            problems.append(gettext("问法“{text}”没有文字").format(text=text))
        elif wording in own:
            problems.append(gettext("问法“{text}”与本条的问题或其他问法相同").format(text=text))
        elif wording in owners:
            problems.append(
                gettext("问法“{text}”与{where}的问题“{other}”重复").format(
                    text=text, where=where, other=owners[wording][:30]
                )
            )
        own.add(wording)
    return problems


def validate_rows(rows: Sequence[SheetRow]) -> list[FaqRow]:
    """Check every row; return them ready to write, or raise FaqImportError listing every problem."""
    if not rows:
        raise FaqImportError([str(_xlsx.NO_ROWS)])
    topics = {topic.name: topic for topic in Topic.objects.all()}
    resolver = ArticleResolver()
    first_line: dict[str, int] = {}
    has_phrasings = any("问法" in row.cells for row in rows)
    questions = [cell_text(row.cells.get("问题")) for row in rows]
    stored_owners = wording_owners(questions)
    file_owners: dict[str, tuple[int, str]] = {}  # wording → (line, question) within this file
    for row, question in zip(rows, questions, strict=True):
        if question:
            file_owners.setdefault(normalized_wording(question), (row.line, question))
    checked: list[FaqRow] = []
    errors: list[str] = []
    for row in rows:
        problems: list[str] = []
        question = cell_text(row.cells.get("问题"))
        answer = cell_text(row.cells.get("答复"))
        if not question:
            problems.append(gettext("问题为空"))
        elif len(question) > QUESTION_MAX_CHARS:
            problems.append(
                gettext("问题超过 {limit} 个字（现在 {count} 个字）").format(
                    limit=QUESTION_MAX_CHARS, count=len(question)
                )
            )
        elif question in first_line:
            problems.append(gettext("问题与第{row}行重复").format(row=first_line[question]))
        else:
            first_line[question] = row.line
            other = stored_owners.get(normalized_wording(question))
            if other is not None:
                problems.append(gettext("问题与已有常见问题“{other}”的问题或问法相同").format(other=other[:30]))
        phrasings = split_phrasings(row.cells.get("问法")) if has_phrasings else None
        if phrasings:
            problems.extend(phrasing_problems(question, phrasings, stored_owners, gettext("已有常见问题")))
            for text in phrasings:
                owner = file_owners.setdefault(normalized_wording(text), (row.line, question))
                if owner[0] != row.line:
                    problems.append(gettext("问法“{text}”与第{row}行重复").format(text=text, row=owner[0]))
        topic_name = cell_text(row.cells.get("类别"))
        topic = topics.get(topic_name) if topic_name else None
        if topic_name and topic is None:
            problems.append(
                gettext("类别“{name}”不存在（可选：{names}）").format(name=topic_name, names="、".join(topics))
            )
        articles, article_problems = resolver.resolve(cell_text(row.cells.get("依据法条")))
        problems.extend(article_problems)
        status_word = cell_text(row.cells.get("状态"))
        status = STATUS_BY_WORD.get(status_word) if status_word else None
        if status_word and status is None:
            problems.append(gettext("状态“{word}”无效，应为“草稿”“已发布”或“已停用”").format(word=status_word))
        if status == FaqStatus.PUBLISHED and not answer:
            problems.append(gettext("答复为空，不能设为“已发布”"))
        try:
            review_due = parse_date(row.cells.get("复核日期"))
        except (ValueError, OverflowError):
            review_due = None
            problems.append(
                gettext("复核日期“{text}”不是有效日期（应写成 2025-06-30）").format(
                    text=cell_text(row.cells.get("复核日期"))
                )
            )
        errors.extend(_xlsx.row_error(row.line, problem) for problem in problems)
        if not problems:
            checked.append(FaqRow(row.line, question, answer, topic, articles, status, review_due, phrasings))
    if errors:
        raise FaqImportError(errors)
    return checked


def import_rows(
    rows: Sequence[SheetRow],
    *,
    user: User | None = None,
    channel: str = Channel.SYSTEM,
    only_new: bool = False,
    starter: bool = False,
) -> FaqImportReport:
    """Check every row, then write them all in one transaction (nothing when any row is bad).
    Matches entries by question; an entry that already says what its row says is left alone.
    With `only_new`, rows whose question exists are skipped (the demo seed never overwrites).
    With `starter`, the entries created are marked as the platform's starter content."""
    checked = validate_rows(rows)
    report = FaqImportReport()
    existing: dict[str, FaqEntry] = {}
    for found in FaqEntry.objects.filter(question__in=[r.question for r in checked]).order_by("-pk"):
        existing[found.question] = found  # the oldest wins where staff made duplicates
    with transaction.atomic():
        freed = set() if only_new else _free_moved_wordings(checked)
        for row in checked:
            entry = existing.get(row.question)
            if entry is not None and only_new:
                report.skipped += 1
            elif entry is None:
                _create(row, user=user, channel=channel, starter=starter)
                report.created += 1
            elif _update(entry, row, user=user, channel=channel) or entry.pk in freed:
                report.updated += 1
            else:
                report.unchanged += 1
    return report


def _free_moved_wordings(rows: Sequence[FaqRow]) -> set[int]:
    """A phrasing the file moves from one entry to another is let go by the first before any row is
    written (rows are written in order, and one wording belongs to one entry at a time). Returns
    the entries that let one go (they changed)."""
    wanted = {
        normalized_wording(text): row.question for row in rows if row.phrasings is not None for text in row.phrasings
    }
    if not wanted:
        return set()
    moved = {
        pk: entry_id
        for pk, entry_id, wording, question in FaqPhrasing.objects.filter(wording__in=wanted).values_list(
            "pk", "entry_id", "wording", "entry__question"
        )
        if wanted[wording] != question
    }
    if moved:
        FaqPhrasing.objects.filter(pk__in=moved).delete()
        transaction.on_commit(forget_memory)
    return set(moved.values())


def import_file(
    source: str | Path | IO[bytes],
    *,
    user: User | None = None,
    channel: str = Channel.SYSTEM,
    only_new: bool = False,
) -> FaqImportReport:
    """Import an .xlsx file (a path or an open file) or the .json seed format."""
    rows = read_file(source) if isinstance(source, str | Path) else read_xlsx(source)
    return import_rows(rows, user=user, channel=channel, only_new=only_new)


def starter_files() -> list[Path]:
    return sorted(STARTER_DIR.glob("*.json"))


def import_starter(*, user: User | None = None, only_new: bool = True, dry_run: bool = False) -> FaqImportReport:
    """Load the starter knowledge base (入门知识库): every file of data/starter in one transaction,
    entries marked as starter content. Each file's problems are named with the file."""
    total = FaqImportReport()
    with transaction.atomic():
        for path in starter_files():
            try:
                rows = read_json(path)
                if dry_run:
                    validate_rows(rows)
                    continue
                report = import_rows(rows, user=user, only_new=only_new, starter=True)
            except FaqImportError as exc:
                raise FaqImportError([f"{path.name}：{error}" for error in exc.errors]) from None
            total.created += report.created
            total.updated += report.updated
            total.unchanged += report.unchanged
            total.skipped += report.skipped
    return total


def _apply_status(entry: FaqEntry, row: FaqRow, *, user: User | None, channel: str) -> bool:
    if row.status is None or row.status == entry.status:
        return False
    if row.status == FaqStatus.PUBLISHED:
        kept = entry.review_due if entry.review_due and entry.review_due > timezone.localdate() else None
        publish(entry, user=user, review_due=row.review_due or kept, channel=channel)
    elif row.status == FaqStatus.RETIRED:
        retire(entry, user=user, reason="导入", channel=channel)
    else:
        redraft(entry, user=user, reason="导入", channel=channel)
    return True


def set_phrasings(entry: FaqEntry, phrasings: Sequence[str]) -> bool:
    """Make the entry's phrasings exactly these (in this order); True when that changed them.
    The caller has checked them (phrasing_problems); the unique wording is the last guard."""
    current = list(entry.phrasings.order_by("position", "pk").values_list("text", flat=True))
    if current == list(phrasings):
        return False
    entry.phrasings.all().delete()
    FaqPhrasing.objects.bulk_create(
        [
            FaqPhrasing(entry=entry, text=text, wording=normalized_wording(text), position=position)
            for position, text in enumerate(phrasings)
        ]
    )
    transaction.on_commit(forget_memory)
    return True


def _create(row: FaqRow, *, user: User | None, channel: str, starter: bool = False) -> FaqEntry:
    entry = FaqEntry.objects.create(
        question=row.question,
        answer=row.answer,
        topic=row.topic,
        review_due=row.review_due,
        status=FaqStatus.DRAFT,
        is_starter=starter,
    )
    entry.articles.set(row.articles)
    if row.phrasings:
        set_phrasings(entry, row.phrasings)
    record_event(entry, "knowledge.faqentry.import", actor=user, channel=channel, data={"created": True})
    _apply_status(entry, row, user=user, channel=channel)
    return entry


def _update(entry: FaqEntry, row: FaqRow, *, user: User | None, channel: str) -> bool:
    changed: list[str] = []
    if entry.answer != row.answer:
        entry.answer = row.answer
        changed.append("answer")
    if entry.topic_id != (row.topic.pk if row.topic else None):
        entry.topic = row.topic
        changed.append("topic")
    if row.review_due is not None and entry.review_due != row.review_due:
        entry.review_due = row.review_due
        changed.append("review_due")
    articles_changed = set(entry.articles.values_list("pk", flat=True)) != {a.pk for a in row.articles}
    if changed or articles_changed:  # updated_at too when only the articles change: the memory's fingerprint
        entry.save(update_fields=[*changed, "updated_at"])
    if articles_changed:
        entry.articles.set(row.articles)
        changed.append("articles")
        transaction.on_commit(forget_memory)  # the question memory holds each entry's articles
    if row.phrasings is not None and set_phrasings(entry, row.phrasings):
        changed.append("phrasings")
    if changed:
        record_event(entry, "knowledge.faqentry.import", actor=user, channel=channel, data={"changed": changed})
    status_changed = _apply_status(entry, row, user=user, channel=channel)
    return bool(changed) or status_changed


def citations_of(entry: FaqEntry) -> str:
    """The 依据法条 cell: 《劳动合同法》第三十条；《劳动法》第五十条."""
    return "；".join(article.citation for article in entry.articles.all())


def export_entries(entries: Iterable[FaqEntry] | None = None) -> bytes:
    """An xlsx workbook of the entries (all when None), in the columns import reads."""
    if entries is None:
        entries = FaqEntry.objects.all()
    if isinstance(entries, QuerySet):
        entries = entries.select_related("topic").prefetch_related("articles__version__law", "phrasings").order_by("pk")
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "常见问题"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append(
            [
                entry.question,
                entry.answer,
                entry.topic.name if entry.topic else "",
                citations_of(entry),
                str(FaqStatus(entry.status).label),
                entry.review_due,
                "\n".join(p.text for p in entry.phrasings.all()),
            ]
        )
        sheet.cell(row=sheet.max_row, column=6).number_format = "yyyy-mm-dd"
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(wrap_text=True)
        sheet.cell(row=sheet.max_row, column=7).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCDEFG", (40, 80, 12, 40, 10, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Search.
# ---------------------------------------------------------------------------------------------
_FUNCTION_CHARACTERS = frozenset(word for word in STOPWORDS if len(word) == 1)


def faq_tokens(text: str) -> list[str]:
    """The statute search's tokens less the pairs that carry a function word (我该, 该怎, 么办):
    questions are short, and 怎么办 would otherwise weigh as much as 工资."""
    return informative_tokens(tokens(text))


def informative_tokens(found: list[str]) -> list[str]:
    """faq_tokens of tokens already made (the question memory tokenises a question once)."""
    return [
        token
        for token in found
        if token not in STOPWORDS
        and not (len(token) == 2 and (token[0] in _FUNCTION_CHARACTERS or token[1] in _FUNCTION_CHARACTERS))
    ]


@dataclass(frozen=True)
class FaqMatch:
    """A published entry and how close its question is to the asked one (0 to 1; 1 = same words)."""

    entry: FaqEntry
    score: float


@dataclass
class _FaqIndex:
    fingerprint: tuple[Any, ...]
    entries: list[FaqEntry]  # one per wording (an entry's question, then each phrasing)
    idf: dict[str, float]
    unknown_idf: float
    postings: dict[str, list[tuple[int, float]]]  # token → (wording position, weight / wording norm)

    def search(self, question: str, limit: int) -> list[FaqMatch]:
        counts = Counter(faq_tokens(question))
        if not counts or not self.entries:
            return []
        weights = {t: c * self.idf.get(t, self.unknown_idf) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        scores: dict[int, float] = {}
        for token, weight in weights.items():
            for position, entry_weight in self.postings.get(token, ()):
                scores[position] = scores.get(position, 0.0) + weight * entry_weight
        matches: list[FaqMatch] = []
        seen: set[int] = set()
        for position, score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
            entry = self.entries[position]
            if score <= 0 or entry.pk in seen:
                continue  # an entry's best wording stands for it
            seen.add(entry.pk)
            matches.append(FaqMatch(entry, round(min(1.0, score / norm), 4)))
            if len(matches) == limit:
                break
        return matches


def _fingerprint() -> tuple[Any, ...]:
    found = FaqEntry.objects.published().aggregate(
        n=Count("pk"),
        newest=Max("updated_at"),
        ids=Sum("pk"),
        phrasing_count=Count("phrasings"),
        phrasing_ids=Sum("phrasings__pk"),
    )
    return tuple(found.values())


def _build(fingerprint: tuple[Any, ...]) -> _FaqIndex:
    entries: list[FaqEntry] = []
    documents: list[Counter[str]] = []
    for entry in FaqEntry.objects.published().select_related("topic").prefetch_related("phrasings").order_by("pk"):
        for wording in [entry.question, *(p.text for p in entry.phrasings.all())]:
            entries.append(entry)
            documents.append(Counter(faq_tokens(wording)))
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document.keys())
    total = len(documents)
    idf = {token: math.log((total + 1) / (count + 1)) + 1.0 for token, count in frequency.items()}
    postings: dict[str, list[tuple[int, float]]] = {}
    for position, document in enumerate(documents):
        weights = {t: c * idf[t] for t, c in document.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for token, weight in weights.items():
            postings.setdefault(token, []).append((position, weight / norm))
    # A word no entry has says the question is about something else: it counts as the rarest word.
    unknown_idf = math.log(total + 1) + 1.0
    return _FaqIndex(fingerprint, entries, idf, unknown_idf, postings)


_lock = threading.Lock()
_index: _FaqIndex | None = None


def forget_faq_index() -> None:
    global _index
    with _lock:
        _index = None


def _get_index() -> _FaqIndex:
    global _index
    fingerprint = _fingerprint()
    index = _index
    if index is not None and index.fingerprint == fingerprint:
        return index
    with _lock:
        if _index is None or _index.fingerprint != fingerprint:
            _index = _build(fingerprint)
        return _index


def search_faq(question: str, limit: int = 3) -> list[FaqMatch]:
    """The published entries closest to `question`, best first (at most `limit`, none scoring 0).
    A score of STRONG_MATCH or more is close enough to answer with the entry."""
    question = (question or "").strip()
    if not question or limit <= 0:
        return []
    return _get_index().search(question[:2000], limit)
