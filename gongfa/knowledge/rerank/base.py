"""What every re-ranker takes and gives: candidates in, article ids best first out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Candidate:
    """One statute article the fused search proposed for the question."""

    article_id: int
    citation: str  # 《劳动合同法》第八十二条
    text: str  # the article text


class RerankError(Exception):
    """Why a re-ranker could not answer: a short reason meant for the log (never the question)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Reranker(Protocol):
    name: str

    def rerank(self, question: str, candidates: Sequence[Candidate], *, budget_s: float) -> list[int]:
        """The candidates' article ids, best first; raises RerankError (or TimeoutError) when it cannot."""
        ...


@dataclass(frozen=True)
class RerankOutcome:
    article_ids: list[int]  # the final order: every candidate exactly once
    reranker: str  # "none" / "onnx" / "llm"
    fallback_reason: str = ""  # why the fused order was kept ("" when the re-ranker answered)
    elapsed_ms: float = 0.0


class KeepOrder:
    """The default ("none"): the fused order of BM25 and the other signals stands."""

    name = "none"

    def rerank(self, question: str, candidates: Sequence[Candidate], *, budget_s: float) -> list[int]:
        return [candidate.article_id for candidate in candidates]
