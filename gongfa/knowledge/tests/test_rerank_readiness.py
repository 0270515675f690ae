"""/readyz names a configured re-ranker that cannot work; questions keep working meanwhile."""

import os

import pytest

from gongfa.core.health import CheckFailed, registered_checks
from gongfa.knowledge.health import check_reranker
from gongfa.knowledge.rerank import Candidate, forget_rerankers, rerank
from gongfa.knowledge.tests.test_rerank_onnx import build_cross_encoder, write_model, write_tokenizer


@pytest.fixture(autouse=True)
def no_cached_rerankers():
    forget_rerankers()
    yield
    forget_rerankers()


@pytest.fixture
def onnx_dir(settings, tmp_path):
    folder = tmp_path / "reranker"
    settings.QA_RERANKER = "onnx"
    settings.QA_RERANKER_MODEL_DIR = str(folder)
    return folder


def test_the_check_is_registered():
    assert registered_checks()["qa reranker"] is check_reranker


def test_the_default_needs_nothing(settings):
    settings.QA_RERANKER = "none"
    assert check_reranker() == "none"


def test_an_unknown_reranker_is_not_ready(settings):
    settings.QA_RERANKER = "bert"
    with pytest.raises(CheckFailed, match=r"QA_RERANKER 的值“bert”无效（应为 none、onnx、llm 之一）"):
        check_reranker()


def test_onnx_without_a_model_directory_setting(settings):
    settings.QA_RERANKER = "onnx"
    settings.QA_RERANKER_MODEL_DIR = ""
    with pytest.raises(CheckFailed, match="未设置 QA_RERANKER_MODEL_DIR"):
        check_reranker()


def test_a_missing_model_directory(onnx_dir):
    with pytest.raises(CheckFailed, match=r"问答重排序不可用：重排序模型目录不存在（QA_RERANKER_MODEL_DIR）"):
        check_reranker()


def test_a_directory_without_model_onnx(onnx_dir):
    onnx_dir.mkdir()
    write_tokenizer(onnx_dir)
    with pytest.raises(CheckFailed, match=r"缺少 model\.onnx"):
        check_reranker()


def test_a_model_onnx_that_is_not_a_model(onnx_dir):
    onnx_dir.mkdir()
    write_tokenizer(onnx_dir)
    (onnx_dir / "model.onnx").write_bytes(os.urandom(4096))
    with pytest.raises(CheckFailed, match=r"model\.onnx 不是有效的 ONNX 模型（加载失败）"):
        check_reranker()


def test_a_missing_tokenizer(onnx_dir):
    onnx_dir.mkdir()
    write_model(onnx_dir)
    with pytest.raises(CheckFailed, match=r"缺少 tokenizer\.json"):
        check_reranker()


def test_an_unreadable_tokenizer(onnx_dir):
    onnx_dir.mkdir()
    write_model(onnx_dir)
    (onnx_dir / "tokenizer.json").write_text('{"version": "1.0", "model": "什么"}', encoding="utf-8")
    with pytest.raises(CheckFailed, match=r"tokenizer\.json 无法读取"):
        check_reranker()


def test_a_model_without_input_ids(onnx_dir):
    onnx_dir.mkdir()
    write_tokenizer(onnx_dir)
    write_model(onnx_dir, ids_name="tokens")
    with pytest.raises(CheckFailed, match="没有 input_ids 输入"):
        check_reranker()


def test_a_good_model_is_ready_and_stays_loaded(onnx_dir):
    build_cross_encoder(onnx_dir)

    assert check_reranker() == "onnx（输入 input_ids, attention_mask, token_type_ids）"
    # Loaded by readiness, kept for the questions: removing the files changes nothing now.
    (onnx_dir / "model.onnx").unlink()
    assert check_reranker().startswith("onnx")


def test_a_repaired_model_is_picked_up_without_a_restart(onnx_dir):
    candidates = [Candidate(1, "《测试法》第一条", "劳动"), Candidate(2, "《测试法》第二条", "欠薪")]
    assert rerank("工资", candidates).fallback_reason == "重排序模型目录不存在（QA_RERANKER_MODEL_DIR）"
    build_cross_encoder(onnx_dir)
    # Questions do not re-read the files at once after a failed load (a broken large model would
    # cost every question a load) …
    assert rerank("工资", candidates).fallback_reason == "重排序模型目录不存在（QA_RERANKER_MODEL_DIR）"
    # … readiness does, and from then on the questions use the model.
    assert check_reranker().startswith("onnx")
    outcome = rerank("工资", candidates, budget_s=30)
    assert outcome.fallback_reason == "" and outcome.article_ids == [2, 1]


def test_llm_without_a_base_url(settings):
    settings.QA_RERANKER = "llm"
    settings.LLM_BASE_URL = ""
    settings.LLM_MODEL = "qwen-test"
    with pytest.raises(CheckFailed, match="未设置 LLM_BASE_URL"):
        check_reranker()


@pytest.mark.parametrize("url", ["127.0.0.1:8000/v1", "ftp://models.example/v1", "http://", "http://host:port/v1"])
def test_llm_with_a_malformed_base_url(settings, url):
    settings.QA_RERANKER = "llm"
    settings.LLM_BASE_URL = url
    settings.LLM_MODEL = "qwen-test"
    with pytest.raises(CheckFailed, match="LLM_BASE_URL 格式不正确"):
        check_reranker()


def test_llm_without_a_model_name(settings):
    settings.QA_RERANKER = "llm"
    settings.LLM_BASE_URL = "http://127.0.0.1:8000/v1"
    settings.LLM_MODEL = ""
    with pytest.raises(CheckFailed, match="未设置 LLM_MODEL"):
        check_reranker()


def test_llm_is_ready_without_calling_the_server(settings):
    settings.QA_RERANKER = "llm"
    settings.LLM_BASE_URL = "http://127.0.0.1:9/v1"  # discard port: a call would fail
    settings.LLM_MODEL = "qwen-test"
    assert check_reranker() == "llm"


def test_a_mistyped_number_setting_is_named(onnx_dir, settings):
    build_cross_encoder(onnx_dir)
    settings.QA_RERANKER_BATCH = "many"
    with pytest.raises(CheckFailed, match="QA_RERANKER_BATCH 应为整数"):
        check_reranker()
