"""Every action of the order page and of the legal-aid case page, posted with bad input, shows the
form's and the service's problems in the same round (issue 11 §2): in the error summary (with a
link to each field's input) and beside each field; and nothing changes.

Each case mixes a fault the form finds (a choice not in the list, a control character) with one only
the service finds (a required text, the order's or the case's state), which used to come one
submit later."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from gongfa.audit.models import Event
from gongfa.core.tests.test_forms_report_all_errors import _beside, _summary
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services import (
    add_material,
    assign_provider,
    file_closing_report,
    grant,
    lodge_objection,
    refuse,
    save_draft,
    sign_engagement,
    submit_application,
)
from gongfa.legalaid.services.quality import checklist

# The people and the legal-aid setting (fixtures of the apps' own tests).
from gongfa.legalaid.tests.conftest import (  # noqa: F401
    WAGES,
    frozen,
    law_firm,
    lawyers,
    pdf,
    reviewer,
    standard,
    worker,
)
from gongfa.workbench.tests.conftest import make_order, room_clerk  # noqa: F401
from gongfa.workorders.models import WorkOrder

CONTROL = "内容中含有不可见的控制字符（如 NUL），请删除后重新提交。"


@dataclass(frozen=True)
class Case:
    name: str
    action: str
    data: dict[str, Any]
    errors: list[tuple[str | None, str]]  # (input id without "id_", message); None: on top of the form


ORDER_CASES = [
    Case(
        "answer: no answer and a result code not in the list",
        "answer",
        {"answer": "  ", "close_now": "on", "result_code": "bogus"},
        [("answer_answer", "请填写答复内容。"), ("answer_result_code", "办结结果的选项不在列表中，请重新选择。")],
    ),
    Case(
        "transfer: no place, an unknown person and no reason",
        "transfer",
        {"place": "", "place_code": "", "person": "abc", "reason": ""},
        [
            ("transfer_place", "请选择承办服务点或机构。"),
            ("transfer_person", "找不到该工作人员，请重新选择。"),
            ("transfer_reason", "转办须填写原因。"),
        ],
    ),
    Case(
        "callback: no outcome and a control character in the notes",
        "callback",
        {"outcome": "", "notes": "无人\x07接听"},
        [("callback_outcome", "请选择回拨结果。"), ("callback_notes", CONTROL)],
    ),
    # Actions with one input: its one fault, and nothing else to find.
    Case(
        "close (one input): a result code not in the list",
        "close",
        {"result_code": "bogus"},
        [("close_result_code", "办结结果的选项不在列表中，请重新选择。")],
    ),
    Case(
        "return (one input): a control character in the reason",
        "return",
        {"reason": "不归\x00我"},
        [("return_reason", CONTROL)],
    ),
    Case(
        "merge: a number in the wrong format and no reason",
        "merge",
        {"other": "bad", "reason": " "},
        [("merge_other", "工单编号格式应为 GF20261124-00123。"), ("merge_reason", "合并须填写原因。")],
    ),
    Case(
        "merge: an order that cannot be found and no reason",
        "merge",
        {"other": "GF20990101-99999", "reason": ""},
        [("merge_other", "找不到工单 GF20990101-99999，或您无权处理它。"), ("merge_reason", "合并须填写原因。")],
    ),
    Case(
        "link (one input): an order that cannot be found",
        "link",
        {"other": "GF20990101-99999"},
        [("link_other", "找不到工单 GF20990101-99999，或您无权处理它。")],
    ),
    Case(
        "reclassify (one input): a category that does not exist",
        "reclassify",
        {"topic": "999999"},
        [("reclassify_topic", "找不到该类别，请重新选择。")],
    ),
    Case(
        "convert (one input): a case type not in the list",
        "convert",
        {"kind": "bogus"},
        [("convert_kind", "案件类型的选项不在列表中，请重新选择。")],
    ),
    Case(
        "feedback (one input): no feedback",
        "feedback",
        {"feedback": " "},
        [("feedback_feedback", "请填写反馈内容。")],
    ),
]


def _order_state(order: WorkOrder) -> tuple[Any, ...]:
    row = WorkOrder.objects.values_list(
        "status", "owner_point", "owner_user", "answer", "result_code", "merged_into", "parent", "topic"
    ).get(pk=order.pk)
    events = Event.objects.filter(subject_id=str(order.pk)).count()
    return (*row, order.callbacks.count(), order.case_links.count(), events)


def _check(response: Any, errors: list[tuple[str | None, str]]) -> None:
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    summary = _summary(page)
    assert errors
    for field, message in errors:
        assert message in summary, f"{message} not in the summary: {summary}"
        if field is None:
            continue
        assert re.search(rf'<a href="#id_{field}(_0)?">{re.escape(message)}</a>', summary), f"no link to {field}"
        assert message in _beside(page, field), f"{message} not beside {field}"


@pytest.mark.django_db
@pytest.mark.parametrize("case", ORDER_CASES, ids=[c.name for c in ORDER_CASES])
def test_an_order_action_shows_the_forms_and_the_services_problems_at_once(
    client: Client,
    network,
    room_clerk,  # noqa: F811
    case: Case,
) -> None:
    from gongfa.workorders.services import accept_work_order, answer_work_order, transfer_out

    order = make_order(network.villages[0])  # dispatched to the room clerk: 待受理
    if case.action == "close":  # offered once answered
        order = answer_work_order(order=order, actor=room_clerk, answer="可以申请劳动仲裁")
    elif case.action == "convert":  # offered once accepted
        order = accept_work_order(order=order, actor=room_clerk)
    elif case.action == "feedback":  # offered once handed to another department
        order = transfer_out(
            order=accept_work_order(order=order, actor=room_clerk), actor=room_clerk, reason="属劳动监察"
        )
    client.force_login(room_clerk)
    before = _order_state(order)
    response = client.post(f"/workbench/orders/{order.tracking_number}/{case.action}/", case.data)
    _check(response, case.errors)
    assert _order_state(order) == before


# ---------------------------------------------------------------------------------------------
# Legal aid


def _received(network: Any, applicant: Any, data: dict[str, Any] | None = None) -> LegalAidApplication:
    data = data or {**WAGES, "exempt_group": "", "household_size": 2, "household_monthly_income": "2000"}
    draft = save_draft(applicant=applicant, region=network.villages[0], data=data)
    return submit_application(application=draft, actor=applicant)


def _proof_missing(network: Any, applicant: Any, staff: Any, providers: Any) -> LegalAidApplication:
    application = _received(network, applicant, WAGES)  # the migrant worker's proof is not on file
    assert application.proposal["missing"] == ["exempt_proof"]
    return application


def _granted(network: Any, applicant: Any, staff: Any, providers: Any) -> LegalAidApplication:
    return grant(application=_received(network, applicant), actor=staff)


def _in_service(network: Any, applicant: Any, staff: Any, providers: Any) -> LegalAidApplication:
    application = assign_provider(application=_granted(network, applicant, staff, providers), actor=staff)
    assert application.provider is not None
    return sign_engagement(application=application, actor=application.provider)


def _at_closing_review(network: Any, applicant: Any, staff: Any, providers: Any) -> LegalAidApplication:
    application = _in_service(network, applicant, staff, providers)
    lawyer = application.provider
    assert lawyer is not None
    add_material(application=application, actor=lawyer, kind=MaterialKind.OTHER, upload=pdf("调解书.pdf"))
    return file_closing_report(application=application, actor=lawyer, report="调解结案，追回工资一万二千元。")


def _objected(network: Any, applicant: Any, staff: Any, providers: Any) -> LegalAidApplication:
    data = {**WAGES, "exempt_group": "", "household_size": 1, "household_monthly_income": "9000"}
    application = refuse(application=_received(network, applicant, data), actor=staff, reasons="收入高于标准。")
    lodge_objection(application=application, actor=applicant, reason="收入中包含一次性补偿。")
    return application


Setup = Callable[[Any, Any, Any, Any], LegalAidApplication]


@dataclass(frozen=True)
class CaseAction(Case):
    setup: Setup = lambda net, applicant, staff, providers: _received(net, applicant)
    login: str = "reviewer"  # who posts: the reviewer, the case's "provider" or the bureau's "supervisor"


def _scores(**changes: Any) -> dict[str, Any]:
    """Every checklist item at its maximum, then the changes by item number: None leaves it out."""
    items = checklist().items
    scores: dict[str, Any] = {f"score_{item.code}": item.max for item in items}
    for number, value in changes.items():
        key = f"score_{items[int(number.removeprefix('item'))].code}"
        if value is None:
            del scores[key]
        else:
            scores[key] = value
    return scores


def _score_id(number: int) -> str:
    return f"score_{checklist().items[number].code}"


def _not_scored(number: int) -> str:
    return f"以下评查项目尚未评分：{checklist().items[number].label}。"


def _over(number: int) -> str:
    return f"不能超过 {checklist().items[number].max} 分。"


LEGAL_AID_CASES = [
    CaseAction(
        "grant: a control character in the reasons, the required proof not on file",
        "grant",
        {"reasons": "符合\x00条件"},
        [(None, "尚缺必需材料："), ("reasons", CONTROL)],
        _proof_missing,
    ),
    CaseAction(
        "assign: a provider not in the list, the applicant's choice where the region has none",
        "assign",
        {"provider": "abc", "chosen_by_applicant": "on"},
        [
            ("provider", "承办人员的选项不在列表中，请重新选择。"),
            ("chosen_by_applicant", "本地区未开展受援人选择承办人员（点援）。"),
        ],
        _granted,
    ),
    CaseAction(
        "close: a control character in the subsidy, no return visit yet",
        "close",
        {"subsidy_amount": "15\x0000"},
        [(None, "结案前须回访受援人（《法律援助法》第五十九条）。"), ("subsidy_amount", CONTROL)],
        _at_closing_review,
    ),
    CaseAction(
        "terminate: no ground and a control character in the reasons",
        "terminate",
        {"ground": "", "reasons": "已\x00和解"},
        [("ground", "请选择终止事由。"), ("reasons", CONTROL)],
        _in_service,
    ),
    CaseAction(
        "return visit: a method not in the list, dissatisfied without the issues",
        "record_return_visit",
        {"method": "pigeon", "satisfied": "no", "issues": ""},
        [("method", "回访方式的选项不在列表中，请重新选择。"), ("issues", "受援人不满意的，请记录其反映的问题。")],
        _at_closing_review,
    ),
    CaseAction(
        "request supplement: a period out of range and no item ticked",
        "request_supplement",
        {"due_days": "0"},
        [(None, "请列出需要补充的全部材料。"), ("due_days", "补充期限不能小于 1。")],
    ),
    CaseAction(
        "refuse (one input): a control character in the reasons",
        "refuse",
        {"reasons": "不符合\x00条件"},
        [("reasons", CONTROL)],
    ),
    CaseAction(
        "replace provider: a provider not in the list and no grounds",
        "replace_provider",
        {"provider": "abc", "grounds": " "},
        [("provider", "承办人员的选项不在列表中，请重新选择。"), ("grounds", "请填写更换理由。")],
        _in_service,
    ),
    CaseAction(
        "upload: a kind not in the list and no file",
        "upload_document",
        {"kind": "bogus"},
        [("kind", "材料类别的选项不在列表中，请重新选择。"), ("file", "请选择要上传的文件。")],
        _in_service,
        "provider",
    ),
    CaseAction(
        "upload: a kind not in the list and a file that is not a PDF or an image",
        "upload_document",
        {"kind": "bogus", "file": "not a pdf"},  # replaced by an upload in the test
        [("kind", "材料类别的选项不在列表中，请重新选择。"), ("file", "只能上传 PDF、JPG 或 PNG 格式的文件。")],
        _in_service,
        "provider",
    ),
    CaseAction(
        "agency review: one score over the maximum, another not given, a control character in the comments",
        "agency_review",
        {**_scores(item0=999, item1=None), "comments": "好\x00"},
        [(_score_id(0), _over(0)), (_score_id(1), _not_scored(1)), ("comments", CONTROL)],
        _at_closing_review,
    ),
    CaseAction(
        "objection decision: a result not in the list and no opinion",
        "decide_objection",
        {"uphold": "maybe", "decision": ""},
        [("uphold", "审查结果的选项不在列表中，请重新选择。"), ("decision", "请填写审查意见。")],
        _objected,
        "supervisor",
    ),
    CaseAction(
        "closing report: a control character in the report and no legal documents on file",
        "file_closing_report",
        {"report": "调解\x00结案"},
        [(None, "请先上传法律文书副本等结案材料。"), ("report", CONTROL)],
        _in_service,
        "provider",
    ),
    # Actions with one input: the service's refusal is specific and beside the input.
    CaseAction(
        "advance aid (one input): no urgent reason",
        "start_advance_aid",
        {"urgent_reason": " "},
        [("urgent_reason", "请填写紧急情形。")],
    ),
    CaseAction(
        "withdraw on the applicant's behalf (one input): no reason",
        "withdraw",
        {"reason": ""},
        [("reason", "请填写代为撤回的原因。")],
    ),
    CaseAction(
        "progress (one input and a tick): no text",
        "add_progress",
        {"text": " ", "visible_to_applicant": "on"},
        [("text", "请填写办案进展。")],
        _in_service,
        "provider",
    ),
    CaseAction(
        "redirect (one input): no reason",
        "redirect",
        {"reason": " "},
        [("reason", "请填写告知应向哪一机构申请。")],
    ),
    CaseAction(
        "return the closing report (one input): no reason",
        "return_closing_report",
        {"reason": ""},
        [("reason", "请填写退回理由。")],
        _at_closing_review,
    ),
]


def _case_state(application: LegalAidApplication) -> tuple[Any, ...]:
    row = LegalAidApplication.objects.values().get(pk=application.pk)
    events = Event.objects.filter(subject_id=str(application.pk)).count()
    return (
        row,
        application.supplement_requests.count(),
        application.notices.count(),
        application.materials.count(),
        application.progress_updates.count(),
        application.quality_reviews.count(),
        list(application.objections.values_list("outcome", "decision")),
        events,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("case", LEGAL_AID_CASES, ids=[c.name for c in LEGAL_AID_CASES])
def test_a_legal_aid_action_shows_the_forms_and_the_services_problems_at_once(
    client: Client,
    network,
    frozen,  # noqa: F811
    standard,  # noqa: F811
    worker,  # noqa: F811
    reviewer,  # noqa: F811
    lawyers,  # noqa: F811
    county_supervisor,
    case: CaseAction,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = case.setup(network, worker, reviewer, lawyers)
    who = {"reviewer": reviewer, "provider": application.provider, "supervisor": county_supervisor}[case.login]
    client.force_login(who)
    data = dict(case.data)
    if isinstance(data.get("file"), str):
        data["file"] = SimpleUploadedFile("材料.pdf", data["file"].encode(), content_type="application/pdf")
    before = _case_state(application)
    response = client.post(f"/workbench/legal-aid/{application.number}/{case.action}/", data)
    _check(response, case.errors)
    assert _case_state(application) == before
