"""Work-order models: the orders and their records (orders), the hotline's calls (hotline),
updates back to 12345 (external) and the answer phrase library (answers)."""

from gongfa.workorders.models.answers import AnswerTemplate
from gongfa.workorders.models.external import ExternalUpdate
from gongfa.workorders.models.hotline import CallRecord, HotlineQueue, QualityChecklistItem, QualityInspection
from gongfa.workorders.models.orders import (
    NEAR_DUE_WINDOW,
    OWNER_FIELDS,
    CallbackRecord,
    CaseLink,
    DispatchRule,
    IntakeKey,
    Rectification,
    ReturnVisit,
    SupervisionNotice,
    Topic,
    TopicLabel,
    TrackingSequence,
    WorkOrder,
    WorkOrderQuerySet,
    format_tracking_number,
    late_condition,
    near_due_from,
)

__all__ = [
    "NEAR_DUE_WINDOW",
    "OWNER_FIELDS",
    "AnswerTemplate",
    "CallRecord",
    "CallbackRecord",
    "CaseLink",
    "DispatchRule",
    "ExternalUpdate",
    "HotlineQueue",
    "IntakeKey",
    "QualityChecklistItem",
    "QualityInspection",
    "Rectification",
    "ReturnVisit",
    "SupervisionNotice",
    "Topic",
    "TopicLabel",
    "TrackingSequence",
    "WorkOrder",
    "WorkOrderQuerySet",
    "format_tracking_number",
    "late_condition",
    "near_due_from",
]
