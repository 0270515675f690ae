"""Readiness of the statute search (法规检索索引), the question memory (问题记忆) and the Q&A
re-ranker, registered in KnowledgeConfig.ready."""

from __future__ import annotations

import json

from gongfa.core.health import CheckFailed
from gongfa.knowledge import rerank, search
from gongfa.knowledge.rerank.onnx import OnnxReranker


def search_index_check() -> str:
    """Ready when this process holds the statute index, or can load a current one from disk.

    Readiness never builds the index (that takes seconds to minutes): a node whose saved index is
    missing or older than the corpus is not ready until `manage.py import_statutes` rebuilt it.
    Loading a current saved index here warms the process before it takes traffic.
    """
    if search._loaded is not None:  # the process's own copy, read-only here
        return f"loaded ({search._loaded.fingerprint})"
    meta_path = search.index_dir() / "articles.json"
    try:
        saved = json.loads(meta_path.read_text()).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        raise CheckFailed("法规检索索引尚未建立（运行 manage.py import_statutes）") from None
    if saved != search.corpus_fingerprint():
        raise CheckFailed("法规检索索引与法规库不一致，需要重建（运行 manage.py import_statutes）")
    return f"loaded ({search.get_index().fingerprint})"


def check_reranker() -> str:
    """Ready when QA_RERANKER names a re-ranker whose settings and files can work.

    A broken re-ranker never fails a question (the fused order is kept), so only readiness shows
    it. The ONNX model is loaded here (and kept: this warms the process); the LLM server is not
    called, as readiness must not spend its tokens or wait on its latency.
    """
    try:
        reranker = rerank.get_reranker()
        if isinstance(reranker, OnnxReranker):
            model = reranker.load(retry_now=True)  # an operator who repaired the files sees it now
            return f"onnx（输入 {', '.join(model.input_names)}）"
    except rerank.RerankError as exc:
        raise CheckFailed(f"问答重排序不可用：{exc.reason}") from None
    return reranker.name


def question_memory_check() -> str:
    """Ready when the question memory is loaded (issue #19): it is built here when this process
    has none yet (a few thousand short questions take well under a second), so a node warms it
    before it takes traffic. Off (QA_MEMORY_ENABLED false) is ready too: the Q&A answers without."""
    from django.conf import settings

    from gongfa.knowledge import recall

    if not settings.QA_MEMORY_ENABLED:
        return "off"
    memory = recall.get_memory()
    loaded = recall.loaded_state()
    built = f", built in {loaded.build_ms:.0f} ms" if loaded is not None else ""
    return f"loaded ({len(memory)} known questions{built})"
