"""The cross-encoder re-ranker (QA_RERANKER = "onnx"): an operator's model in ONNX, run on the CPU.

The operator's directory holds ``model.onnx`` (a sequence-classification cross-encoder, e.g. a
Chinese BERT re-ranker exported with optimum) and ``tokenizer.json`` (its HuggingFace fast
tokenizer). Each (question, article text) pair is scored; a higher logit is more relevant.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gongfa.knowledge.rerank.base import Candidate, RerankError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
# What a BERT-style cross-encoder may ask for; a model wanting anything else cannot be fed.
FEEDABLE_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
PAD_TOKENS = ("[PAD]", "<pad>")
RETRY_AFTER_S = 60.0


@dataclass(frozen=True)
class LoadedModel:
    session: Any  # onnxruntime.InferenceSession (untyped); run() is safe from several threads
    tokenizer: Tokenizer  # set up once at load (truncation, padding), only read afterwards
    input_names: tuple[str, ...]
    output_name: str

    def score(self, question: str, texts: Sequence[str]) -> list[float]:
        """One relevance logit per text, for one batch (padded to its longest pair)."""
        encodings = self.tokenizer.encode_batch([(question, text) for text in texts])
        columns = {
            "input_ids": [e.ids for e in encodings],
            "attention_mask": [e.attention_mask for e in encodings],
            "token_type_ids": [e.type_ids for e in encodings],
        }
        feeds = {name: np.asarray(columns[name], dtype=np.int64) for name in self.input_names}
        logits = np.asarray(self.session.run([self.output_name], feeds)[0], dtype=np.float64)
        return relevance(logits, len(texts))


def relevance(logits: np.ndarray, batch: int) -> list[float]:
    """The relevance score from the usual cross-encoder heads: one logit, or (other, relevant)."""
    if logits.ndim == 2 and logits.shape[1] in (1, 2):
        logits = logits[:, -1]  # (batch, 1): the logit; (batch, 2): the "relevant" class
    if logits.shape != (batch,):
        raise RerankError(f"模型输出形状 {logits.shape} 无法识别（应为 (批量,)、(批量,1) 或 (批量,2)）")
    if not np.all(np.isfinite(logits)):
        raise RerankError("模型输出了非有限数值（NaN 或无穷大）")
    return [float(value) for value in logits]


def load_model(model_dir: Path, *, max_tokens: int, threads: int) -> LoadedModel:
    """Open the operator's model and tokenizer; RerankError says in Chinese what is wrong."""
    if not model_dir.is_dir():
        raise RerankError("重排序模型目录不存在（QA_RERANKER_MODEL_DIR）")
    model_path, tokenizer_path = model_dir / MODEL_FILE, model_dir / TOKENIZER_FILE
    if not model_path.is_file():
        raise RerankError(f"重排序模型目录中缺少 {MODEL_FILE}")
    if not tokenizer_path.is_file():
        raise RerankError(f"重排序模型目录中缺少 {TOKENIZER_FILE}")
    tokenizer = load_tokenizer(tokenizer_path, max_tokens=max_tokens)

    # Imported here: a node that keeps the default re-ranker never pays for onnxruntime.
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # Web workers share the CPU: a few threads per scoring call, not one per core.
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    try:
        session = onnxruntime.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception:
        raise RerankError(f"{MODEL_FILE} 不是有效的 ONNX 模型（加载失败）") from None

    declared = {node.name: node.type for node in session.get_inputs()}
    if "input_ids" not in declared:
        raise RerankError(f"{MODEL_FILE} 没有 input_ids 输入，不是可用的交叉编码器")
    unfeedable = sorted(set(declared) - set(FEEDABLE_INPUTS))
    if unfeedable:
        raise RerankError(f"{MODEL_FILE} 需要无法提供的输入：{'、'.join(unfeedable)}")
    not_int64 = sorted(name for name, kind in declared.items() if kind != "tensor(int64)")
    if not_int64:
        raise RerankError(f"{MODEL_FILE} 的输入 {'、'.join(not_int64)} 不是 int64")
    outputs = [node.name for node in session.get_outputs()]
    output_name = "logits" if "logits" in outputs else outputs[0]
    input_names = tuple(name for name in FEEDABLE_INPUTS if name in declared)
    return LoadedModel(session=session, tokenizer=tokenizer, input_names=input_names, output_name=output_name)


def load_tokenizer(path: Path, *, max_tokens: int) -> Tokenizer:
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception:
        raise RerankError(f"{TOKENIZER_FILE} 无法读取（应为 HuggingFace 快速分词器文件）") from None
    # Whatever the file says, pad to the batch's longest pair and cut pairs at max_tokens;
    # longest_first trims the longer of question and article, so neither is lost entirely.
    tokenizer.enable_truncation(max_length=max_tokens, strategy="longest_first")
    padding = tokenizer.padding or {}
    pad_token = padding.get("pad_token")
    pad_id = padding.get("pad_id")
    if pad_token is None or pad_id is None:
        pad_token = next((token for token in PAD_TOKENS if tokenizer.token_to_id(token) is not None), None)
        if pad_token is None:
            raise RerankError(f"{TOKENIZER_FILE} 中没有填充符号（{' 或 '.join(PAD_TOKENS)}）")
        pad_id = tokenizer.token_to_id(pad_token)
    tokenizer.enable_padding(
        direction=padding.get("direction", "right"),
        pad_id=pad_id,
        pad_type_id=padding.get("pad_type_id", 0),
        pad_token=pad_token,
        length=None,
        pad_to_multiple_of=padding.get("pad_to_multiple_of"),
    )
    return tokenizer


class OnnxReranker:
    """Scores every candidate with the cross-encoder, in batches, and sorts by score.

    The model is loaded on first use and kept for the life of the process (get_reranker caches
    this object per configuration). A failed load is retried only after RETRY_AFTER_S, so a broken
    large model is not re-read on every question; readiness retries at once.
    """

    name = "onnx"

    def __init__(self, model_dir: Path, *, batch_size: int, max_tokens: int, threads: int) -> None:
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.threads = threads
        self._model: LoadedModel | None = None
        self._failed: tuple[float, str] | None = None  # when the last load failed, and why
        self._lock = threading.Lock()

    def load(self, *, retry_now: bool = False) -> LoadedModel:
        model = self._model
        if model is not None:
            return model
        with self._lock:  # one load per process, however many requests arrive at once
            if self._model is None:
                if self._failed and not retry_now and time.monotonic() - self._failed[0] < RETRY_AFTER_S:
                    raise RerankError(self._failed[1])
                try:
                    self._model = load_model(self.model_dir, max_tokens=self.max_tokens, threads=self.threads)
                except RerankError as exc:
                    self._failed = (time.monotonic(), exc.reason)
                    raise
                self._failed = None
            return self._model

    def rerank(self, question: str, candidates: Sequence[Candidate], *, budget_s: float) -> list[int]:
        deadline = time.monotonic() + budget_s
        model = self.load()
        scores: list[float] = []
        for start in range(0, len(candidates), self.batch_size):
            if time.monotonic() > deadline:  # a batch cannot be interrupted; the next one is skipped
                raise TimeoutError(f"超过时间预算，已评分 {start}/{len(candidates)} 条")
            batch = candidates[start : start + self.batch_size]
            scores.extend(model.score(question, [candidate.text for candidate in batch]))
        if time.monotonic() > deadline:
            raise TimeoutError(f"超过时间预算，已评分 {len(candidates)}/{len(candidates)} 条")
        # sorted() is stable: candidates with equal scores keep their fused order.
        order = sorted(range(len(candidates)), key=lambda i: -scores[i])
        return [candidates[i].article_id for i in order]
