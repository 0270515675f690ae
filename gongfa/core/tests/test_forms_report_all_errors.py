"""Every form of the project, submitted through its page by the right person with two or more bad
fields, shows every problem at once (issue 11 §2): in the error summary, with a link to the field,
and beside the field; and nothing is created or changed."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from gongfa.legalaid.models import DutyHelpLog, LegalAidApplication
from gongfa.legalaid.services import save_draft

# The people who submit each form, and the legal-aid setting (fixtures of the apps' own tests).
from gongfa.legalaid.tests.conftest import frozen, reviewer, standard, worker  # noqa: F401
from gongfa.workbench.tests.conftest import agent, citizen, make_order, room_clerk, station_clerk  # noqa: F401
from gongfa.workorders.models import WorkOrder

Fixtures = dict[str, Any]
ID_SHAPE = "身份证号应为18位：前17位为数字，最后一位为数字或X。"
BAD_PHONE = "联系电话格式不正确，应为手机号或带区号的座机号。"


@dataclass(frozen=True)
class Case:
    name: str
    user: str  # the fixture that names who submits
    url: Callable[[Fixtures], str]
    data: Callable[[Fixtures], dict[str, Any]]
    errors: list[tuple[str | None, str]]  # (field, message); field None: on top of the form
    unchanged: Callable[[Fixtures], Any]  # read before and after: must be equal


def _orders(_: Fixtures) -> int:
    return WorkOrder.objects.count()


def _applications(_: Fixtures) -> int:
    return LegalAidApplication.objects.count()


def _draft(fx: Fixtures) -> LegalAidApplication:
    return save_draft(applicant=fx["worker"], region=fx["network"].villages[0], data={"matter_code": "labour_pay"})


CASES = [
    Case(
        "hotline: the empty desk form",
        "agent",
        lambda fx: "/workbench/hotline/",
        lambda fx: {"token": str(uuid.uuid4())},
        [
            ("region", "请选择所在区划。"),
            ("text", "请填写诉求内容。"),
            ("contact_phone", "请填写联系电话，方便工作人员联系您。"),
        ],
        _orders,
    ),
    Case(
        "hotline: the form's and the service's problems together",
        "agent",
        lambda fx: "/workbench/hotline/",
        lambda fx: {
            "token": str(uuid.uuid4()),
            "region_code": "12ab",
            "contact_phone": "12345",
            "text": "",
            "urgency": "now",
        },
        [
            ("region_code", "区划代码应为12位数字。"),
            ("urgency", "紧急程度的选项不在列表中，请重新选择。"),
            ("text", "请填写诉求内容。"),
            ("contact_phone", BAD_PHONE),
        ],
        _orders,
    ),
    Case(
        "window intake",
        "station_clerk",
        lambda fx: "/workbench/intake/",
        lambda fx: {"token": str(uuid.uuid4()), "result_code": "answered", "special_groups": ["3"]},
        [
            ("answer", "办结前须填写当场答复的内容。"),
            ("special_groups", "特殊群体标记不正确。"),
            ("region", "请选择所在区划。"),
            ("text", "请填写诉求内容。"),
            ("contact_phone", "请填写联系电话，方便工作人员联系您。"),
        ],
        _orders,
    ),
    Case(
        "staff legal-aid registration (a custody forward)",
        "reviewer",
        lambda fx: "/workbench/legal-aid/new/",
        lambda fx: {
            "intake_channel": "custody_forward",
            "region": fx["network"].villages[1].code,
            "requested_at": "昨天下午",
            "id_number": "123",
            "phone": "abc",
            "household_size": "",
        },
        [
            ("requested_at", "时间格式不正确。"),
            ("forwarded_by", "请填写转交单位。"),
            ("id_number", ID_SHAPE),
            ("phone", BAD_PHONE),
            ("applicant_name", "请填写申请人姓名。"),
            ("matter_code", "请选择申请事项。"),
            ("facts", "请简要说明案情和申请理由。"),
        ],
        _applications,
    ),
    Case(
        "staff legal-aid registration (every field shape-valid, the service refuses several)",
        "reviewer",
        lambda fx: "/workbench/legal-aid/new/",
        lambda fx: {"intake_channel": "window", "region": fx["network"].villages[1].code, "id_number": "1"},
        [
            ("id_number", ID_SHAPE),
            ("phone", "请填写联系电话。"),
            ("applicant_name", "请填写申请人姓名。"),
            ("matter_code", "请选择申请事项。"),
            ("facts", "请简要说明案情和申请理由。"),
        ],
        _applications,
    ),
    Case(
        "court notice",
        "reviewer",
        lambda fx: "/workbench/legal-aid/notice/",
        lambda fx: {"organ": "court", "region": "", "id_number": "1", "organ_phone": ""},
        [
            ("region", "请选择办案机关所在地。"),
            ("grounds", "请选择通知辩护/代理的理由。"),
            ("organ_name", "请填写通知机关名称。"),
            ("defendant_name", "请填写犯罪嫌疑人、被告人姓名。"),
            ("facts", "请填写案由。"),
            ("id_number", ID_SHAPE),
            ("organ_phone", "请填写通知机关的联系电话。"),
        ],
        _applications,
    ),
    Case(
        "duty-lawyer help log",
        "reviewer",
        lambda fx: "/workbench/legal-aid/duty/",
        lambda fx: {"requested_at": "x", "station": "", "person_name": "", "duty_lawyer": "", "id_number": "9"},
        [
            ("requested_at", "时间格式不正确。"),
            ("duty_lawyer", "请选择值班律师。"),
            ("station", "请填写值班地点（看守所、法院或检察院名称）。"),
            ("person_name", "请填写犯罪嫌疑人、被告人姓名。"),
            ("id_number", ID_SHAPE),
        ],
        lambda fx: DutyHelpLog.objects.count(),
    ),
    Case(
        "citizen legal aid, step 1 (start)",
        "worker",
        lambda fx: f"/legal-aid/apply/?county={fx['network'].county.code}",
        lambda fx: {"village": "", "matter_code": "bogus"},
        [("village", "请选择您所在的村(社区)。"), ("matter_code", "请从列表中选择申请事项。")],
        _applications,
    ),
    Case(
        "citizen legal aid, the facts step",
        "worker",
        lambda fx: f"/legal-aid/apply/{fx['draft'].pk}/facts/",
        lambda fx: {"applicant_name": "", "id_number": "110101199003071234", "phone": "12", "facts": ""},
        [
            ("applicant_name", "请填写申请人姓名。"),
            ("facts", "请简要说明发生了什么。"),
            ("id_number", "身份证号校验位不正确，请核对后重新输入。"),
            ("phone", BAD_PHONE),
        ],
        lambda fx: LegalAidApplication.objects.values().get(pk=fx["draft"].pk),
    ),
    Case(
        "citizen legal aid, the income step",
        "worker",
        lambda fx: f"/legal-aid/apply/{fx['draft'].pk}/income/",
        lambda fx: {"household_size": "0", "household_monthly_income": "-5", "verification": "guess"},
        [
            ("household_size", "家庭人口数至少是 1（您自己）。"),
            ("household_monthly_income", "收入不能是负数。"),
            ("verification", "经济状况怎么核实的选项不在列表中，请重新选择。"),
        ],
        lambda fx: LegalAidApplication.objects.values().get(pk=fx["draft"].pk),
    ),
    Case(
        "citizen asks a question",
        "citizen",
        lambda fx: f"/ask/?county={fx['network'].county.code}",
        lambda fx: {"village": "", "text": "", "token": "not-a-uuid"},
        [
            ("village", "请选择您所在的村(社区)。"),
            ("text", "请填写问题描述。"),
            ("token", "页面已失效，请刷新后重新提交。"),
        ],
        _orders,
    ),
    Case(
        "citizen's real name",
        "citizen",
        lambda fx: "/accounts/me/",
        lambda fx: {"real_name": "", "id_number": "1" * 26},
        [("real_name", "请填写姓名。"), ("id_number", "身份证号应为18位。")],
        lambda fx: tuple(type(fx["citizen"]).objects.filter(pk=fx["citizen"].pk).values_list("real_name", "id_number")),
    ),
    Case(
        "work-order transfer",
        "room_clerk",
        lambda fx: f"/workbench/orders/{fx['order'].tracking_number}/transfer/",
        lambda fx: {"place": "", "place_code": "", "person": "abc", "reason": "转\x00办"},
        [
            ("transfer_place", "请选择承办服务点或机构。"),
            ("transfer_person", "找不到该工作人员，请重新选择。"),
            ("transfer_reason", "内容中含有不可见的控制字符（如 NUL），请删除后重新提交。"),
        ],
        lambda fx: tuple(
            WorkOrder.objects.filter(pk=fx["order"].pk).values_list("status", "owner_point", "owner_user")
        ),
    ),
    Case(
        "staff login",
        "anonymous",
        lambda fx: "/accounts/staff/login/",
        lambda fx: {"username": "", "password": ""},
        [("username", "请输入用户名。"), ("password", "请输入密码。")],
        lambda fx: None,
    ),
]


def _summary(page: str) -> str:
    match = re.search(r'<div class="error-summary" data-error-summary.*?</ul>', page, re.S)
    assert match, "the page has no error summary"
    return html.unescape(match.group(0))


def _beside(page: str, field: str) -> str:
    match = re.search(rf'<p class="error-message" id="id_{field}_error">(.*?)</p>', page, re.S)
    return html.unescape(match.group(1)) if match else ""


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_problem_is_shown_at_once_and_nothing_changes(request, client: Client, network, frozen, case):  # noqa: F811
    fx: Fixtures = {"network": network}
    for name in ("worker", "citizen", "standard"):
        if case.user == name or name == "standard":
            fx[name] = request.getfixturevalue(name)
    if "draft" in case.name or "step" in case.name:
        fx["draft"] = _draft(fx)
    if "work-order" in case.name:
        fx["room_clerk"] = request.getfixturevalue("room_clerk")
        fx["order"] = make_order(network.villages[0])  # dispatched to the room clerk
    if case.user != "anonymous":
        client.force_login(fx.get(case.user) or request.getfixturevalue(case.user))
    before = case.unchanged(fx)
    response = client.post(case.url(fx), case.data(fx))
    # Refused: the page again with its errors and status 400, on citizen and staff pages alike.
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    summary = _summary(page)
    assert len(case.errors) >= 2
    for field, message in case.errors:
        assert message in summary, f"{message} not in the summary"
        if field is None:
            continue
        if field == "token":  # a hidden field: said in the summary only, without a link to nowhere
            assert f"<li>{message}</li>" in summary
            continue
        assert re.search(rf'<a href="#id_{field}(_0)?">{re.escape(message)}</a>', summary), f"no link to {field}"
        assert message in _beside(page, field), f"{message} not beside {field}"
    assert case.unchanged(fx) == before
