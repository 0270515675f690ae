"""One status phrase (issue #16 item 8): every state of every case type has one citizen phrase in
one table, the work order's pages say one thing per state (never "已办结" beside "正在处理"), a
transfer names the place and the reason, and a Q&A hand-over keeps the citizen's words, the
robot's answer and the staff's answer apart."""

from __future__ import annotations

import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation

from gongfa.accounts.choices import Role
from gongfa.appointments.public_status import BOOKING_STATUS, NOTARIZATION_STATUS
from gongfa.core.public_status import PublicStatus, PublicStatusTable, assert_complete
from gongfa.knowledge.models import QuestionLog
from gongfa.legalaid.public_status import LEGAL_AID_STATUS
from gongfa.mediation.public_status import MEDIATION_STATUS
from gongfa.portal.views import citizen_words
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.public_status import TRANSFER_OUT_PLACE, WORK_ORDER_STATUS
from gongfa.workorders.services import answer_work_order, submit_question, transfer_out, transfer_work_order
from gongfa.workorders.timeline import CITIZEN_READS_REASON

TABLES = [WORK_ORDER_STATUS, LEGAL_AID_STATUS, MEDIATION_STATUS, NOTARIZATION_STATUS, BOOKING_STATUS]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.choices.__name__)
def test_every_status_of_every_case_type_has_a_citizen_phrase(table: PublicStatusTable) -> None:
    assert_complete(table)
    for status in table.choices.values:
        assert table.phrase(status).strip()


class Colour(models.TextChoices):
    RED = "red", "红"
    BLUE = "blue", "蓝"


def test_a_table_without_a_status_fails_its_check() -> None:
    table = PublicStatusTable(Colour, {Colour.RED: PublicStatus("红色", "下一步")})
    assert table.missing() == ["blue"]
    with pytest.raises(AssertionError, match="blue"):
        assert_complete(table)
    assert table.phrase("blue") == "蓝"  # a missing entry still reads as the label, never blank
    assert table.next_step("blue") == ""
    with pytest.raises(AssertionError, match="blank"):
        assert_complete(PublicStatusTable(Colour, {Colour.RED: " ", Colour.BLUE: "蓝色"}))


def test_a_table_naming_a_status_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="green"):
        PublicStatusTable(Colour, {"green": "绿色"})


def test_the_phrases_follow_the_active_language() -> None:
    # Lazy: read in the language of the request, not frozen at import (the English is the
    # catalogue's word for the msgid once translated).
    with translation.override("en"):
        assert WORK_ORDER_STATUS.phrase(WorkOrderStatus.CLOSED) == translation.gettext("已办结")
        assert WORK_ORDER_STATUS.next_step(WorkOrderStatus.CLOSED) == translation.gettext("这件事已经办完了。")
    with translation.override("zh-hans"):
        assert WORK_ORDER_STATUS.phrase(WorkOrderStatus.CLOSED) == "已办结"


def _main(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def _order(network, citizen, text: str = "工资被拖欠三个月") -> WorkOrder:
    return submit_question(requester=citizen, village=network.villages[0], text=text)


@pytest.mark.django_db
@pytest.mark.parametrize("status", WorkOrderStatus.values)
def test_the_order_page_says_one_thing_in_each_state(client, network, status: str) -> None:
    citizen = CitizenFactory()
    order = _order(network, citizen)
    WorkOrder.objects.filter(pk=order.pk).update(status=status)
    client.force_login(citizen)
    main = _main(client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode())
    own = WORK_ORDER_STATUS.phrase(status) + WORK_ORDER_STATUS.next_step(status)
    assert f'data-testid="plain-status">{WORK_ORDER_STATUS.phrase(status)}<' in main
    assert WORK_ORDER_STATUS.next_step(status) in main
    for other in WorkOrderStatus.values:
        for words in (WORK_ORDER_STATUS.phrase(other), WORK_ORDER_STATUS.next_step(other)):
            if other != status and words and words not in own:
                assert words not in main, f"{status}: the page also says {words!r}"
    listing = _main(client.get(reverse("portal:my_items")).content.decode())
    assert WORK_ORDER_STATUS.phrase(status) in listing


@pytest.mark.django_db
def test_a_closed_order_without_an_answer_is_not_being_worked_on(client, network) -> None:
    # The example: "已办结" beside "工作人员正在处理".
    citizen = CitizenFactory()
    order = _order(network, citizen)
    WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrderStatus.CLOSED, answer="")
    client.force_login(citizen)
    main = _main(client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode())
    assert "已办结" in main and "正在处理" not in main and "正在办理" not in main


@pytest.mark.django_db
def test_a_transfer_names_the_place_and_the_reason_on_the_page_and_in_the_timeline(client, network) -> None:
    citizen = CitizenFactory()
    room = network.rooms[network.villages[0].code]
    station = network.stations[network.townships[0].code]
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(clerk, room)
    order = _order(network, citizen)
    transfer_work_order(order=order, actor=clerk, place=station, reason="需要镇工作站协调用人单位")
    client.force_login(citizen)
    main = _main(client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode())
    summary = main.split('data-testid="transfer">', 1)[1].split("</dd>", 1)[0]
    assert f"已转交{station.name}办理" in summary and "需要镇工作站协调用人单位" in summary
    timeline = main.split('data-testid="citizen-timeline"', 1)[1]
    assert f"已转交{station.name}办理" in timeline and "原因：需要镇工作站协调用人单位" in timeline
    assert "周干事" not in main

    station_clerk = UserFactory(role=Role.WINDOW_STAFF)
    post(station_clerk, station)
    transfer_out(order=WorkOrder.objects.get(pk=order.pk), actor=station_clerk, reason="属于住房公积金提取问题")
    main = _main(client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode())
    summary = main.split('data-testid="transfer">', 1)[1].split("</dd>", 1)[0]
    assert str(TRANSFER_OUT_PLACE) in summary and "属于住房公积金提取问题" in summary
    assert 'data-testid="plain-status">已转交其他部门办理<' in main
    assert main.count("原因：") == 3  # both steps of the timeline and the summary


@pytest.mark.django_db
def test_a_dispatch_reason_stays_with_staff(client, network) -> None:
    citizen = CitizenFactory()
    order = _order(network, citizen)
    client.force_login(citizen)
    main = _main(client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode())
    assert order.routing_reason and order.routing_reason not in main  # the routing rule, staff-only
    assert "原因：" not in main


@pytest.mark.django_db
def test_the_transfer_forms_tell_staff_the_citizen_reads_the_reason(client, network) -> None:
    citizen = CitizenFactory()
    clerk = UserFactory(role=Role.WINDOW_STAFF)
    post(clerk, network.rooms[network.villages[0].code])
    order = _order(network, citizen)
    client.force_login(clerk)
    page = client.get(reverse("workbench:order_detail", args=[order.tracking_number])).content.decode()
    assert page.count(str(CITIZEN_READS_REASON)) >= 2  # 转办 and 转外部门


@pytest.mark.django_db
def test_a_handed_over_question_keeps_the_citizens_words_the_robot_and_the_staff_apart(client, network) -> None:
    citizen = CitizenFactory()
    clerk = UserFactory(role=Role.WINDOW_STAFF)
    post(clerk, network.rooms[network.villages[0].code])
    text = (
        "老板拖欠工资怎么办\n\n补充说明：已经三个月了\n\n"
        "【智能问答已答复（法条检索）】可以向劳动保障监察机构投诉。\n\n【引用法条】《劳动法》第五十条"
    )
    order = _order(network, citizen, text=text)
    QuestionLog.objects.create(
        question="老板拖欠工资怎么办",
        channel="portal",
        confidence=0.8,
        answer_source="articles",
        answer="可以向劳动保障监察机构投诉。",
        citations=[{"article": 1, "version": 1, "cited": "《劳动法》第五十条", "score": 1.0}],
        work_order=order,
        asked_by=citizen,
    )
    answer_work_order(order=order, actor=clerk, answer="请带上工资条来工作室", close_with=ResultCode.ANSWERED)
    client.force_login(citizen)
    main = _main(client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode())
    own = main.split('data-testid="own-words">', 1)[1].split("</div>", 1)[0]
    assert own == "老板拖欠工资怎么办\n\n补充说明：已经三个月了"
    robot = main.split('data-testid="qa-answer"', 1)[1].split("</section>", 1)[0]
    assert "智能问答的参考答复" in robot and "自动给出" in robot
    assert "可以向劳动保障监察机构投诉。" in robot and "《劳动法》第五十条" in robot
    assert "请带上工资条来工作室" not in robot
    staff = main.split('id="staff-answer-title"', 1)[1].split("</section>", 1)[0]
    assert "请带上工资条来工作室" in staff and "劳动保障监察" not in staff


@pytest.mark.django_db
def test_an_order_asked_directly_has_no_robot_block(client, network) -> None:
    citizen = CitizenFactory()
    order = _order(network, citizen, text="【我自己写的括号】邻居占地")
    client.force_login(citizen)
    main = _main(client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode())
    assert 'data-testid="qa-answer"' not in main and "【我自己写的括号】邻居占地" in main
    assert "暂无答复" in main


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("问题\n\n【智能问答已答复（无）】答", "问题"),
        ("【安全风险：家暴】已提示群众紧急求助电话，请优先联系。\n\n他打我\n\n【智能问答已答复（无）】答", "他打我"),
        ("问题\n\n补充说明：更多", "问题\n\n补充说明：更多"),
    ],
)
def test_citizen_words_leave_out_what_the_robot_added(text: str, words: str) -> None:
    assert citizen_words(text) == words


@pytest.mark.django_db
def test_the_citizen_api_and_the_closing_text_use_the_same_words(
    client, network, sms_outbox, django_capture_on_commit_callbacks, settings
) -> None:
    citizen = CitizenFactory()
    clerk = UserFactory(role=Role.WINDOW_STAFF)
    post(clerk, network.rooms[network.villages[0].code])
    order = _order(network, citizen)
    client.force_login(citizen)
    data = client.get(f"/api/v1/workorders/{order.tracking_number}").json()
    assert data["status_phrase"] == WORK_ORDER_STATUS.phrase(WorkOrderStatus.ASSIGNED) == "已交给办理单位，等待受理"
    settings.LANGUAGE_CODE = "en"  # the texts still go out in Chinese
    with django_capture_on_commit_callbacks(execute=True):
        answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    closing = [text for phone, text in sms_outbox if phone == citizen.phone and "/r/" in text]
    with translation.override("zh-hans"):
        closed = WORK_ORDER_STATUS.phrase(WorkOrderStatus.CLOSED)
    assert closing and f"{order.tracking_number}）{closed}。" in closing[0]
