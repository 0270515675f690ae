"""Questions asked in English (issue #16 item 13). The Q&A searches Chinese statutes with Chinese
words, so an English question is not searched: it gets a short English explanation of what the Q&A
covers and how to reach a person (转人工, the 12348 hotline).

Which questions count as English: no Han character at all, and at least two letters of which most
(ENGLISH_SHARE) are Latin letters (full-width ones too). A question with any Chinese word in it
("my boss owes me 工资") is answered as a Chinese question: the statute search works on its Chinese
words. A question in another script (Cyrillic, Arabic …) is neither and is refused as before.
"""

from __future__ import annotations

import re
import unicodedata

# CJK Unified Ideographs, Extension A and the compatibility block: any one makes it Chinese.
_ANY_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ENGLISH_SHARE = 0.6
MIN_LETTERS = 2

ENGLISH_REPLY = (
    "This Q&A answers questions about the law of the People's Republic of China, asked in Chinese. "
    "It searches the Chinese text of PRC laws and regulations and our answers to common questions, "
    "so it cannot answer a question written in English.\n\n"
    "What you can do:\n"
    "1. Hand your question over to our staff (转人工, the button below): a person reads it and "
    "contacts you.\n"
    "2. Call the 12348 public legal service hotline (free).\n"
    "3. Ask again in Chinese; a few Chinese words are enough, for example 工资 (wages), 合同 "
    "(contract), 交通事故 (traffic accident)."
)


def has_han(text: str) -> bool:
    return bool(_ANY_HAN.search(text or ""))


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and "LATIN" in unicodedata.name(char, "")


def is_english(text: str) -> bool:
    """Whether a question is written in English (or another Latin-script language) rather than
    Chinese: no Han character, and mostly Latin letters."""
    text = unicodedata.normalize("NFKC", text or "")
    if has_han(text):
        return False
    letters = [char for char in text if char.isalpha()]
    latin = sum(1 for char in letters if _is_latin_letter(char))
    return latin >= MIN_LETTERS and latin >= ENGLISH_SHARE * len(letters)
