"""Staff pages (工作台). Views validate input and call selectors and services; nothing else."""

from gongfa.workbench.views import landing, legalaid
from gongfa.workbench.views.hotline.desk import hotline, hotline_caller, window
from gongfa.workbench.views.notifications import notifications
from gongfa.workbench.views.order import order_action, order_detail, reveal_requester
from gongfa.workbench.views.qa import qa_demand, qa_panel
from gongfa.workbench.views.queue import queue
from gongfa.workbench.views.supervision import acknowledge, complete_rectification, complete_visit, supervision

__all__ = [
    "acknowledge",
    "complete_rectification",
    "complete_visit",
    "hotline",
    "hotline_caller",
    "landing",
    "legalaid",
    "notifications",
    "order_action",
    "order_detail",
    "qa_demand",
    "qa_panel",
    "queue",
    "reveal_requester",
    "supervision",
    "window",
]
