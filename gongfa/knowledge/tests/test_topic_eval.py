"""manage.py topic_eval: accuracy, macro-F1 and confusions of the triage classifier; bad files refused."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongfa.workorders.classify import TopicGuess
from gongfa.workorders.models import Topic


def divorce_only(text: str) -> TopicGuess:
    """A stand-in classifier with known answers: 离婚 → 婚姻家庭, anything else unclassified."""
    topic = Topic.objects.get(name="婚姻家庭") if "离婚" in text else None
    return TopicGuess(topic, 1.0 if topic else 0.0, "test")


def _eval(path):
    out = StringIO()
    call_command("topic_eval", str(path), stdout=out)
    return out.getvalue().strip().splitlines()


def _write(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")


def test_scores_and_confusions(db, settings, tmp_path):
    settings.TOPIC_CLASSIFIER = f"{__name__}.divorce_only"
    path = tmp_path / "topics.jsonl"
    _write(
        path,
        [
            {"id": "1", "question": "我想离婚", "label": "婚姻家庭"},
            {"id": "2", "question": "离婚后孩子归谁", "label": "婚姻家庭"},
            {"id": "3", "question": "老板不发工资", "label": "劳动纠纷"},
            {"id": "4", "question": "离婚前他打我", "label": "人身损害"},
        ],
    )
    lines = _eval(path)
    result = json.loads(lines[-1])
    assert result["n"] == 4 and result["accuracy"] == 0.5
    # 婚姻家庭: precision 2/3, recall 1 → F1 0.8; 劳动纠纷 and 人身损害: 0 → macro 0.8 / 3
    assert result["per_label_f1"]["婚姻家庭"] == 0.8 and result["macro_f1"] == pytest.approx(0.8 / 3, abs=1e-4)
    assert {"gold": "劳动纠纷", "predicted": "其他", "count": 1} in result["confusions"]
    assert lines[0].startswith("n 4  accuracy 0.500")


def test_the_default_keyword_table_is_what_is_measured(db, tmp_path):
    path = tmp_path / "topics.jsonl"
    _write(path, [{"id": "1", "question": "离婚财产怎么分割", "label": "婚姻家庭"}])
    assert json.loads(_eval(path)[-1])["accuracy"] == 1.0


def test_bad_files(db, tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        _eval(tmp_path / "none.jsonl")
    path = tmp_path / "bad.jsonl"
    path.write_text('{"question": "没有标签"}', encoding="utf-8")
    with pytest.raises(CommandError, match="第 1 行"):
        _eval(path)
