"""Optional plain-language drafts (智能生成) from any OpenAI-compatible server (vLLM, Ollama, …).

Off unless settings.LLM_BASE_URL is set. The model sees only the question and the retrieved
articles; every 《…》第N条 in its draft is checked against the corpus, and any citation that does
not exist or is not in force is cut from the text and reported. Any failure (timeout, refusal,
garbage) returns None and the Q&A answers from the articles as it does without a model.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from gongfa.knowledge.citations import CitationCheck, check_citations

if TYPE_CHECKING:
    from gongfa.knowledge.qa import Citation

logger = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "你是公共法律服务平台的法律咨询助手。只能依据用户消息中给出的法条回答，不得引用其他法律条文，"
    "不得编造。引用时写成《法律简称》第N条。用通俗、简短的中文（300字以内）告诉群众：法律怎么规定、"
    "可以怎么做、可以找谁。不确定的，建议转人工咨询或拨打12348。"
)
MAX_DRAFT_CHARS = 2000


@dataclass(frozen=True)
class Draft:
    text: str
    removed: list[str]  # citations cut from the draft, as written, with the reason


def is_enabled() -> bool:
    return bool(getattr(settings, "LLM_BASE_URL", ""))


def prompt_for(question: str, citations: list[Citation]) -> str:
    lines = [f"群众的问题：{question}", "", "可以依据的法条："]
    lines += [f"{c.citation}：{c.text}" for c in citations]
    return "\n".join(lines)


def _post(payload: dict[str, Any]) -> dict[str, Any]:
    url = settings.LLM_BASE_URL.rstrip("/") + "/chat/completions"
    headers = {"Content-Type": "application/json"}
    if settings.LLM_API_KEY:
        headers["Authorization"] = f"Bearer {settings.LLM_API_KEY}"
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
        url, data=json.dumps(payload).encode(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=settings.LLM_TIMEOUT) as response:  # noqa: S310
        body: dict[str, Any] = json.loads(response.read().decode("utf-8"))
        return body


def vet(draft: str) -> Draft:
    """Cut every citation that is not a current article from the draft, and say which. Where one
    law name carries several numbers (《民法典》第一条、第九千条), the valid ones are kept."""
    removed: list[str] = []
    spans: dict[tuple[int, int], list[CitationCheck]] = {}
    for check in check_citations(draft):
        spans.setdefault((check.start, check.end), []).append(check)
    text = draft
    for (start, end), checks in sorted(spans.items(), reverse=True):
        bad = [c for c in checks if not c.is_valid]
        if not bad:
            continue
        removed[:0] = [f"{c.cited}（{c.verdict_label}）" for c in bad]
        kept = "、".join(c.cited for c in checks if c.is_valid)
        text = text[:start] + kept + "［引用已删除］" + text[end:]
    return Draft(text=re.sub(r"\n{3,}", "\n\n", text).strip(), removed=removed)


def draft_answer(question: str, citations: list[Citation]) -> Draft | None:
    """A vetted plain-language draft, or None when the server is unreachable or says nothing usable."""
    payload = {
        "model": settings.LLM_MODEL,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": prompt_for(question, citations)},
        ],
        "temperature": 0.2,
        "max_tokens": 800,
    }
    try:
        body = _post(payload)
        content = body["choices"][0]["message"]["content"]
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        logger.warning("LLM draft unavailable (%s): answering from the articles", exc)
        return None
    if not isinstance(content, str) or not content.strip():
        return None
    return vet(content.strip()[:MAX_DRAFT_CHARS])
