"""The LLM re-ranker (QA_RERANKER = "llm"): an OpenAI-compatible chat server orders the candidates.

The model sees the question and the numbered candidate articles and must answer with the strict
JSON object {"ranking": [3, 1, 7, ...]} naming candidates by number only. Any other answer
(not JSON, another shape, an unknown or repeated number) is refused as a whole: a partly wrong
ranking is no better evidence than the fused order it would replace.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from gongfa.knowledge.rerank.base import Candidate, RerankError

SYSTEM_PROMPT = (
    "你是法律检索的排序助手。用户消息给出群众的一个问题和若干条编号的候选法条。"
    "请按与问题的相关程度从高到低给候选法条排序，最相关的排在最前面。"
    '只输出一个严格的 JSON 对象，格式为 {"ranking": [3, 1, 7]}：数组里只能是候选法条的编号（整数），'
    "每个编号最多出现一次，与问题无关的法条可以不列出。不要输出任何其他文字。"
)
# Keeps 30 candidates inside a small model's context; the opening of an article carries its rule.
MAX_ARTICLE_CHARS = 500
# A ranking of 30 numbers is about a hundred tokens; anything much longer is not a ranking.
MAX_ANSWER_TOKENS = 400
MAX_RESPONSE_BYTES = 1_000_000


def prompt_for(question: str, candidates: Sequence[Candidate]) -> str:
    lines = [f"群众的问题：{question}", "", f"候选法条（共 {len(candidates)} 条）："]
    for number, candidate in enumerate(candidates, start=1):
        lines.append(f"[{number}] {candidate.citation}：{candidate.text[:MAX_ARTICLE_CHARS]}")
    return "\n".join(lines)


def parse_ranking(content: str, count: int) -> list[int]:
    """The candidate numbers (1-based) the model ranked, best first; RerankError for anything else."""
    try:
        answer = json.loads(content)
    except ValueError:
        raise RerankError("LLM 的回答不是 JSON") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("ranking"), list):
        raise RerankError('LLM 的回答不是 {"ranking": [...]} 形式')
    ranking = answer["ranking"]
    if not ranking:
        raise RerankError("LLM 的排序为空")
    seen: set[int] = set()
    for number in ranking:
        # bool is an int in Python; true/false is not a candidate number.
        if not isinstance(number, int) or isinstance(number, bool):
            raise RerankError(f"LLM 的排序中有非整数的编号：{json.dumps(number, ensure_ascii=False)[:20]}")
        if not 1 <= number <= count:
            raise RerankError(f"LLM 的排序中有候选范围（1–{count}）之外的编号：{number}")
        if number in seen:
            raise RerankError(f"LLM 的排序中编号 {number} 重复")
        seen.add(number)
    return ranking


class LlmReranker:
    name = "llm"

    def __init__(self, base_url: str, *, model: str, api_key: str = "") -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key

    def rerank(self, question: str, candidates: Sequence[Candidate], *, budget_s: float) -> list[int]:
        if budget_s <= 0:
            raise TimeoutError("没有剩余的时间预算")
        content = self._complete(prompt_for(question, candidates), timeout=budget_s)
        ranking = parse_ranking(content, len(candidates))
        ranked = [candidates[number - 1].article_id for number in ranking]
        # Candidates the model left out follow in their fused order.
        named = set(ranking)
        left_out = [c.article_id for number, c in enumerate(candidates, start=1) if number not in named]
        return ranked + left_out

    def _complete(self, prompt: str, *, timeout: float) -> str:
        payload = {
            "model": self.model,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}],
            "temperature": 0,
            "max_tokens": MAX_ANSWER_TOKENS,
            "response_format": {"type": "json_object"},
        }
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
            self.url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            # The timeout bounds each socket operation (connect, each read); rerank() also checks
            # the whole call against the budget afterwards.
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                raw = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise RerankError(f"LLM 服务返回 HTTP {exc.code}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise TimeoutError("LLM 服务在时间预算内没有回应") from None
            raise RerankError(f"无法连接 LLM 服务（{type(exc.reason).__name__}）") from None
        except TimeoutError:
            raise TimeoutError("LLM 服务在时间预算内没有回应") from None
        except OSError as exc:
            raise RerankError(f"与 LLM 服务的连接出错（{type(exc).__name__}）") from None
        if len(raw) > MAX_RESPONSE_BYTES:
            raise RerankError("LLM 服务的回复过长")
        return completion_content(raw)


def completion_content(raw: bytes) -> str:
    """The assistant message's text from a chat completions response body."""
    try:
        body: Any = json.loads(raw.decode("utf-8"))
        content = body["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise RerankError("LLM 服务的回复不是 chat completions 格式") from None
    if not isinstance(content, str):
        raise RerankError("LLM 服务的回复没有文本内容")
    return content
