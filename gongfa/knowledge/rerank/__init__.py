"""Optional re-ranking (重排序) of the Q&A's fused statute candidates (issue #19).

The Q&A fuses BM25 and its other signals into one order; a re-ranker may then reorder the top
candidates (the caller passes about 30) by reading each article against the question. It is
chosen by a setting and may only improve the order, never break the answer: ``rerank()`` never
raises, and keeps the fused order, with the reason logged, whenever the re-ranker is
misconfigured, fails, answers nonsense or runs past its time budget. ``/readyz`` reports a
configured re-ranker that cannot work (``gongfa.knowledge.health.check_reranker``).

Settings (read with defaults, so none is required):

=========================  ===========  ==========================================================
name                       default      meaning
=========================  ===========  ==========================================================
QA_RERANKER                "none"       "none" keeps the fused order; "onnx" scores each pair with
                                        a cross-encoder; "llm" asks an OpenAI-compatible server
QA_RERANKER_MODEL_DIR      ""           for "onnx": the directory holding ``model.onnx`` and its
                                        ``tokenizer.json`` (HuggingFace fast-tokenizer file)
QA_RERANKER_BUDGET_MS      1500         time allowed to one re-ranking, in milliseconds; past it
                                        the fused order is kept (raise it for "llm": a chat
                                        model rarely answers 30 articles in 1.5 s)
QA_RERANKER_BATCH          8            for "onnx": (question, article) pairs scored per call
QA_RERANKER_MAX_TOKENS     512          for "onnx": tokens per pair, question and article
                                        together; the longer of the two is cut first
QA_RERANKER_THREADS        2            for "onnx": onnxruntime intra-op threads per process
LLM_BASE_URL               ""           for "llm": the server's base URL including /v1, e.g.
                                        http://127.0.0.1:8000/v1 (shared with generation.py)
LLM_MODEL                  ""           for "llm": the model name the server serves
LLM_API_KEY                ""           for "llm": sent as ``Authorization: Bearer …`` when set
=========================  ===========  ==========================================================

The question may hold personal data: no log line here carries it, only its length.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
import urllib.parse
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gongfa.knowledge.rerank.base import Candidate, KeepOrder, Reranker, RerankError, RerankOutcome

__all__ = [
    "KINDS",
    "Candidate",
    "RerankError",
    "RerankOutcome",
    "Reranker",
    "configured_name",
    "default_budget_s",
    "forget_rerankers",
    "get_reranker",
    "rerank",
]

logger = logging.getLogger("gongfa.knowledge.rerank")

KINDS = ("none", "onnx", "llm")

_cache: dict[Hashable, Reranker] = {}
_cache_lock = threading.Lock()


def configured_name() -> str:
    return str(getattr(settings, "QA_RERANKER", "none") or "none").strip().lower()


def default_budget_s() -> float:
    try:
        budget_ms = int(getattr(settings, "QA_RERANKER_BUDGET_MS", 1500))
    except (TypeError, ValueError):  # rerank() must not raise, even over a mistyped setting
        budget_ms = 1500
    return max(0, budget_ms) / 1000


def get_reranker(name: str | None = None) -> Reranker:
    """The re-ranker named (QA_RERANKER when None), one per process and configuration.

    Raises RerankError, with a Chinese reason, when the settings cannot make one; a model file
    that is missing or broken is only found when the re-ranker first loads it.
    """
    config = _config(configured_name() if name is None else name.strip().lower())
    with _cache_lock:
        reranker = _cache.get(config)
        if reranker is None:
            reranker = _cache[config] = _build(config)
    return reranker


def forget_rerankers() -> None:
    """Drop the process's re-rankers (and the models they hold); the next call builds afresh."""
    with _cache_lock:
        _cache.clear()


# Everything a re-ranker is built from: the cache key, so a changed setting gives a new one.
@dataclass(frozen=True)
class _OnnxConfig:
    model_dir: str
    batch_size: int
    max_tokens: int
    threads: int


@dataclass(frozen=True)
class _LlmConfig:
    base_url: str
    model: str
    api_key: str


def _config(kind: str) -> Hashable:
    if kind == "none":
        return "none"
    if kind == "onnx":
        model_dir = str(getattr(settings, "QA_RERANKER_MODEL_DIR", "") or "").strip()
        if not model_dir:
            raise RerankError("QA_RERANKER 为 onnx，但未设置 QA_RERANKER_MODEL_DIR")
        return _OnnxConfig(
            model_dir=str(Path(model_dir).expanduser()),
            batch_size=_whole_number("QA_RERANKER_BATCH", 8, minimum=1),
            max_tokens=_whole_number("QA_RERANKER_MAX_TOKENS", 512, minimum=8),
            threads=_whole_number("QA_RERANKER_THREADS", 2, minimum=1),
        )
    if kind == "llm":
        base_url = str(getattr(settings, "LLM_BASE_URL", "") or "").strip()
        model = str(getattr(settings, "LLM_MODEL", "") or "").strip()
        if not base_url:
            raise RerankError("QA_RERANKER 为 llm，但未设置 LLM_BASE_URL")
        if not is_http_url(base_url):
            raise RerankError("LLM_BASE_URL 格式不正确（应为 http:// 或 https:// 开头，如 http://127.0.0.1:8000/v1）")
        if not model:
            raise RerankError("QA_RERANKER 为 llm，但未设置 LLM_MODEL")
        return _LlmConfig(base_url=base_url, model=model, api_key=str(getattr(settings, "LLM_API_KEY", "") or ""))
    raise RerankError(f"QA_RERANKER 的值“{kind[:40]}”无效（应为 {'、'.join(KINDS)} 之一）")


def _whole_number(name: str, default: int, *, minimum: int) -> int:
    try:
        value = int(getattr(settings, name, default))
    except (TypeError, ValueError):
        raise RerankError(f"{name} 应为整数") from None
    return max(minimum, value)


def is_http_url(url: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query and not parts.fragment


def _build(config: Hashable) -> Reranker:
    # Imported here: a node that keeps the default never loads the ONNX code.
    if isinstance(config, _OnnxConfig):
        from gongfa.knowledge.rerank.onnx import OnnxReranker

        return OnnxReranker(
            Path(config.model_dir),
            batch_size=config.batch_size,
            max_tokens=config.max_tokens,
            threads=config.threads,
        )
    if isinstance(config, _LlmConfig):
        from gongfa.knowledge.rerank.llm import LlmReranker

        return LlmReranker(config.base_url, model=config.model, api_key=config.api_key)
    return KeepOrder()


def rerank(
    question: str,
    candidates: Sequence[Candidate],
    *,
    reranker: Reranker | None = None,
    budget_s: float | None = None,
) -> RerankOutcome:
    """The candidates reordered by the re-ranker (QA_RERANKER unless one is given); never raises.

    On any failure, or an answer later than the budget, the fused (input) order is returned with
    the reason, which is also logged.
    """
    started = time.monotonic()
    fused = [candidate.article_id for candidate in candidates]
    budget = default_budget_s() if budget_s is None else budget_s
    name = reranker.name if reranker is not None else configured_name()
    try:
        chosen = reranker if reranker is not None else get_reranker()
        if isinstance(chosen, KeepOrder) or len(candidates) < 2:
            return RerankOutcome(fused, chosen.name, "", _ms_since(started))
        order = chosen.rerank(question, candidates, budget_s=budget)
    except RerankError as exc:
        reason = exc.reason
    except TimeoutError as exc:
        reason = f"超时（预算 {budget * 1000:.0f} 毫秒）" + (f"：{exc}" if str(exc) else "")
    except Exception as exc:  # a re-ranker's bug must not turn a question into a 500
        reason = _unexpected(exc)
    else:
        elapsed_ms = _ms_since(started)
        if Counter(order) != Counter(fused):
            reason = "重排序结果与候选法条不一致"
        elif elapsed_ms > budget * 1000:
            reason = f"超时：用时 {elapsed_ms:.0f} 毫秒，超过预算 {budget * 1000:.0f} 毫秒"
        else:
            return RerankOutcome(list(order), name, "", elapsed_ms)
    elapsed_ms = _ms_since(started)
    logger.warning(
        "QA re-ranker %r kept the fused order: %s (question of %d characters, %d candidates, %.0f ms)",
        name[:40],
        reason,
        len(question),
        len(candidates),
        elapsed_ms,
    )
    return RerankOutcome(fused, name, reason, elapsed_ms)


def _ms_since(started: float) -> float:
    return (time.monotonic() - started) * 1000


def _unexpected(exc: Exception) -> str:
    """The exception's class and where it was raised: its message may quote the question."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"（{Path(frames[-1].filename).name}:{frames[-1].lineno}）" if frames else ""
    return f"意外错误 {type(exc).__name__}{where}"
