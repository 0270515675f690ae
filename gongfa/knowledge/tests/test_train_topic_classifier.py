"""manage.py train_topic_classifier: counts per topic and source, the saved model, refusals."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongfa.knowledge import topics
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.models import FaqEntry
from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import read_folder
from gongfa.knowledge.tests.conftest import write_law
from gongfa.knowledge.tests.test_topic_classifier import PATENT_LAW, TRAFFIC_LAW
from gongfa.workorders.models import Topic


def _train(*args):
    out = StringIO()
    call_command("train_topic_classifier", *args, stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.fixture(autouse=True)
def no_model_left_loaded():
    topics.forget_loaded_model()
    yield
    topics.forget_loaded_model()


def test_refuses_without_texts_to_learn_from(db, index_home):
    with pytest.raises(CommandError, match="训练数据不足：只有 0 条文本样本"):
        _train()
    assert not (index_home / "models" / topics.MODEL_NAME).exists()


def test_refuses_when_only_one_topic_has_texts(db, index_home):
    labour = Topic.objects.get(code="labour")
    for question in ["单位拖欠工资怎么办", "没签劳动合同能要二倍工资吗"]:
        FaqEntry.objects.create(question=question, answer="答", topic=labour, status=FaqStatus.PUBLISHED)
    with pytest.raises(CommandError, match="至少需要 2 个"):
        _train("--min-examples", "1", "--no-corpus")


def test_trains_from_corpus_and_faq_and_reports_counts(db, tmp_path, index_home):
    folder = tmp_path / "laws"
    folder.mkdir()
    write_law(folder, PATENT_LAW, "patent.json")
    write_law(folder, TRAFFIC_LAW, "traffic.json")
    import_statutes(read_folder(folder), source="test")
    family = Topic.objects.get(code="marriage_family")
    FaqEntry.objects.create(question="离婚后孩子归谁抚养", answer="答", topic=family, status=FaqStatus.PUBLISHED)
    FaqEntry.objects.create(question="草稿不算", answer="答", topic=family, status=FaqStatus.DRAFT)
    lines = _train("--min-examples", "4")
    assert lines[0].split("\t") == ["类别", "常见问题", "提示词", "法条"]
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in lines[1:-1]}
    assert rows["知识产权"][0] == "0" and rows["知识产权"][2] == "2"
    assert rows["交通事故"][2] == "1"
    assert rows["婚姻家庭"][0] == "1" and int(rows["婚姻家庭"][1]) > 10
    assert "其他" not in rows
    assert lines[-1].startswith("已训练") and "常见问题 1" in lines[-1] and "法条 3" in lines[-1]
    path = index_home / "models" / topics.MODEL_NAME
    assert path.exists() and not list(path.parent.glob(".topic-*"))  # no temporary file left
    model = topics.get_model()
    assert model is not None and model.counts["corpus"] == {"intellectual_property": 2, "traffic_accident": 1}


def test_min_examples_counts_only_texts(db, index_home):
    family = Topic.objects.get(code="marriage_family")
    FaqEntry.objects.create(question="离婚后孩子归谁抚养", answer="答", topic=family, status=FaqStatus.PUBLISHED)
    with pytest.raises(CommandError, match="只有 1 条文本样本"):
        _train("--min-examples", "2")


def test_the_nightly_task_trains_or_says_why_not(db, settings, tmp_path):
    from gongfa.knowledge.tasks import train_topic_classifier
    from gongfa.knowledge.topics import model_path

    settings.VAR_DIR = tmp_path
    assert train_topic_classifier().startswith("skipped: 训练数据不足")  # an empty platform
    assert not model_path().exists()


def test_a_second_run_on_unchanged_data_keeps_the_model_and_a_change_retrains(db, tmp_path, index_home):
    folder = tmp_path / "laws"
    folder.mkdir()
    write_law(folder, PATENT_LAW, "patent.json")
    write_law(folder, TRAFFIC_LAW, "traffic.json")
    import_statutes(read_folder(folder), source="test")
    family = Topic.objects.get(code="marriage_family")
    FaqEntry.objects.create(question="离婚后孩子归谁抚养", answer="答", topic=family, status=FaqStatus.PUBLISHED)
    assert _train("--min-examples", "4")[-1].startswith("已训练")
    path = index_home / "models" / topics.MODEL_NAME
    written = path.stat().st_mtime_ns
    assert _train("--min-examples", "4") == ["训练数据未变，沿用已有模型（--force 可重新训练）"]
    assert path.stat().st_mtime_ns == written
    # A new published FAQ entry is new training data: the model is trained again.
    FaqEntry.objects.create(question="彩礼要不要退", answer="答", topic=family, status=FaqStatus.PUBLISHED)
    assert _train("--min-examples", "4")[-1].startswith("已训练")
    assert _train("--min-examples", "4", "--force")[-1].startswith("已训练")
    assert topics.model_is_current()
