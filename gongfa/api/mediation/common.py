"""The mediation router, its token scopes and the actions it offers (gongfa.api.actions)."""

from ninja import Router

from gongfa.api.actions import ERRORS, CaseActions
from gongfa.api.auth import token_or_session
from gongfa.api.mediation.schemas import MediationCaseOut
from gongfa.api.models import TokenScope
from gongfa.api.schemas import RowIdPath
from gongfa.core.access import Audience
from gongfa.mediation.services.common import acting_via

router = Router(tags=["mediation"])

# Mediation cases carry sensitive personal data: a token needs a mediation scope of its own.
READ = token_or_session(TokenScope.MEDIATION_READ)
ACT = token_or_session(TokenScope.MEDIATION_ACT)

# The table's step → the API action that takes it (several table steps share one action).
TABLE_ACTIONS: dict[str, tuple[str, ...]] = {
    "seek_consent": ("seek_consent",),
    "record_refusal": ("record_consent",),
    "accept": ("accept",),
    "refuse_acceptance": ("refuse_acceptance",),
    "assign_mediator": ("assign",),
    "start_mediation": ("start",),
    "record_session": ("record_session",),
    "report_escalation": ("report_escalation",),
    "fail": ("record_failure",),
    "make_agreement_effective": ("draft_agreement", "finalise_agreement"),
    "file_confirmation": ("file_confirmation",),
    "record_performance": ("record_return_visit",),
    "close": ("close",),
}
ACTION_LABELS: dict[str, str] = {
    "seek_consent": "征询对方当事人调解意愿",
    "record_consent": "记录当事人调解意愿",
    "accept": "受理",
    "refuse_acceptance": "不予受理",
    "assign": "指定调解员",
    "start": "告知权利义务，开始调解",
    "record_session": "记录调解过程",
    "report_escalation": "报告纠纷激化风险",
    "record_failure": "调解不成，终止调解",
    "draft_agreement": "起草调解协议",
    "finalise_agreement": "调解协议定稿",
    "file_confirmation": "共同申请司法确认",
    "record_return_visit": "回访",
    "close": "结案归档",
}
ACTIONS: tuple[str, ...] = tuple(ACTION_LABELS)

# Staff, mediators and supervisors act: the services decide by the case (selectors.Action).
REGISTRY = CaseActions(
    router=router,
    key="pk",
    key_type=RowIdPath,
    operation_prefix="mediation_action_",
    auth=ACT,
    answer=MediationCaseOut,
    audience=Audience.STAFF,
    scope=TokenScope.MEDIATION_ACT,
    acting_via=acting_via,
    labels=ACTION_LABELS,
    table_actions=TABLE_ACTIONS,
)

__all__ = ["ACT", "ACTIONS", "ACTION_LABELS", "ERRORS", "READ", "REGISTRY", "TABLE_ACTIONS", "router"]
