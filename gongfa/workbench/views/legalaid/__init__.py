"""Legal-aid pages of the workbench (法律援助), one module per part: the reviewer queue and the
supervisors' figures (queue_stats.py), intake of applications, notices and drafts (intake.py), the
case page (case_page.py) with its actions (actions.py), peer review (quality.py) and the duty
lawyers' logs (duty.py). The views are exported here for workbench/urls.py (views.legalaid.<name>)."""

from gongfa.workbench.views.legalaid.case_page import case, case_action
from gongfa.workbench.views.legalaid.duty import duty_log, duty_logs
from gongfa.workbench.views.legalaid.intake import complete_draft, new_application, new_notice
from gongfa.workbench.views.legalaid.quality import peer_review
from gongfa.workbench.views.legalaid.queue_stats import queue, stats

__all__ = [
    "case",
    "case_action",
    "complete_draft",
    "duty_log",
    "duty_logs",
    "new_application",
    "new_notice",
    "peer_review",
    "queue",
    "stats",
]
