"""Chinese word segmentation shared by every search (rjieba, jieba's tokens, in Rust)."""

from __future__ import annotations

import re

import rjieba

_SPLIT = re.compile(r"[\s\W_]+", re.UNICODE)


def segment(text: str) -> list[str]:
    """Search tokens of a text: rjieba's search-mode words (劳动争议仲裁 also yields 劳动 / 争议 /
    仲裁), lower-cased, punctuation dropped."""
    tokens: list[str] = []
    for word in rjieba.cut_for_search(text or ""):
        for piece in _SPLIT.split(word.lower()):
            if piece:
                tokens.append(piece)
    return tokens
