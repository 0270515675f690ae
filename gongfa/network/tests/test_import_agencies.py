"""法律服务机构 import: kinds by name, the industry committee's industry, unique names in a region,
the housing service point by name."""

from __future__ import annotations

import pytest

from gongfa.network.choices import AgencyKind
from gongfa.network.imports import AgencySheet, NetworkImportError, import_sheet
from gongfa.network.models import Agency
from gongfa.network.tests.xlsx_files import workbook
from gongfa.testing.factories import build_network

pytestmark = pytest.mark.django_db


def test_rows_become_agencies_housed_in_their_point():
    network = build_network(townships=1, villages_per_township=1)
    township = network.townships[0]
    rows = [
        {
            "名称": "一镇调委会",
            "类型": "人民调解委员会",
            "区划代码": township.code,
            "入驻服务点": "示范1镇公共法律服务工作站",
        },
        {
            "名称": "医调委",
            "类型": "行业性专业性人民调解委员会",
            "区划代码": network.county.code,
            "行业领域": "医疗纠纷",
        },
    ]
    assert import_sheet(AgencySheet, workbook(AgencySheet, rows)).created == 2
    committee = Agency.objects.get(name="一镇调委会")
    assert committee.kind == AgencyKind.MEDIATION_COMMITTEE and committee.point == network.stations[township.code]
    assert Agency.objects.get(name="医调委").industry == "医疗纠纷"


def test_every_bad_row_is_reported_and_nothing_is_imported():
    network = build_network(townships=1, villages_per_township=1)
    before = Agency.objects.count()
    county = network.county.code
    rows = [
        {"名称": "好所", "类型": "律师事务所", "区划代码": county},
        {"名称": "医调委", "类型": "行业性专业性人民调解委员会", "区划代码": county},
        {"名称": "示范县法律援助中心", "类型": "法律援助中心", "区划代码": county},
        {"名称": "好所", "类型": "律师事务所", "区划代码": county},
        {"名称": "无家", "类型": "公证处", "区划代码": county, "入驻服务点": "不存在的点"},
        {"名称": "网址坏", "类型": "公证处", "区划代码": county, "网站": "not a url"},
    ]
    with pytest.raises(NetworkImportError) as caught:
        import_sheet(AgencySheet, workbook(AgencySheet, rows))
    errors = caught.value.errors
    assert errors[:4] == [
        "第3行：行业领域：行业性专业性调解委员会须填写行业领域。",
        "第4行：示范县已有名为“示范县法律援助中心”的机构。",
        "第5行：名称“好所”与第2行重复（同一区划）。",
        "第6行：入驻服务点“不存在的点”不存在。",
    ]
    assert errors[4].startswith("第7行：网站：") and len(errors) == 5
    assert Agency.objects.count() == before
