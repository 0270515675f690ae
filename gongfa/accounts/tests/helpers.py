"""Helpers for the accounts tests."""

from __future__ import annotations

import re


def page_errors(html: str) -> str:
    """The text of the error summary on a page ("" when there is none)."""
    match = re.search(r'<div class="error-summary".*?</ul>', html, re.S)
    return match.group(0) if match else ""
