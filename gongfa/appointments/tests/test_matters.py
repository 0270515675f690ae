"""The notarial matter list as data: the shipped examples load (parents and children, materials,
time limits, waivers), an office's faster promise wins, and a bad file is refused whole, naming the
file and each bad item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongfa.appointments.choices import FeeWaiver, TimeLimitKind
from gongfa.appointments.matters import load_matters
from gongfa.appointments.models import MatterMaterial, NotarialMatter, OfficeMatter
from gongfa.core.errors import DomainError
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing.factories import MiniNetwork

pytestmark = pytest.mark.django_db


def test_the_shipped_list_is_loaded_by_the_migration_and_again_in_place() -> None:
    kinship = NotarialMatter.objects.get(code="kinship")
    assert kinship.parent is not None and kinship.parent.code == "going_abroad"
    assert kinship.is_example and kinship.working_days == 15  # 《公证法》第30条
    assert kinship.materials.filter(required=True).count() == 3
    assert kinship.waives_for(FeeWaiver.LEGAL_AID_RECIPIENT)  # 第34条, 《法律援助法》第53条
    house = NotarialMatter.objects.get(code="house_entrustment")
    assert house.time_limit == TimeLimitKind.SPEED_5 and house.working_days == 5 and house.in_person
    assert NotarialMatter.objects.get(code="will").in_person  # 《公证法》第26条
    before = (NotarialMatter.objects.count(), MatterMaterial.objects.count())
    assert load_matters() == before[0]
    assert (NotarialMatter.objects.count(), MatterMaterial.objects.count()) == before  # updated, not doubled


def test_an_office_promise_counts_only_when_faster(network: MiniNetwork) -> None:
    office = Agency.objects.create(name="示范县公证处", kind=AgencyKind.NOTARY_OFFICE, region=network.county)
    kinship, house = NotarialMatter.objects.get(code="kinship"), NotarialMatter.objects.get(code="house_entrustment")
    assert (
        OfficeMatter.objects.create(office=office, matter=kinship, time_limit=TimeLimitKind.SPEED_10).working_days == 10
    )
    assert OfficeMatter.objects.create(office=office, matter=house, time_limit=TimeLimitKind.GENERAL).working_days == 5


def test_a_bad_file_is_refused_whole_naming_each_item(tmp_path: Path) -> None:
    bad = tmp_path / "matters.json"
    bad.write_text(
        json.dumps(
            {
                "matters": [
                    {"code": "new_ok", "name": "新事项", "category": "fact", "materials": [["身份证", ""]]},
                    {"code": "no_materials", "name": "无材料", "category": "fact"},
                    {
                        "code": "bad_limit",
                        "name": "时限错",
                        "category": "fact",
                        "time_limit": "tomorrow",
                        "materials": [["身份证", ""]],
                    },
                    {
                        "code": "orphan",
                        "name": "孤儿",
                        "category": "fact",
                        "parent": "nowhere",
                        "materials": [["身份证", ""]],
                    },
                    {
                        "code": "no_aid",
                        "name": "不减免",
                        "category": "fact",
                        "fee_waivers": ["elderly"],
                        "materials": [["身份证", ""]],
                    },
                    {
                        "code": "new_ok",
                        "name": "重复",
                        "category": "bogus",
                        "fee_yuan": "-5",
                        "materials": [["身份证", ""]],
                    },
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with pytest.raises(DomainError) as caught:
        load_matters(bad)
    messages = [p.message for p in caught.value.problems]
    assert any("matters.json 第2项（no_materials）" in m and "所需材料" in m for m in messages)
    assert any("第3项（bad_limit）" in m and "办理时限" in m for m in messages)
    assert any("第4项（orphan）" in m and "上级事项" in m for m in messages)
    assert any("第5项（no_aid）" in m and "法律援助受援人必须减免" in m for m in messages)
    assert any("第6项（new_ok）" in m and "代码重复" in m for m in messages)
    assert any("第6项（new_ok）" in m and "类别" in m for m in messages)
    assert any("第6项（new_ok）" in m and "收费标准" in m for m in messages)
    assert not NotarialMatter.objects.filter(code="new_ok").exists()  # nothing written
