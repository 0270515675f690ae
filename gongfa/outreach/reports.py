"""The outreach app in the performance app's reports: the indicators of village advisers' work,
legal publicity, public-good service, volunteers and typical cases (data/indicators.json), loaded
with the performance app's own loader, which checks every entry against the measure registry and
names the file and the item of any problem.

A data migration of outreach loads them once (as appointments' 0006_indicators_and_subscriptions
does); call load_definitions() again after changing the file (the loader updates by code and
refuses the whole file on any problem)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

INDICATORS = Path(__file__).resolve().parent / "data" / "indicators.json"


def load_definitions(apps: Any = None, schema_editor: Any = None) -> int:
    """Create or update the outreach indicators (usable as a RunPython function). Returns how
    many."""
    from gongfa.performance import definitions

    return definitions.load_indicators(INDICATORS)
