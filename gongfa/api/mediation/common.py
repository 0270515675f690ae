"""The mediation router, its token scopes and the actions it offers (gongfa.api.actions)."""

from django.utils.translation import gettext_lazy as _
from ninja import Router

from gongfa.api.actions import ERRORS, CaseActions
from gongfa.api.auth import token_or_session
from gongfa.api.mediation.schemas import MediationCaseOut
from gongfa.api.models import TokenScope
from gongfa.api.schemas import RowIdPath
from gongfa.core.access import Audience
from gongfa.core.i18n import Label
from gongfa.mediation.services.common import acting_via

router = Router(tags=["mediation"])

# Mediation cases carry sensitive personal data: a token needs a mediation scope of its own.
READ = token_or_session(TokenScope.MEDIATION_READ)
ACT = token_or_session(TokenScope.MEDIATION_ACT)

# The table's step → the API actions that take it (several table steps share one action, and one
# step may be taken by several: the agreement takes effect once drafted, finalised, signed and sealed,
# or when an oral agreement is recorded). next_actions offers what the case's status allows.
TABLE_ACTIONS: dict[str, tuple[str, ...]] = {
    "seek_consent": ("seek_consent",),
    "record_refusal": ("record_consent",),
    "accept": ("accept",),
    "refuse_acceptance": ("refuse_acceptance",),
    "assign_mediator": ("assign",),
    "add_mediator": ("add_mediator",),
    "replace_mediator": ("recuse_mediator",),
    "start_mediation": ("start",),
    "record_session": ("record_session",),
    "extend": ("extend_limit",),
    "report_escalation": ("report_escalation",),
    "request_consultation": ("request_consultation",),
    "terminate_by_party": ("terminate_by_party",),
    "fail": ("record_failure",),
    "make_agreement_effective": (
        "draft_agreement",
        "finalise_agreement",
        "record_paper_signature",
        "sign_as_mediator",
        "seal_by_committee",
        "record_oral_agreement",
    ),
    "file_confirmation": ("file_confirmation",),
    "record_confirmation": ("record_court_decision",),
    "remediate_after_rejection": ("record_court_decision",),
    "refer_after_rejection": ("record_court_decision",),
    "record_performance": ("record_return_visit",),
    "record_nonperformance": ("record_return_visit",),
    "refer_nonperformance": ("refer_nonperformance",),
    "close": ("close",),
}
# Every action the API offers, in the order next_actions lists them. Not steps of the table (so never
# in next_actions): resolve_escalation and answer_consultation (on a report or request of the case)
# and add_document (until the case is archived).
ACTION_LABELS: dict[str, Label] = {
    "seek_consent": _("征询对方当事人调解意愿"),
    "record_consent": _("记录当事人调解意愿"),
    "accept": _("受理"),
    "refuse_acceptance": _("不予受理"),
    "assign": _("指定调解员"),
    "add_mediator": _("增加调解员"),
    "recuse_mediator": _("调解员回避"),
    "start": _("告知权利义务，开始调解"),
    "record_session": _("记录调解过程"),
    "extend_limit": _("经双方同意延长调解期限"),
    "report_escalation": _("报告纠纷激化风险"),
    "resolve_escalation": _("纠纷激化风险已化解"),
    "request_consultation": _("申请专家会诊"),
    "answer_consultation": _("记录专家会诊意见"),
    "terminate_by_party": _("当事人要求终止调解"),
    "record_failure": _("调解不成，终止调解"),
    "draft_agreement": _("起草调解协议"),
    "finalise_agreement": _("调解协议定稿"),
    "record_paper_signature": _("记录当事人签署调解协议"),
    "sign_as_mediator": _("调解员在调解协议上签名"),
    "seal_by_committee": _("调委会在调解协议上盖章"),
    "record_oral_agreement": _("记录口头协议"),
    "file_confirmation": _("共同申请司法确认"),
    "record_court_decision": _("记录法院对司法确认申请的裁定"),
    "record_return_visit": _("回访"),
    "refer_nonperformance": _("告知起诉或申请强制执行"),
    "add_document": _("添加卷宗材料"),
    "close": _("结案归档"),
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
    labels={name: str(label) for name, label in ACTION_LABELS.items()},
    table_actions=TABLE_ACTIONS,
)

__all__ = ["ACT", "ACTIONS", "ACTION_LABELS", "ERRORS", "READ", "REGISTRY", "TABLE_ACTIONS", "router"]
