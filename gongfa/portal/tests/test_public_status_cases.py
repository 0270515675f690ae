"""One status phrase on the other case types' portal pages (issue #16 item 8): legal aid, mediation
and notarization say each state in their table's words, with the next step; and the reviewer's
notes on a hardship standard (演示数据…未核实) are for staff only (item 10b)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongfa.appointments.choices import NotarizationStatus
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.public_status import NOTARIZATION_STATUS
from gongfa.appointments.tests.test_notarization_world import apply, build_notary_world
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.public_status import LEGAL_AID_STATUS
from gongfa.legalaid.services import refuse, save_draft, submit_application
from gongfa.legalaid.tests.conftest import WAGES
from gongfa.mediation.choices import CaseStatus
from gongfa.mediation.public_status import MEDIATION_STATUS
from gongfa.mediation.testing import build_world, make_case
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db

INCOME = {**WAGES, "exempt_group": "", "household_size": 3, "household_monthly_income": "6000"}
UNVERIFIED_SOURCE = "演示数据：家庭人均月收入不高于当地最低工资标准（未核实）"


def _main(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def _says_only(main: str, table, status: str) -> None:
    own = table.phrase(status) + table.next_step(status)
    assert table.phrase(status) in main and table.next_step(status) in main
    for other in table.choices.values:
        for words in (table.phrase(other), table.next_step(other)):
            if other != status and words and words not in own:
                assert words not in main, f"{status}: the page also says {words!r}"


@pytest.fixture
def received(network, worker, frozen, standard) -> LegalAidApplication:
    draft = save_draft(applicant=worker, region=network.villages[0], data=INCOME)
    return submit_application(application=draft, actor=worker)


@pytest.mark.parametrize("status", [s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT])
def test_the_legal_aid_pages_say_one_thing_in_each_state(client, received, worker, status: str) -> None:
    LegalAidApplication.objects.filter(pk=received.pk).update(status=status)
    client.force_login(worker)
    main = _main(client.get(reverse("portal:legal_aid_case", args=[received.pk])).content.decode())
    _says_only(main, LEGAL_AID_STATUS, status)
    assert f'data-testid="legal-aid-status">{LEGAL_AID_STATUS.phrase(status)}<' in main
    listing = _main(client.get(reverse("portal:legal_aid")).content.decode())
    assert LEGAL_AID_STATUS.phrase(status) in listing


@pytest.mark.parametrize("status", CaseStatus.values)
def test_the_mediation_pages_say_one_thing_in_each_state(status: str) -> None:
    world = build_world()
    citizen = CitizenFactory()
    case = make_case(world, status, applicant_user=citizen)
    client = Client()
    client.force_login(citizen)
    main = _main(client.get(f"/mediation/cases/{case.pk}/").content.decode())
    assert f'data-testid="mediation-next">{MEDIATION_STATUS.next_step(status)}<' in main
    _says_only(main, MEDIATION_STATUS, status)
    assert MEDIATION_STATUS.phrase(status) in _main(client.get("/mediation/").content.decode())


@pytest.mark.parametrize("status", NotarizationStatus.values)
def test_the_notarization_pages_say_one_thing_in_each_state(status: str) -> None:
    world = build_notary_world()
    case = apply(world)
    NotarizationCase.objects.filter(pk=case.pk).update(status=status)
    client = Client()
    client.force_login(world.citizen)
    main = _main(client.get(reverse("portal:notarization_case", args=[case.number])).content.decode())
    assert f'data-testid="notarization-status">{NOTARIZATION_STATUS.phrase(status)}<' in main
    _says_only(main, NOTARIZATION_STATUS, status)
    listing = _main(client.get(reverse("portal:notarization_cases")).content.decode())
    assert NOTARIZATION_STATUS.phrase(status) in listing


def test_a_refused_application_says_refused_and_how_to_object(client, received, worker, reviewer) -> None:
    refuse(application=received, actor=reviewer, reasons="家庭人均收入高于本地标准。")
    client.force_login(worker)
    main = _main(client.get(reverse("portal:legal_aid_case", args=[received.pk])).content.decode())
    assert 'data-testid="legal-aid-status">决定不予法律援助<' in main
    assert "提出异议" in main and "正在审查" not in main


def test_the_unverified_hardship_standard_note_is_for_staff_only(client, network, worker, frozen, standard, reviewer):
    standard.source = UNVERIFIED_SOURCE
    standard.save(update_fields=["source"])
    draft = save_draft(applicant=worker, region=network.villages[0], data=INCOME)
    client.force_login(worker)
    confirm = _main(client.get(reverse("portal:legal_aid_step", args=[draft.pk, "confirm"])).content.decode())
    assert 'data-testid="proposal"' in confirm  # the preview is still there …
    assert "不高于本地区标准" in confirm
    for note in (UNVERIFIED_SOURCE, "演示数据", "未核实", "尚未核对官方文本"):  # … without the reviewer's notes
        assert note not in confirm, note

    received = submit_application(application=draft, actor=worker)
    page = _main(client.get(reverse("portal:legal_aid_case", args=[received.pk])).content.decode())
    assert "演示数据" not in page and "尚未核对官方文本" not in page

    staff = Client()
    staff.force_login(reviewer)
    workbench = staff.get(reverse("workbench:legal_aid_case", args=[received.number])).content.decode()
    assert UNVERIFIED_SOURCE in workbench and "尚未核对官方文本" in workbench
