from django.db import models

from gongfa.core.statemachine import Transition, TransitionTable


class WorkOrderStatus(models.TextChoices):
    """Work-order states (rules.md §5.1). Issue #3 extends the table; the slice uses three."""

    NEW = "new", "待答复"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


class Rating(models.IntegerChoices):
    """The citizen's five-level rating (好差评)."""

    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASICALLY_SATISFIED = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


WORK_ORDER_TRANSITIONS = TransitionTable(
    "work_order",
    WorkOrderStatus,
    [
        Transition("answer", (WorkOrderStatus.NEW,), WorkOrderStatus.ANSWERED, "答复"),
        Transition("rate", (WorkOrderStatus.ANSWERED,), WorkOrderStatus.CLOSED, "评价"),
    ],
)
