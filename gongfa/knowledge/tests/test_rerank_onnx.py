"""The cross-encoder re-ranker, run for real on a tiny model these tests build themselves.

The model scores a (question, article) pair as the sum of per-character weights over the article
segment only (token_type_ids = 1, attention_mask = 1), so the expected order is known: 欠 weighs 5,
薪 3, everything else 0, and [PAD] 100, so that a padding token counted by mistake shows at once.
"""

import threading
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

from gongfa.knowledge.rerank import Candidate, forget_rerankers, get_reranker, rerank
from gongfa.knowledge.rerank.onnx import OnnxReranker

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
CHARACTERS = "工资欠薪拖仲裁劳动者用人单位应当按时支付报酬的可以申请一二三四五六七八九十离婚子女抚养交通事故赔偿怎么办"
VOCAB = {token: i for i, token in enumerate(dict.fromkeys([*SPECIAL, *CHARACTERS]))}
WEIGHTS = {"欠": 5.0, "薪": 3.0, "[PAD]": 100.0}
QUESTION = "工资欠薪怎么办"  # its own 欠 and 薪 must not count: only the article segment does


def write_tokenizer(folder: Path) -> None:
    """A BERT-Chinese-like tokenizer: one token per Chinese character, [CLS] q [SEP] a [SEP]."""
    tokenizer = Tokenizer(models.WordLevel(VOCAB, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(
        clean_text=True, handle_chinese_chars=True, strip_accents=False, lowercase=False
    )
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", VOCAB["[CLS]"]), ("[SEP]", VOCAB["[SEP]"])],
    )
    tokenizer.save(str(folder / "tokenizer.json"))


def write_model(folder: Path, *, head: str = "one", segments: bool = True, ids_name: str = "input_ids") -> None:
    """head: "one" → logits (batch, 1); "two" → (batch, 2), relevance second; "flat" → (batch,).
    segments=False: a model without token_type_ids (XLM-R style), counting the question too."""
    weights = np.zeros(len(VOCAB), dtype=np.float32)
    for token, weight in WEIGHTS.items():
        weights[VOCAB[token]] = weight
    names = [ids_name, "attention_mask"] + (["token_type_ids"] if segments else [])
    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"]) for name in names]
    nodes = [
        helper.make_node("Gather", ["weights", ids_name], ["token_weight"]),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["token_weight", "mask"], ["masked"]),
    ]
    if segments:
        nodes += [
            helper.make_node("Cast", ["token_type_ids"], ["segment"], to=TensorProto.FLOAT),
            helper.make_node("Mul", ["masked", "segment"], ["counted"]),
        ]
    else:
        nodes.append(helper.make_node("Identity", ["masked"], ["counted"]))
    if head == "flat":
        nodes.append(helper.make_node("ReduceSum", ["counted", "axes"], ["logits"], keepdims=0))
        output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch"])
    elif head == "one":
        nodes.append(helper.make_node("ReduceSum", ["counted", "axes"], ["logits"], keepdims=1))
        output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1])
    else:  # the first column ranks the other way round: reading it would reverse the order
        nodes += [
            helper.make_node("ReduceSum", ["counted", "axes"], ["relevant"], keepdims=1),
            helper.make_node("Neg", ["relevant"], ["irrelevant"]),
            helper.make_node("Concat", ["irrelevant", "relevant"], ["logits"], axis=1),
        ]
        output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])
    graph = helper.make_graph(
        nodes,
        "tiny_cross_encoder",
        inputs,
        [output],
        initializer=[
            numpy_helper.from_array(weights, "weights"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "axes"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=9)
    onnx.checker.check_model(model)
    onnx.save(model, str(folder / "model.onnx"))


def build_cross_encoder(folder: Path, **model_options) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_tokenizer(folder)
    write_model(folder, **model_options)
    return folder


def expected_score(text: str) -> float:
    return sum(WEIGHTS.get(character, 0.0) for character in text)


def candidates_for(texts: list[str]) -> list[Candidate]:
    return [Candidate(article_id=100 + i, citation=f"《测试法》第{i + 1}条", text=text) for i, text in enumerate(texts)]


@pytest.fixture(autouse=True)
def no_cached_rerankers():
    forget_rerankers()
    yield
    forget_rerankers()


@pytest.fixture
def cross_encoder(tmp_path, settings):
    settings.QA_RERANKER = "onnx"
    settings.QA_RERANKER_MODEL_DIR = str(build_cross_encoder(tmp_path / "reranker"))
    settings.QA_RERANKER_BUDGET_MS = 30_000  # a cold CI machine must not turn a test into a fallback
    return tmp_path / "reranker"


def test_the_article_with_the_weighted_characters_ranks_first(cross_encoder):
    candidates = candidates_for(["用人单位应当按时支付劳动报酬", "拖欠工资的劳动者可以申请仲裁", "欠薪"])

    outcome = rerank(QUESTION, candidates)

    assert outcome.reranker == "onnx" and outcome.fallback_reason == ""
    assert outcome.article_ids == [102, 101, 100]


def test_scores_count_the_article_only_and_never_the_padding(cross_encoder):
    texts = ["用人单位应当按时支付劳动报酬的可以申请仲裁一二三四五六七八九十", "欠", "薪欠薪", ""]
    reranker = get_reranker()
    assert isinstance(reranker, OnnxReranker)

    scores = reranker.load().score(QUESTION, texts)

    # Unequal lengths in one batch: the short ones are padded with [PAD] (weight 100), which the
    # attention mask must cancel; the question's own 欠 and 薪 sit in segment 0 and count nothing.
    assert scores == [0.0, 5.0, 11.0, 0.0]


def test_more_candidates_than_one_batch_are_all_scored_and_ties_keep_the_fused_order(cross_encoder, settings):
    settings.QA_RERANKER_BATCH = 4
    texts = ["劳动", "欠", "薪薪", "用人单位", "欠欠薪", "工资", "薪", "欠薪", "子女抚养", "交通事故赔偿欠", "离婚"]
    candidates = candidates_for(texts)

    outcome = rerank(QUESTION, candidates)

    expected = [c.article_id for c in sorted(candidates, key=lambda c: -expected_score(c.text))]
    assert outcome.fallback_reason == ""
    assert outcome.article_ids == expected
    # 13 (欠欠薪), then 8 (欠薪), 6 (薪薪), then the three 5s in their fused order, …
    assert outcome.article_ids[:6] == [104, 107, 102, 101, 109, 106]
    assert outcome.article_ids[6:] == [100, 103, 105, 108, 110]


def test_pairs_longer_than_max_tokens_are_cut(cross_encoder, settings):
    settings.QA_RERANKER_MAX_TOKENS = 8  # [CLS] + 2 + [SEP] + 3 + [SEP]: the long article keeps 3
    candidates = candidates_for(["一二三四五六欠欠欠", "欠"])

    outcome = rerank("工资", candidates)

    assert outcome.article_ids == [101, 100]  # 欠欠欠 was cut off; uncut it would score 15


@pytest.mark.parametrize(
    "model_options",
    [{"head": "two"}, {"head": "flat"}, {"segments": False}],
    ids=["logits-batch-by-2", "logits-batch", "no-token-type-ids"],
)
def test_the_usual_heads_and_inputs_of_cross_encoders_are_understood(tmp_path, settings, model_options):
    settings.QA_RERANKER = "onnx"
    settings.QA_RERANKER_MODEL_DIR = str(build_cross_encoder(tmp_path / "model", **model_options))
    settings.QA_RERANKER_BUDGET_MS = 30_000
    settings.QA_RERANKER_BATCH = 2
    candidates = candidates_for(["劳动报酬", "欠薪欠", "薪", "拖欠"])

    outcome = rerank(QUESTION, candidates)

    assert outcome.fallback_reason == ""
    assert outcome.article_ids == [101, 103, 102, 100]


def test_the_model_is_loaded_once_per_process_even_when_asked_at_once(cross_encoder):
    reranker = get_reranker()
    assert isinstance(reranker, OnnxReranker)
    loaded = []

    def load():
        loaded.append(reranker.load())

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(loaded) == 8 and all(model is loaded[0] for model in loaded)
    assert get_reranker() is reranker and reranker.load() is loaded[0]


def test_a_changed_model_directory_gives_a_new_reranker(cross_encoder, settings, tmp_path):
    first = get_reranker()
    settings.QA_RERANKER_MODEL_DIR = str(build_cross_encoder(tmp_path / "other"))

    assert get_reranker() is not first
