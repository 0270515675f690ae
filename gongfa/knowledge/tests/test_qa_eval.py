"""manage.py qa_eval: recall, hit, MRR and latency per source; bad files refused with the line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _eval(path):
    out = StringIO()
    call_command("qa_eval", str(path), stdout=out)
    return out.getvalue().strip().splitlines()


def _item(question, article, source="s1"):
    gold = [{"law_name": "中华人民共和国劳动报酬保障法", "article_no": article}]
    return json.dumps({"id": question[:4], "question": question, "gold": gold, "source": source}, ensure_ascii=False)


def test_metrics_per_source_and_a_json_last_line(small_corpus, tmp_path):
    path = tmp_path / "dev.jsonl"
    lines = [
        _item("单位拖欠劳动报酬", "第一条"),
        _item("交通事故保险赔偿", "第三条", "s2"),
        _item("宇宙飞船", "第二条", "s2"),
    ]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    output = _eval(path)
    result = json.loads(output[-1])
    assert result["n"] == 3
    assert result["recall@1"] == pytest.approx(2 / 3, abs=1e-3) and result["hit@10"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["mrr@100"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["by_source"]["s1"]["recall@5"] == 1.0 and result["by_source"]["s2"]["recall@5"] == 0.5
    assert result["median_ms"] >= 0 and result["p95_ms"] >= result["median_ms"]
    assert output[0].split()[:3] == ["n", "R@1", "R@5"] and output[1].startswith("overall")


def test_bad_files(small_corpus, tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        _eval(tmp_path / "nope.jsonl")
    broken = tmp_path / "broken.jsonl"
    broken.write_text(_item("单位拖欠劳动报酬", "第一条") + '\n{"question": "缺 gold"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行"):
        _eval(broken)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(CommandError, match="没有评测条目"):
        _eval(empty)


def test_an_empty_corpus_is_reported(db, index_home, tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text(_item("单位拖欠劳动报酬", "第一条"), encoding="utf-8")
    with pytest.raises(CommandError, match="import_statutes"):
        _eval(path)
