"""The default notification subscriptions of the notarization part: (rule, defaults) pairs like
gongfa/mediation/subscriptions.py's RULES (none yet)."""

from __future__ import annotations

from typing import Any

RULES: list[tuple[dict[str, str], dict[str, Any]]] = []
