import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongfa.accounts.choices import Role
from gongfa.legalaid.choices import HardshipBasis
from gongfa.legalaid.models import HardshipStandard, ProviderProfile
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing import files
from gongfa.testing.factories import CitizenFactory, make_id_number, staff

# Monday 2026-11-23, 10:00 in Beijing: seven calendar days end on Monday 11-30, a working day.
MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
# Real files: uploads are checked by parsing (gongfa.core.uploads).
PDF = files.PDF
PNG = files.PNG


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reviewer(network):
    return staff(Role.LEGAL_AID_REVIEWER, at=network.legal_aid_centre, real_name="审查员")


@pytest.fixture
def standard(network):
    # Jiangsu-style rule (rules.md §1.5 ◐): household per-capita income ≤ the local minimum wage.
    return HardshipStandard.objects.create(
        region=network.province,
        basis=HardshipBasis.MIN_WAGE,
        base_amount=Decimal("2490"),
        multiplier=Decimal("1"),
        effective_from=datetime.date(2025, 1, 1),
        verified=False,
        source="测试数据",
    )


@pytest.fixture
def worker(db):
    # A migrant worker born 1985 (an adult, not elderly).
    return CitizenFactory(real_name="张务工", id_number=make_id_number(birth=datetime.date(1985, 5, 1), seq=7))


@pytest.fixture
def law_firm(network):
    return Agency.objects.create(name="示范律师事务所", kind=AgencyKind.LAW_FIRM, region=network.county)


def make_provider(firm, name, **profile):
    user = staff(Role.LAWYER, at=firm, real_name=name)
    ProviderProfile.objects.create(user=user, agency=firm, **profile)
    return user


@pytest.fixture
def lawyers(law_firm):
    return [
        make_provider(law_firm, "李律师", criminal_defence_years=10, minors_specialist=True, published=True),
        make_provider(law_firm, "王律师", criminal_defence_years=1),
    ]


def pdf(name="材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def hardship_standard_for_db_tests(request):
    """Autouse it in a module (``pytestmark = pytest.mark.usefixtures(...)`` or a re-export) whose
    database tests all need the hardship standard."""
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("standard")


WAGES = {
    "matter_code": "labour_pay",
    "facts": "在工地干了三个月，老板一直不发工资，共欠一万二千元。",
    "opponent_name": "某建筑劳务公司",
    "exempt_group": "migrant_worker",
}


def court_notice(reviewer, region, ground="life_or_death", name="刘某", facts="涉嫌故意杀人罪", seq=55):
    """A notice of defence from the county court (通知辩护), registered by `reviewer`."""
    from gongfa.legalaid.choices import NotifyingOrgan
    from gongfa.legalaid.services import NoticeInput, receive_notice

    return receive_notice(
        actor=reviewer,
        region=region,
        notice=NoticeInput(
            organ=NotifyingOrgan.COURT,
            organ_name="示范县人民法院",
            organ_phone="0571-88886666",
            defendant_name=name,
            id_number=make_id_number(seq=seq),
            grounds=(ground,),
            facts=facts,
        ),
    )


# A means-tested wage claim within the hardship standard: eligible with nothing left to supply.
CASE_FORM = {
    **WAGES,
    "exempt_group": "",
    "household_size": 2,
    "household_monthly_income": "1000",
    "phone": "13900001111",
}
