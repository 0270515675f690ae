"""Demo data for the hotline desk's follow-up (issue #16), made through the services:

- about twenty answer templates (答复模板) across the topics: plain answers citing real articles,
  maintained by the county's supervisor;
- open orders that are overdue and near due, so the supervision page shows something: a few of
  the county's open orders are moved back in time as a whole (created, accepted and their events)
  and their deadlines recomputed from the new start by the same rules (apply_deadlines);
- the overdue sweep's notices, and two notices the county's supervisor issues himself;
- two orders transferred in from 12345 with 12345's deadline: one whose acceptance went back and
  was acknowledged, one whose acceptance failed once and waits for its retry.

Deterministic from the demo seed; a second run finds the first 12345 order and skips.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region, StaffPosting, subtree_bounds
from gongfa.network.selectors import supervisors_covering
from gongfa.workorders.choices import CLOCK_RUNNING_STATUSES, ExternalSystem, SlaState, SupervisionKind
from gongfa.workorders.gateways import FlakyGateway
from gongfa.workorders.models import AnswerTemplate, SupervisionNotice, Topic, WorkOrder
from gongfa.workorders.services import accept_work_order, create_work_order, receive_12345_transfer
from gongfa.workorders.services.answers import TemplateInput, create_template
from gongfa.workorders.services.deadlines import apply_deadlines
from gongfa.workorders.services.dispatch_queue import dispatch_queued_order
from gongfa.workorders.services.external import send_update_now
from gongfa.workorders.services.supervision import issue_supervision, sweep_overdue

Progress = Callable[[str], None]

FIRST_12345 = "SX-DEMO-0001"
OVERDUE_ORDERS = 4
NEAR_DUE_ORDERS = 3

# (topic code, title, body): plain answers citing the law they rest on.
TEMPLATES: tuple[tuple[str | None, str, str], ...] = (
    (
        "labour",
        "拖欠工资怎么办",
        "用人单位应当按时足额支付工资（《劳动合同法》第三十条）。可先向当地劳动保障监察机构投诉；"
        "也可以向劳动人事争议仲裁委员会申请仲裁，申请时效为一年，劳动关系存续期间拖欠工资的不受此限（《劳动争议调解仲裁法》第二十七条）。"
        "请保存工资条、考勤记录、聊天记录等证据。",
    ),
    (
        "labour",
        "没签劳动合同能要双倍工资吗",
        "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资"
        "（《劳动合同法》第八十二条）。可向劳动人事争议仲裁委员会申请仲裁。",
    ),
    (
        "labour",
        "工伤认定申请期限",
        "职工发生事故伤害，用人单位应在30日内提出工伤认定申请；用人单位未申请的，工伤职工或者其近亲属可以在"
        "事故伤害发生之日起1年内直接向社会保险行政部门申请（《工伤保险条例》第十七条）。",
    ),
    (
        "marriage_family",
        "协议离婚的冷静期",
        "自婚姻登记机关收到离婚登记申请之日起三十日内，任何一方不愿意离婚的，可以撤回申请；"
        "期满后三十日内双方应亲自到婚姻登记机关申请发给离婚证（《民法典》第一千零七十七条）。",
    ),
    (
        "marriage_family",
        "抚养费怎么要",
        "离婚后，不直接抚养子女的一方应当负担部分或者全部抚养费，协议不成的由人民法院判决"
        "（《民法典》第一千零八十五条）。对方不给付的，可以向人民法院起诉或申请强制执行。",
    ),
    (
        "marriage_family",
        "遭受家庭暴力怎么办",
        "可以向公安机关报案，也可以向人民法院申请人身安全保护令（《反家庭暴力法》第十三条、"
        "第二十三条），人民法院应当在七十二小时内作出裁定，情况紧急的在二十四小时内作出。",
    ),
    (
        "marriage_family",
        "老人的赡养义务",
        "成年子女对父母负有赡养、扶助和保护的义务；不履行的，缺乏劳动能力或者生活困难的父母有要求"
        "成年子女给付赡养费的权利（《民法典》第二十六条、第一千零六十七条）。可先请村（居）调解委员会调解。",
    ),
    (
        "debt",
        "借钱不还怎么办",
        "借款人应当按照约定的期限返还借款（《民法典》第六百七十五条）。可凭借条、转账记录向人民法院起诉；"
        "诉讼时效期间为三年，自知道或者应当知道权利受到损害之日起计算（《民法典》第一百八十八条）。",
    ),
    (
        "contract",
        "定金与订金的区别",
        "定金适用定金罚则：给付定金的一方不履行的，无权请求返还；收受定金的一方不履行的，应当双倍返还"
        "（《民法典》第五百八十七条）。“订金”不适用该规则，一般作为预付款处理。",
    ),
    (
        "real_estate",
        "宅基地纠纷",
        "宅基地权属争议由当事人协商解决；协商不成的，由人民政府处理，对处理决定不服的可以在接到通知之日起"
        "三十日内向人民法院起诉（《土地管理法》第十四条）。可先申请村（居）人民调解委员会调解。",
    ),
    (
        "consumer_rights",
        "网购七天无理由退货",
        "经营者采用网络方式销售商品，消费者有权自收到商品之日起七日内退货，且无需说明理由，"
        "定作等法定除外商品除外（《消费者权益保护法》第二十五条）。可向12315投诉。",
    ),
    (
        "consumer_rights",
        "买到假货怎么赔",
        "经营者提供商品有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，增加赔偿的金额为"
        "商品价款的三倍，不足五百元的为五百元（《消费者权益保护法》第五十五条）。",
    ),
    (
        "traffic_accident",
        "交通事故赔偿",
        "机动车发生交通事故造成人身伤亡、财产损失的，由保险公司在机动车第三者责任强制保险责任限额范围内"
        "予以赔偿；不足的部分按过错承担（《道路交通安全法》第七十六条）。对责任认定有异议可在三日内申请复核。",
    ),
    (
        "personal_injury",
        "被打伤怎么处理",
        "请先就医并保存病历和票据，及时向公安机关报案。可以要求侵权人赔偿医疗费、护理费、交通费、"
        "误工费等（《民法典》第一千一百七十九条）。",
    ),
    (
        "construction",
        "农民工工程款被拖欠",
        "施工总承包单位对所承包工程的农民工工资支付负总责；分包单位拖欠的，由施工总承包单位先行清偿"
        "（《保障农民工工资支付条例》第三十条）。可向人力资源社会保障部门投诉。",
    ),
    (
        "administrative_litigation",
        "对行政处罚不服",
        "可以自知道该行政行为之日起六十日内申请行政复议（《行政复议法》第二十条），"
        "也可以自知道之日起六个月内直接向人民法院提起行政诉讼（《行政诉讼法》第四十六条）。",
    ),
    (
        "medical",
        "医疗纠纷的解决途径",
        "医疗纠纷可以双方自愿协商、申请人民调解、申请行政调解、向人民法院提起诉讼（《医疗纠纷预防和处理条例》"
        "第二十二条）。患者有权查阅、复制病历资料。",
    ),
    (
        "criminal_defence",
        "家人被刑事拘留",
        "犯罪嫌疑人自被第一次讯问或者采取强制措施之日起，有权委托辩护人（《刑事诉讼法》第三十四条）。"
        "经济困难的可以申请法律援助；符合条件的，公安机关应当通知法律援助机构指派律师（《法律援助法》第二十五条）。",
    ),
    (
        None,
        "申请法律援助的条件",
        "因经济困难没有委托代理人的，可以就依法请求给付赡养费、抚养费，请求支付劳动报酬等事项申请法律援助"
        "（《法律援助法》第三十一条）。可到县公共法律服务中心或通过本平台“法律援助”在线申请。",
    ),
    (
        None,
        "申请人民调解",
        "当事人可以向人民调解委员会申请调解，调解不收费（《人民调解法》第四条、第十七条）。经调解达成的协议，"
        "双方可以自协议生效之日起三十日内共同向人民法院申请司法确认（《人民调解法》第三十三条）。",
    ),
)


@dataclass
class DeskResult:
    notices: int = 0
    templates: int = 0
    updates: int = 0
    skipped: bool = False


def seed_desk(seed: int, county_code: str, start: datetime.date, progress: Progress | None = None) -> DeskResult:
    say = progress or (lambda _message: None)
    if WorkOrder.objects.filter(external_system=ExternalSystem.HOTLINE_12345, external_ref=FIRST_12345).exists():
        say("热线跟进演示数据已存在，跳过。")
        return DeskResult(skipped=True)
    county = Region.objects.filter(code=county_code).first()
    if county is None:
        return DeskResult(skipped=True)
    chain = supervisors_covering(county)
    supervisor = next((user for region, user in chain if region.pk == county.pk), None)
    if supervisor is None:
        return DeskResult(skipped=True)
    rng = random.Random(f"{seed}/desk")
    result = DeskResult()
    with transaction.atomic():
        result.templates = _templates(supervisor, county)
        _deadlines(county, rng, supervisor)
        swept = sweep_overdue()
        result.notices += swept.raised
        result.notices += _manual_notices(county, supervisor, rng)
        result.updates = _orders_from_12345(county, rng)
    say(f"热线跟进：答复模板 {result.templates} 条，督办 {result.notices} 件，回传12345 {result.updates} 条")
    return result


def _templates(supervisor: User, county: Region) -> int:
    topics = {t.code: t for t in Topic.objects.all()}
    made = 0
    for code, title, body in TEMPLATES:
        topic = topics.get(code) if code else None
        if code and topic is None:
            continue
        if AnswerTemplate.objects.filter(topic=topic, region=county, title=title).exists():
            continue
        create_template(actor=supervisor, data=TemplateInput(title=title, body=body, topic=topic, region=county))
        made += 1
    return made


def _open_orders(county: Region) -> list[WorkOrder]:
    low, high = subtree_bounds(county.code, county.level)
    return list(
        WorkOrder.objects.filter(
            status__in=CLOCK_RUNNING_STATUSES,
            region_code__range=(low, high),
            service_type__isnull=False,
            paused_at__isnull=True,
        )
        .exclude(external_system=ExternalSystem.HOTLINE_12345)
        .select_related("region", "service_type")
        .order_by("created_at", "pk")
    )


def _move_back(order: WorkOrder, new_start: datetime.datetime) -> None:
    """The order as if it had come in at `new_start`: its times and events move together, and its
    deadlines are computed again from there by the catalogue's rules."""
    delta = new_start - order.created_at
    order.created_at = new_start
    for field in ("accepted_at", "first_contact_at"):
        value = getattr(order, field)
        if value is not None:
            setattr(order, field, value + delta)
    apply_deadlines(order, start=new_start)
    order.save(
        update_fields=[
            "created_at",
            "accepted_at",
            "first_contact_at",
            "accept_due",
            "contact_due",
            "resolve_due",
            "near_due_at",
            "deadline_warnings",
        ]
    )
    Event.objects.filter(subject_type=ContentType.objects.get_for_model(WorkOrder), subject_id=str(order.pk)).update(
        occurred_at=F("occurred_at") + delta
    )


# Calls the desk registers when the county has too few open orders of its own to show.
CALLS: tuple[tuple[str, str, str], ...] = (
    ("王先生", "13907312001", "在镇上饭店打工半年，老板一直拖着不发工资，问怎么讨要。"),
    ("刘女士", "13907312002", "丈夫常年在外不给家用，想问离婚时孩子的抚养费怎么算。"),
    ("陈大爷", "13907312003", "儿子儿媳不给赡养费，老两口生活困难，想问能不能起诉。"),
    ("赵先生", "13907312004", "借给同村人三万元有借条，到期一直不还，问怎么办。"),
    ("孙女士", "13907312005", "在网上买的电动车质量有问题，商家拒绝退货。"),
    ("周先生", "13907312006", "邻居盖房占了我家宅基地一米多，村里调解没结果。"),
    ("吴女士", "13907312007", "在工地摔伤，包工头只给了两千元就不管了，问能否认定工伤。"),
    ("郑先生", "13907312008", "租的门面房东提前收回，押金不退，想咨询怎么维权。"),
)


def _register_calls(county: Region, rng: random.Random, wanted: int, fallback: User) -> None:
    villages = list(Region.objects.subtree(county).filter(level=RegionLevel.VILLAGE).order_by("code"))
    low, high = subtree_bounds(county.code, county.level)
    agent = next(
        (
            posting.user
            for posting in StaffPosting.objects.filter(
                role=Role.HOTLINE_AGENT, is_active=True, point__region__code__range=(low, high)
            )
            .select_related("user")
            .order_by("pk")
        ),
        fallback,
    )
    for name, phone, text in CALLS[:wanted]:
        if not villages:
            return
        create_work_order(
            channel=Channel.HOTLINE,
            region=villages[rng.randrange(len(villages))],
            text=text,
            contact_name=name,
            contact_phone=phone,
            received_by=agent,
        )


def _deadlines(county: Region, rng: random.Random, supervisor: User) -> None:
    now = timezone.now()
    orders = _open_orders(county)
    wanted = OVERDUE_ORDERS + NEAR_DUE_ORDERS + 2
    if len(orders) < wanted:
        _register_calls(county, rng, wanted - len(orders), supervisor)
        orders = _open_orders(county)
    rng.shuffle(orders)
    overdue = [o for o in orders if o.resolve_due is not None and o.resolve_due < now]
    near = [o for o in orders if o.sla_state(now) == SlaState.NEAR_DUE]
    fresh = [o for o in orders if o not in overdue and o not in near]
    for order in fresh[: max(0, OVERDUE_ORDERS - len(overdue))]:
        _move_back(order, now - datetime.timedelta(days=rng.randint(20, 40), hours=rng.randint(0, 8)))
    for order in fresh[OVERDUE_ORDERS : OVERDUE_ORDERS + max(0, NEAR_DUE_ORDERS - len(near))]:
        _make_near_due(order, now)


def _make_near_due(order: WorkOrder, now: datetime.datetime) -> None:
    """Find a start whose resolve deadline, by the order's own rules, falls within the near-due
    window: one resolve period back from now, then a few hours either side (weekends and holidays
    make the period vary with the start)."""
    original = order.created_at
    apply_deadlines(order, start=now)
    if order.resolve_due is None:
        return
    base = now - (order.resolve_due - now) + datetime.timedelta(hours=12)
    for offset in (0, -6, 6, -12, 12, -24, 24, -48, 48, -72, 72, -96, 96):
        start = base + datetime.timedelta(hours=offset)
        if start >= now:
            continue
        apply_deadlines(order, start=start)
        due = order.resolve_due
        if due is not None and now + datetime.timedelta(hours=2) < due and order.sla_state(now) == SlaState.NEAR_DUE:
            _move_back(order, start)
            return
    apply_deadlines(order, start=original)  # no such start: the order stays as it was


def _manual_notices(county: Region, supervisor: User, rng: random.Random) -> int:
    now = timezone.now()
    candidates = [
        o
        for o in _open_orders(county)
        if not SupervisionNotice.objects.filter(order=o, kind=SupervisionKind.MANUAL).exists()
    ]
    reasons = ("群众多次来电催问办理进度，请加快办理并及时回复。", "涉及农民工欠薪，请优先办理，当日联系群众。")
    made = 0
    for order, reason in zip(rng.sample(candidates, min(2, len(candidates))), reasons, strict=False):
        due = now + datetime.timedelta(days=rng.randint(2, 5))
        issue_supervision(order=order, supervisor=supervisor, reason=reason, due_at=due)
        made += 1
    return made


def _orders_from_12345(county: Region, rng: random.Random) -> int:
    villages = list(Region.objects.subtree(county).filter(level=RegionLevel.VILLAGE).order_by("code"))
    if not villages:
        return 0
    now = timezone.now()
    texts = (
        ("群众来电反映在工地务工三个月，包工头拖欠工资一万二千元，要求协助讨薪。", "13907311201"),
        ("群众反映邻居在其宅基地边界砌墙，双方多次争吵，请求调解。", "13907311202"),
    )
    updates = 0
    for index, (text, phone) in enumerate(texts):
        result = receive_12345_transfer(
            reference=f"SX-DEMO-{index + 1:04d}",
            region=villages[rng.randrange(len(villages))],
            text=text,
            contact_phone=phone,
            deadline=now + datetime.timedelta(days=5 + index * 2),
        )
        dispatch_queued_order(result.order.pk)
        order = WorkOrder.objects.select_related("owner_user").get(pk=result.order.pk)
        if order.owner_user is None:
            continue
        accept_work_order(order=order, actor=order.owner_user)
        update = order.external_updates.order_by("-pk").first()
        if update is None:
            continue
        if index == 0:
            send_update_now(update.pk)  # acknowledged by 12345
        else:
            with override_settings(WORKORDER_GATEWAY="gongfa.workorders.gateways.FlakyGateway"):
                FlakyGateway.failures = 1
                send_update_now(update.pk)  # the interface timed out: waits for its retry
                FlakyGateway.failures = 0
        updates += 1
    return updates
