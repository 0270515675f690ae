"""The outreach app in the performance app's reports, loaded with the performance app's own
loaders (each checks every entry — against the measure registry, the indicator table — and names
the file and the item of any problem; each updates by code):

- data/indicators.json: the out_* indicators of village advisers' work, legal publicity,
  public-good service, volunteers and typical cases;
- data/evaluation_schemes/village_advisors.json: the village advisers' evaluation scheme (person),
  over those indicators;
- data/report_templates/yunnan_huimin_monthly.json: the Yunnan monthly return whose 五、法治宣传
  rows (pub_events, pub_audience) now take their figures from the outreach indicators
  out_publicity_total and out_publicity_audience_total instead of being typed.

The scheme and the template name out_* indicators, so they cannot be loaded by performance's own
seed migration (0003, which runs before any outreach indicator exists): they live here and load
after the indicators. A data migration of outreach calls load_definitions() once (as appointments'
0006_indicators_and_subscriptions and mediation's 0003_indicators_and_report do); call it again
after changing a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
INDICATORS = DATA / "indicators.json"
EVALUATION_SCHEMES = (DATA / "evaluation_schemes" / "village_advisors.json",)
REPORT_TEMPLATES = (DATA / "report_templates" / "yunnan_huimin_monthly.json",)


def load_definitions(apps: Any = None, schema_editor: Any = None) -> int:
    """Create or update the outreach indicators, then the evaluation scheme and the report template
    that use them (usable as a RunPython function). Returns how many indicators."""
    from gongfa.performance import definitions, schemes_loader, templates_loader
    from gongfa.performance.models import Indicator

    # The Yunnan return also names performance's own indicators (wo_*, la_*, cov_*), which its seed
    # migration loads. A database emptied after that (a transactional test's flush, then a migration
    # run again) lacks them: load them first rather than fail.
    if not Indicator.objects.filter(code="wo_received").exists():
        definitions.load_indicators()
    count = definitions.load_indicators(INDICATORS)
    indicators = schemes_loader.known_indicators()
    schemes_loader.install_schemes([schemes_loader.load_file(path, indicators) for path in EVALUATION_SCHEMES])
    templates_loader.load_files(list(REPORT_TEMPLATES))
    return count
