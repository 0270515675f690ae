"""村(居)法律顾问聘任 import: through assign_village_advisor, so the eligibility rule and the
five-village limit (counting rows above in the same file) are each row's checks."""

from __future__ import annotations

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.network.imports import AdviserSheet, NetworkImportError, import_sheet
from gongfa.network.models import AdvisorAssignment
from gongfa.network.tests.xlsx_files import workbook
from gongfa.testing.factories import UserFactory, build_network, eligible_advisor

pytestmark = pytest.mark.django_db


def test_appointments_go_through_the_service():
    network = build_network(townships=1, villages_per_township=2)
    adviser = eligible_advisor(network.county, Role.LAWYER, username="lvshi")
    rows = [
        {"法律顾问用户名": "lvshi", "村(社区)区划代码": network.villages[0].code, "聘任日期": "2026-02-01"},
        {"法律顾问用户名": "lvshi", "村(社区)区划代码": network.villages[1].code},
    ]
    assert import_sheet(AdviserSheet, workbook(AdviserSheet, rows)).created == 2
    assert AdvisorAssignment.objects.filter(advisor=adviser, is_active=True).count() == 2
    assert str(AdvisorAssignment.objects.get(village=network.villages[0]).started_on) == "2026-02-01"
    assert Event.objects.filter(verb="network.advisor_assigned").count() == 2


def test_the_rules_refuse_rows_and_nothing_is_imported():
    network = build_network(townships=2, villages_per_township=3)
    adviser = eligible_advisor(network.county, Role.LAWYER, username="lvshi", real_name="赵律师")
    UserFactory(username="bare", role=Role.VILLAGE_ADVISOR, real_name="钱某")
    villages = network.villages
    rows = [{"法律顾问用户名": "lvshi", "村(社区)区划代码": v.code} for v in villages[:6]]  # the sixth: too many
    rows += [
        {"法律顾问用户名": "bare", "村(社区)区划代码": villages[0].code},
        {"法律顾问用户名": "lvshi", "村(社区)区划代码": network.townships[0].code},
        {"法律顾问用户名": "nobody", "村(社区)区划代码": villages[0].code},
        {"法律顾问用户名": "lvshi", "村(社区)区划代码": villages[0].code},
    ]
    with pytest.raises(NetworkImportError) as caught:
        import_sheet(AdviserSheet, workbook(AdviserSheet, rows))
    errors = caught.value.errors
    assert errors[0].startswith("第7行：赵律师 已服务 5 个村(社区)，每名法律顾问最多服务 5 个")
    assert errors[1].startswith("第8行：钱某 不具备村(居)法律顾问任职资格")
    assert errors[2] == "第9行：“示范1镇”不是村(社区)，法律顾问只能聘任到村(社区)。"
    assert errors[3] == "第10行：法律顾问用户名“nobody”不存在。"
    assert errors[4] == f"第11行：lvshi聘任到“{villages[0].name}”与第2行重复。"
    assert len(errors) == 5
    assert not AdvisorAssignment.objects.filter(advisor=adviser).exists()
    assert not Event.objects.filter(verb="network.advisor_assigned").exists()
