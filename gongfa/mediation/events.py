"""What each event on a mediation case's timeline is called (办理记录): the steps of the MEDIATION
table by their own label, and the other events the services and pages write (notes: an invitation
sent, a signature, a download). One table, read by the workbench's case page and the API."""

from __future__ import annotations

from gongfa.mediation.states import MEDIATION

NOTE_LABELS: dict[str, str] = {
    "register": "登记案件",
    "add_party": "增加当事人",
    "category_changed": "更正纠纷类型",
    "consent_invited": "发出调解邀请",
    "consent_answered": "当事人答复调解意愿",
    "consent_lapsed": "逾期未答复，视为拒绝调解",
    "agreement_drafted": "起草调解协议",
    "agreement_updated": "修改调解协议",
    "agreement_finalised": "调解协议定稿",
    "agreement_signed": "当事人签署（确认）调解协议",
    "agreement_mediator_signed": "调解员签名",
    "agreement_sealed": "调委会盖章",
    "answer_consultation": "专家会诊意见",
    "resolve_escalation": "激化风险已化解",
    "document_added": "添加卷宗材料",
    "referral_feedback_sent": "向移送单位反馈调解结果",
    "return_visit_recorded": "回访",
    "confirmation_reminder": "提醒申请司法确认（期限将届满）",
    "return_visit_due": "回访到期提醒",
    "agreement_downloaded": "下载调解协议书",
    "file_downloaded": "下载卷宗",
}


def event_label(verb: str) -> str:
    """The plain label of a case event ("mediation.mediationcase.accept" → 受理); the verb itself
    where none is known, so nothing is hidden."""
    action = verb.rsplit(".", 1)[-1]
    steps = {t.action: t.label for t in MEDIATION.transitions}
    return steps.get(action) or NOTE_LABELS.get(action) or verb
