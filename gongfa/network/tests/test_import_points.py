"""服务点 import: the model's rules per row (tier fits the level, phone shape), one point per
region and tier, in the file and in the database."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.network.choices import PointTier, ServiceKind
from gongfa.network.imports import NetworkImportError, PointSheet, import_sheet
from gongfa.network.models import ServicePoint
from gongfa.network.tests.xlsx_files import workbook
from gongfa.testing.factories import build_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    net = build_network(townships=1, villages_per_township=2)
    ServicePoint.objects.filter(tier=PointTier.ROOM).delete()
    return net


def test_a_row_becomes_a_point(network):
    village = network.villages[0]
    row = {
        "名称": "一村工作室",
        "层级": "公共法律服务工作室",
        "区划代码": village.code,
        "联系电话": "0571-87654321",
        "提供的服务": "法律咨询、人民调解",
        "服务语言": "普通话 彝语",
        "在名录中公开": "否",
    }
    report = import_sheet(PointSheet, workbook(PointSheet, [row]))
    assert report.created == 1
    point = ServicePoint.objects.get(name="一村工作室")
    assert point.region == village and point.tier == PointTier.ROOM and not point.is_listed
    assert point.services == [ServiceKind.CONSULTATION, ServiceKind.MEDIATION]
    assert point.languages == ["普通话", "彝语"] and point.opening_hours == "周一至周五 9:00-17:00"
    assert Event.objects.filter(verb="network.point_imported").count() == 1


def test_every_bad_row_is_reported_and_nothing_is_imported(network):
    before = ServicePoint.objects.count()
    v1, v2 = network.villages
    rows = [
        {"名称": "好工作室", "层级": "room", "区划代码": v1.code},
        {"名称": "站在村里", "层级": "公共法律服务工作站", "区划代码": v2.code},
        {"名称": "无处", "层级": "公共法律服务工作室", "区划代码": "330102999999"},
        {"名称": "又一个", "层级": "公共法律服务工作室", "区划代码": v1.code},
        {"名称": "县里第二个中心", "层级": "公共法律服务中心", "区划代码": network.county.code},
        {"名称": "电话坏", "层级": "公共法律服务工作室", "区划代码": v2.code, "联系电话": "12"},
        {"名称": "服务坏", "层级": "小屋", "区划代码": v2.code, "提供的服务": "算命"},
    ]
    with pytest.raises(NetworkImportError) as caught:
        import_sheet(PointSheet, workbook(PointSheet, rows))
    errors = caught.value.errors
    assert errors[0] == "第3行：层级：“公共法律服务工作站”不能设在村(社区)级区划。"
    assert errors[1] == "第4行：区划代码“330102999999”不存在。"
    assert errors[2].startswith("第5行：") and "的公共法律服务工作室与第2行重复" in errors[2]
    assert errors[3].startswith("第6行：") and "已有公共法律服务中心" in errors[3]
    assert errors[4] == "第7行：联系电话：电话号码格式不正确，应为手机号、带区号的座机号或服务热线。"
    assert errors[5].startswith("第8行：层级“小屋”无效")
    assert errors[6].startswith("第8行：提供的服务中的“算命”无效")
    assert len(errors) == 7
    assert ServicePoint.objects.count() == before
