"""manage.py import_statutes: the bundled laws.db, folders of JSON/Markdown laws, versions kept,
the version in force chosen by date, and every malformed source refused with where and why."""

import datetime
import json
import sqlite3
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongfa.knowledge.choices import LawStatus
from gongfa.knowledge.models import Article, Law, LawVersion
from gongfa.knowledge.services import import_statutes, refresh_current_versions
from gongfa.knowledge.sources import CorpusError, bundled_database, read_folder, read_sqlite

TODAY = datetime.date(2026, 11, 24)


def _current(law):
    assert law.current_version is not None, law
    return law.current_version


def _run(*args):
    out = StringIO()
    call_command("import_statutes", *args, stdout=out)
    return out.getvalue()


def _law_json(folder, name="中华人民共和国测试法", text="为了测试，制定本法。", **extra):
    data = {
        "name": name,
        "status": "现行有效",
        "level": "法律",
        "effective_date": "2020-01-01",
        "version_date": "2020-01-01",
        "articles": [
            {"number": "第一条", "chapter": "第一章 总则", "text": text},
            {"number": "第二条", "chapter": "第一章 总则", "text": "本法适用于测试。"},
        ],
        **extra,
    }
    path = folder / "test-law.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_bundled_corpus_imports_once(db):
    path, source = bundled_database()
    records = read_sqlite(path)
    first = import_statutes(records, source=source, today=TODAY)
    assert first.laws_created == 367 and first.versions_created == 378 and first.articles_created == 26196
    again = import_statutes(read_sqlite(path), source=source, today=TODAY)
    assert (again.versions_created, again.versions_unchanged, again.articles_created) == (0, 378, 0)
    assert Article.objects.count() == 26196 and LawVersion.objects.count() == 378

    civil = Law.objects.get(short_name="民法典")
    article = Article.objects.current().get(version__law=civil, number=1165)
    assert article.label == "第一千一百六十五条" and "过错" in article.text
    assert article.citation == "《民法典》第一千一百六十五条"
    assert Article.objects.current().get(version__law__short_name="刑法", number=120, number_suffix=1).label == (
        "第一百二十条之一"
    )

    # 商标法 was revised on 2026-06-26 with effect from 2027-01-01: until then the 2019 text is the law.
    trademark = Law.objects.get(name="中华人民共和国商标法")
    assert _current(trademark).version_date == datetime.date(2019, 4, 23)
    medical = Law.objects.get(name="中华人民共和国医疗保障法")  # new law, in force 2027-01-01
    assert medical.current_version is None
    assert Law.objects.get(name="中华人民共和国农村土地承包法").current_version is None  # 已废止
    assert _current(Law.objects.get(short_name="刑法")).published_status == LawStatus.AMENDED

    assert refresh_current_versions(today=datetime.date(2027, 1, 1)) >= 3
    trademark.refresh_from_db()
    assert _current(trademark).version_date == datetime.date(2026, 6, 26)
    medical.refresh_from_db()
    assert medical.current_version is not None


def test_a_changed_text_is_a_new_version_and_the_old_one_is_kept(db, tmp_path):
    _law_json(tmp_path)
    assert "新增版本 1 个" in _run(str(tmp_path))
    old = LawVersion.objects.get()
    _law_json(tmp_path, text="为了更好地测试，制定本法。")
    assert "被替换 1" in _run(str(tmp_path))
    old.refresh_from_db()
    assert old.superseded_at is not None and old.articles.count() == 2  # still there for old citations
    law = Law.objects.get()
    assert law.short_name == "测试法" and law.current_version != old
    assert _current(law).articles.get(number=1).text == "为了更好地测试，制定本法。"
    assert "新增版本 0 个" in _run(str(tmp_path))


def test_the_search_index_is_rebuilt_only_when_the_corpus_changed(db, tmp_path, index_home):
    from gongfa.knowledge.search import FINGERPRINT_FILE, index_dir, load_index

    _law_json(tmp_path)
    assert "检索索引：2 条现行条文" in _run(str(tmp_path))
    stamp = index_dir() / FINGERPRINT_FILE
    built = stamp.stat().st_mtime_ns
    assert "法规库未变，沿用已有索引" in _run(str(tmp_path))  # a restart of `make run`
    assert stamp.stat().st_mtime_ns == built
    assert "法规库未变，沿用已有索引" in _run("--refresh-only")
    _law_json(tmp_path, text="为了更好地测试，制定本法。")  # a new version in force
    assert "检索索引：2 条现行条文" in _run(str(tmp_path))
    index = load_index()
    assert index is not None and len(index.article_ids) == 2
    assert set(index.article_ids.tolist()) == set(Article.objects.current().values_list("pk", flat=True))
    Law.objects.update(short_name="测法")  # the documents carry the short name
    assert "检索索引：2 条现行条文" in _run(str(tmp_path))
    assert "检索索引：2 条现行条文" in _run(str(tmp_path), "--rebuild-index")
    stamp.unlink()  # an interrupted build leaves no fingerprint: rebuilt
    assert "检索索引：2 条现行条文" in _run(str(tmp_path))


def test_markdown_laws(db, tmp_path):
    (tmp_path / "law.md").write_text(
        "# 中华人民共和国示例法\n- 施行日期：2021-01-01\n- 时效性：现行有效\n\n## 第一章 总则\n"
        "第一条　为了示例，制定本法。\n第二条 本法所称示例，\n包括下列情形。\n### 第一节 其他\n第二条之一 补充规定。\n",
        encoding="utf-8",
    )
    _run(str(tmp_path))
    law = Law.objects.get(name="中华人民共和国示例法")
    articles = list(Article.objects.filter(version=_current(law)))
    assert [a.label for a in articles] == ["第一条", "第二条", "第二条之一"]
    assert articles[1].text == "本法所称示例，\n包括下列情形。" and articles[1].chapter == "第一章 总则"
    assert articles[2].section == "第一节 其他" and (articles[2].number, articles[2].number_suffix) == (2, 1)


# --- Malformed sources: the import stops with the file and line; the corpus stays as it was. ----------


@pytest.fixture
def existing(db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("good")
    _law_json(folder)
    _run(str(folder))
    return (Law.objects.count(), LawVersion.objects.count(), Article.objects.count())


def _refused(path, *expected):
    with pytest.raises(CommandError) as raised:
        _run(str(path))
    message = str(raised.value)
    assert "现有法规库保持不变" in message
    for part in expected:
        assert part in message, message
    return message


def _unchanged(existing):
    assert (Law.objects.count(), LawVersion.objects.count(), Article.objects.count()) == existing


def test_broken_json_names_the_file_and_line(existing, tmp_path):
    (tmp_path / "a.json").write_text(
        '{"name": "中华人民共和国某法",\n "articles": [\n  {"number": "第一条" "text": "x"}]}'
    )
    _refused(tmp_path, "a.json", "第 3 行", "JSON 格式错误")
    _unchanged(existing)


def test_one_bad_file_among_good_ones_imports_nothing(existing, tmp_path):
    _law_json(tmp_path, name="中华人民共和国另一法")
    (tmp_path / "z.md").write_text("# 某法\n这一行不是条文\n第一条 内容\n", encoding="utf-8")
    _refused(tmp_path, "z.md", "第 2 行")
    _unchanged(existing)
    assert not Law.objects.filter(name="中华人民共和国另一法").exists()


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"status": "大概有效"}, "无法识别的时效性"),
        ({"effective_date": "2020年1月1日"}, "日期格式不正确"),
        ({"articles": []}, "articles 应为非空列表"),
        ({"articles": [{"number": "第一条", "text": "  "}]}, "没有条文内容"),
        ({"articles": [{"number": "", "text": "内容"}]}, "缺少条号"),
        ({"name": ""}, "name（法律名称）"),
    ],
)
def test_bad_values_are_refused(existing, tmp_path, extra, expected):
    _law_json(tmp_path, **extra)
    _refused(tmp_path, "test-law.json", expected)
    _unchanged(existing)


def test_a_sqlite_file_without_the_schema(existing, tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE laws (law_id TEXT, law_name TEXT)")
        connection.execute("CREATE TABLE articles (id INTEGER)")
    _refused(path, "other.db", "表 laws", "缺少列")
    _unchanged(existing)


def test_an_article_of_an_unknown_law(existing, tmp_path):
    source, _ = bundled_database()
    path = tmp_path / "copy.db"
    path.write_bytes(source.read_bytes())
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE articles SET law_id = 'nope' WHERE id = (SELECT MIN(id) FROM articles)")
    _refused(path, "copy.db", "表 articles", "law_id 'nope'")
    _unchanged(existing)


def test_not_a_corpus_at_all(existing, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    _refused(tmp_path / "missing.db", "文件不存在")
    _refused(tmp_path, "没有 .json 或 .md 文件")
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all" * 100)
    _refused(tmp_path / "junk.db", "junk.db")
    _unchanged(existing)


def test_reading_does_not_touch_the_database(tmp_path):
    """Sources are read and checked completely before the first write."""
    _law_json(tmp_path)
    records = read_folder(tmp_path)
    assert records[0].articles[0].number == 1
    with pytest.raises(CorpusError):
        read_folder(tmp_path / "nowhere")


def test_the_daily_task_and_the_command_refresh_the_version_in_force(db, tmp_path, time_machine):
    _law_json(tmp_path, effective_date="2027-01-01", version_date="2026-12-01")
    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC))
    _run(str(tmp_path))
    assert Law.objects.get().current_version is None  # not yet in force
    time_machine.move_to(datetime.datetime(2027, 1, 1, 12, tzinfo=datetime.UTC))
    from gongfa.knowledge.tasks import refresh_current_law_versions

    assert refresh_current_law_versions.delay().get() == 1
    assert Law.objects.get().current_version is not None
    assert "现行版本变化 0 部" in _run("--refresh-only")
