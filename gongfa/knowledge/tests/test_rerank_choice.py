"""Choosing the re-ranker by QA_RERANKER, and rerank()'s promise: never raise, keep every candidate."""

import logging
import time

import pytest

from gongfa.knowledge.rerank import (
    Candidate,
    RerankError,
    default_budget_s,
    forget_rerankers,
    get_reranker,
    rerank,
)
from gongfa.knowledge.rerank.llm import LlmReranker
from gongfa.knowledge.rerank.onnx import OnnxReranker
from gongfa.knowledge.tests.test_rerank_onnx import build_cross_encoder

# Personal data a citizen may type: it must never reach a log line.
QUESTION = "我叫张三，电话13812345678，老板拖欠工资怎么办"
CANDIDATES = [
    Candidate(
        article_id=7,
        citation="《劳动合同法》第三十条",
        text="用人单位应当按照劳动合同约定和国家规定，及时足额支付劳动报酬。",
    ),
    Candidate(
        article_id=3, citation="《劳动合同法》第八十五条", text="未及时足额支付劳动报酬的，由劳动行政部门责令限期支付。"
    ),
    Candidate(
        article_id=9,
        citation="《劳动争议调解仲裁法》第五条",
        text="发生劳动争议，当事人可以向劳动争议仲裁委员会申请仲裁。",
    ),
]
FUSED = [7, 3, 9]


@pytest.fixture(autouse=True)
def no_cached_rerankers():
    forget_rerankers()
    yield
    forget_rerankers()


def warnings_in(caplog):
    return [r for r in caplog.records if r.name == "gongfa.knowledge.rerank" and r.levelno == logging.WARNING]


def test_the_default_keeps_the_fused_order_silently(settings, caplog):
    del settings.QA_RERANKER
    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES)

    assert outcome.article_ids == FUSED and outcome.reranker == "none" and outcome.fallback_reason == ""
    assert get_reranker().name == "none" and not warnings_in(caplog)


def test_the_default_budget_is_one_and_a_half_seconds(settings):
    del settings.QA_RERANKER_BUDGET_MS
    assert default_budget_s() == 1.5
    settings.QA_RERANKER_BUDGET_MS = 400
    assert default_budget_s() == 0.4
    settings.QA_RERANKER_BUDGET_MS = "soon"  # rerank() must not raise over a mistyped setting
    assert default_budget_s() == 1.5


def test_each_name_gives_its_reranker_once_per_configuration(settings, tmp_path):
    settings.QA_RERANKER_MODEL_DIR = str(tmp_path)
    settings.LLM_BASE_URL = "http://127.0.0.1:8000/v1"
    settings.LLM_MODEL = "qwen-test"

    assert isinstance(get_reranker("onnx"), OnnxReranker)
    assert isinstance(get_reranker(" LLM "), LlmReranker)
    assert get_reranker("onnx") is get_reranker("onnx")
    llm = get_reranker("llm")
    settings.LLM_MODEL = "another"
    assert get_reranker("llm") is not llm


def test_an_unknown_name_is_refused(settings):
    with pytest.raises(RerankError, match="无效"):
        get_reranker("magic")


def test_an_unknown_setting_falls_back_without_raising(settings, caplog):
    settings.QA_RERANKER = "magic"
    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES)

    assert outcome.article_ids == FUSED and outcome.reranker == "magic"
    assert "QA_RERANKER 的值“magic”无效" in outcome.fallback_reason
    assert len(warnings_in(caplog)) == 1


def test_a_broken_model_path_falls_back_and_says_why(settings, tmp_path, caplog):
    settings.QA_RERANKER = "onnx"
    settings.QA_RERANKER_MODEL_DIR = str(tmp_path / "not-there")
    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES)

    assert outcome.article_ids == FUSED and outcome.reranker == "onnx"
    assert outcome.fallback_reason == "重排序模型目录不存在（QA_RERANKER_MODEL_DIR）"
    [record] = warnings_in(caplog)
    assert "重排序模型目录不存在" in record.getMessage()
    assert f"question of {len(QUESTION)} characters, 3 candidates" in record.getMessage()
    assert "张三" not in caplog.text and "13812345678" not in caplog.text and "拖欠工资" not in caplog.text


def test_a_budget_of_nothing_times_out_to_the_fused_order(settings, tmp_path, caplog):
    settings.QA_RERANKER = "onnx"
    settings.QA_RERANKER_MODEL_DIR = str(build_cross_encoder(tmp_path / "model"))
    reranker = get_reranker()
    assert isinstance(reranker, OnnxReranker)
    reranker.load()  # loading is not what runs out of time here
    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES, budget_s=0.0)

    assert outcome.article_ids == FUSED and outcome.reranker == "onnx"
    assert outcome.fallback_reason.startswith("超时（预算 0 毫秒）")
    assert "超时" in caplog.text and "张三" not in caplog.text


class Scripted:
    """A re-ranker of the test's own, answering what the test says."""

    name = "scripted"

    def __init__(self, answer):
        self.answer = answer

    def rerank(self, question, candidates, *, budget_s):
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (RerankError("模型不可用"), "模型不可用"),
        (TimeoutError(), "超时（预算 1500 毫秒）"),
        (ValueError(f"cannot read {QUESTION}"), "意外错误 ValueError（test_rerank_choice.py:"),
        ([9, 7], "重排序结果与候选法条不一致"),
        ([9, 7, 3, 3], "重排序结果与候选法条不一致"),
        ([9, 7, 4], "重排序结果与候选法条不一致"),
    ],
    ids=["rerank-error", "timeout", "any-exception", "one-missing", "one-twice", "a-stranger"],
)
def test_whatever_goes_wrong_the_fused_order_comes_back(caplog, answer, reason):
    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES, reranker=Scripted(answer), budget_s=1.5)

    assert outcome.article_ids == FUSED and outcome.reranker == "scripted"
    assert outcome.fallback_reason.startswith(reason)
    assert len(warnings_in(caplog)) == 1
    # An exception's own message may quote the question; only its class and place are logged.
    assert "张三" not in caplog.text and "cannot read" not in caplog.text


def test_an_answer_later_than_the_budget_is_not_used(caplog):
    class Slow(Scripted):
        def rerank(self, question, candidates, *, budget_s):
            time.sleep(0.05)
            return self.answer

    with caplog.at_level(logging.WARNING, logger="gongfa.knowledge.rerank"):
        outcome = rerank(QUESTION, CANDIDATES, reranker=Slow([9, 3, 7]), budget_s=0.01)

    assert outcome.article_ids == FUSED and outcome.fallback_reason.startswith("超时：用时")
    assert outcome.elapsed_ms >= 50


def test_a_good_answer_is_applied():
    outcome = rerank(QUESTION, CANDIDATES, reranker=Scripted([9, 3, 7]), budget_s=1.5)
    assert outcome.article_ids == [9, 3, 7] and outcome.fallback_reason == "" and outcome.elapsed_ms >= 0


def test_nothing_to_reorder_is_not_sent_to_the_reranker():
    failing = Scripted(RerankError("should not be asked"))
    assert rerank(QUESTION, CANDIDATES[:1], reranker=failing).article_ids == [7]
    assert rerank(QUESTION, [], reranker=failing).article_ids == []
