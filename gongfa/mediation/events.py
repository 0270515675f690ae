"""What each event on a mediation case's timeline is called (办理记录): the steps of the MEDIATION
table by their own label, and the other events the services and pages write (notes: an invitation
sent, a signature, a download). One table, read by the workbench's case page and the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.core.i18n import Label
from gongfa.mediation.states import MEDIATION

NOTE_LABELS: dict[str, Label] = {
    "register": _("登记案件"),
    "add_party": _("增加当事人"),
    "category_changed": _("更正纠纷类型"),
    "consent_invited": _("发出调解邀请"),
    "consent_answered": _("当事人答复调解意愿"),
    "consent_lapsed": _("逾期未答复，视为拒绝调解"),
    "agreement_drafted": _("起草调解协议"),
    "agreement_updated": _("修改调解协议"),
    "agreement_finalised": _("调解协议定稿"),
    "agreement_signed": _("当事人签署（确认）调解协议"),
    "agreement_mediator_signed": _("调解员签名"),
    "agreement_sealed": _("调委会盖章"),
    "answer_consultation": _("专家会诊意见"),
    "resolve_escalation": _("激化风险已化解"),
    "document_added": _("添加卷宗材料"),
    "referral_feedback_sent": _("向移送单位反馈调解结果"),
    "return_visit_recorded": _("回访"),
    "confirmation_reminder": _("提醒申请司法确认（期限将届满）"),
    "return_visit_due": _("回访到期提醒"),
    "agreement_downloaded": _("下载调解协议书"),
    "file_downloaded": _("下载卷宗"),
}


def event_label(verb: str) -> str:
    """The plain label of a case event ("mediation.mediationcase.accept" → 受理); the verb itself
    where none is known, so nothing is hidden."""
    action = verb.rsplit(".", 1)[-1]
    steps = {t.action: t.label for t in MEDIATION.transitions}
    return str(steps.get(action) or NOTE_LABELS.get(action) or verb)
