"""转为案件 through /workbench/orders/<no>/convert/: offered only once a case type is registered."""

import pytest

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import CaseLink, WorkOrder
from gongfa.workorders.services import accept_work_order, register_case_kind
from gongfa.workorders.services.handling import CASE_KINDS


@pytest.fixture
def case_kind(network):
    register_case_kind("test_case", "测试案件", lambda order, actor: network.county)  # any saved model stands in
    yield
    CASE_KINDS.pop("test_case")


def test_not_offered_without_case_types(client, network, room_clerk, monkeypatch):
    for code in list(CASE_KINDS):
        monkeypatch.delitem(CASE_KINDS, code)
    order = accept_work_order(order=make_order(network.villages[0]), actor=room_clerk)
    client.force_login(room_clerk)
    assert 'id="action-convert"' not in client.get(f"/workbench/orders/{order.tracking_number}/").content.decode()


def test_converting(client, network, room_clerk, case_kind):
    order = accept_work_order(order=make_order(network.villages[0]), actor=room_clerk)
    client.force_login(room_clerk)
    page = client.get(f"/workbench/orders/{order.tracking_number}/").content.decode()
    assert "测试案件" in page.split('id="action-convert"')[1]
    assert_done(client, act(client, order, "convert", {"kind": "test_case"}), "已转为案件办理。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.CONVERTED
    assert CaseLink.objects.filter(order=order).exists()


def test_an_unknown_case_type_is_explained(client, network, room_clerk, case_kind):
    order = accept_work_order(order=make_order(network.villages[0]), actor=room_clerk)
    client.force_login(room_clerk)
    assert_refused(act(client, order, "convert", {"kind": ""}), "未知的案件类型。")
    assert not CaseLink.objects.exists()


def test_legal_aid_is_offered_and_opens_a_draft_application(client, network, room_clerk):
    from gongfa.legalaid.choices import ApplicationStatus
    from gongfa.legalaid.models import LegalAidApplication

    order = accept_work_order(order=make_order(network.villages[0]), actor=room_clerk)
    client.force_login(room_clerk)
    page = client.get(f"/workbench/orders/{order.tracking_number}/").content.decode()
    assert "法律援助申请" in page.split('id="action-convert"')[1]
    assert_done(client, act(client, order, "convert", {"kind": "legal_aid"}), "已转为案件办理。")
    draft = LegalAidApplication.objects.get(work_order=order)
    assert draft.status == ApplicationStatus.DRAFT and draft.agency == network.legal_aid_centre
