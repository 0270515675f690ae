"""People's mediation in the performance app's reports: the indicators (data/indicators.json) and
the monthly report in the Huangshi form (data/report_mediation_monthly.json), loaded with the
performance app's own loaders, which check every entry against the measure registry and name the
file and the item of any problem.

The migration 0003_indicators_and_report loads them once; call load_definitions() again after
changing either file (both loaders update by code and refuse the whole file on any problem).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
INDICATORS = DATA / "indicators.json"
REPORT_TEMPLATES = (DATA / "report_mediation_monthly.json",)
REPORT_CODE = "mediation-monthly"


def load_definitions(apps: Any = None, schema_editor: Any = None) -> tuple[int, list[Any]]:
    """Create or update the mediation indicators, then the report templates that show them (usable
    as a RunPython function). Returns the number of indicators and the templates."""
    from gongfa.performance import definitions, templates_loader

    count = definitions.load_indicators(INDICATORS)
    templates = templates_loader.load_files(list(REPORT_TEMPLATES))
    return count, templates
