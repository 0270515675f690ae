"""申请调解 on the portal: the dispute, the other parties and the village, registered with the
citizen as the applicant; every problem shown at once, nothing kept on error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.mediation.choices import CaseSource, CaseStatus, IntakeChannel, PartySide
from gongfa.mediation.models import MediationCase
from gongfa.mediation.testing import MediationWorld, build_world
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing.factories import CitizenFactory, staff

pytestmark = pytest.mark.django_db

URL = "/mediation/apply/"


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


@pytest.fixture
def citizen(world: MediationWorld) -> User:
    return CitizenFactory(real_name="赵申请", phone="13800138001")


def browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def good(world: MediationWorld, **changes: Any) -> dict[str, Any]:
    data = {
        "village": world.net.villages[0].code,
        "category": "neighbour",
        "summary": "邻居装修把我家墙弄裂了",
        "facts": "十月邻居装修拆了承重墙，我家客厅墙体开裂。",
        "claims": "赔偿修墙的钱。",
        "other_name_0": "钱被申",
        "other_phone_0": "13800138002",
    }
    data.update(changes)
    return data


def errors_on(page: str) -> list[str]:
    summary = page.split('class="error-summary__list"', 1)[1].split("</ul>", 1)[0]
    return [message.strip() for message in re.findall(r"<li>(?:<a [^>]*>)?([^<]*)", summary)]


def test_the_form_asks_in_plain_words(world: MediationWorld, citizen: User) -> None:
    page = browser(citizen).get(URL).content.decode()
    assert "纠纷发生在哪个村(社区)？" in page
    assert world.net.villages[0].name in page
    assert "邻里纠纷" in page or "neighbour" in page
    assert "对方1的姓名或单位名称" in page


def test_a_citizen_applies(world: MediationWorld, citizen: User) -> None:
    data = good(world, other_name_1="孙某", other_phone_1="13800138003")
    response = browser(citizen).post(URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = MediationCase.objects.get()
    assert response["Location"] == f"/mediation/cases/{case.pk}/"
    assert case.status == CaseStatus.APPLIED
    assert (case.source, case.intake_channel) == (CaseSource.PARTY_APPLICATION, IntakeChannel.PORTAL)
    assert case.committee == world.village_committee  # the village's own committee
    assert case.region == world.net.villages[0]
    applicant = case.parties.get(side=PartySide.APPLICANT)
    assert (applicant.user, applicant.name, applicant.phone) == (citizen, "赵申请", "13800138001")
    respondents = list(case.parties.filter(side=PartySide.RESPONDENT).order_by("pk"))
    assert [(p.name, p.phone) for p in respondents] == [("钱被申", "13800138002"), ("孙某", "13800138003")]
    register = Event.objects.get(verb="mediation.mediationcase.register", subject_id=case.pk)
    assert register.channel == "portal" and register.actor == citizen
    page = browser(citizen).get(response["Location"]).content.decode()
    assert "已收到您的申请" in page


def test_an_empty_form_gets_every_problem_at_once(world: MediationWorld, citizen: User) -> None:
    response = browser(citizen).post(URL, {})
    assert response.status_code == 400
    errors = errors_on(response.content.decode())
    assert "请选择纠纷发生地。" in errors
    assert "请选择纠纷类型。" in errors
    assert "请填写纠纷简要。" in errors
    assert "请填写纠纷事实。" in errors
    assert any("被申请人" in e for e in errors)
    assert not MediationCase.objects.exists()


def test_a_bad_phone_and_a_missing_summary_together(world: MediationWorld, citizen: User) -> None:
    response = browser(citizen).post(URL, good(world, summary="", other_phone_0="12345"))
    assert response.status_code == 400
    page = response.content.decode()
    errors = errors_on(page)
    assert "请填写纠纷简要。" in errors
    assert any("电话" in e or "手机" in e for e in errors), errors
    assert 'id="id_other_phone_0_error"' in page
    assert not MediationCase.objects.exists()


def test_each_problem_of_another_party_is_shown_beside_its_row(world: MediationWorld, citizen: User) -> None:
    data = good(world, other_name_1="孙某", other_phone_1="", other_address_1="住" * 300)
    response = browser(citizen).post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "被申请人住址不能超过 255 个字。" in errors_on(page)
    assert 'id="id_other_address_1_error"' in page
    assert not MediationCase.objects.exists()


def test_the_other_party_cannot_be_the_citizen_themselves(world: MediationWorld, citizen: User) -> None:
    response = browser(citizen).post(URL, good(world, other_name_0="", other_phone_0="", other_address_0=""))
    assert response.status_code == 400
    assert not MediationCase.objects.exists()


def test_an_unknown_village_is_refused(world: MediationWorld, citizen: User) -> None:
    response = browser(citizen).post(URL, good(world, village="999999999999"))
    assert response.status_code == 400
    assert not MediationCase.objects.exists()


def test_no_committee_anywhere_is_said_plainly(world: MediationWorld, citizen: User) -> None:
    Agency.objects.filter(kind=AgencyKind.MEDIATION_COMMITTEE).update(is_active=False)
    response = browser(citizen).post(URL, good(world))
    assert response.status_code == 400
    assert "人民调解委员会" in " ".join(errors_on(response.content.decode()))
    assert not MediationCase.objects.exists()


def test_staff_are_turned_away_and_visitors_sent_to_sign_in(world: MediationWorld) -> None:
    clerk = staff(Role.WINDOW_STAFF, at=world.township_committee.agency)
    assert browser(clerk).get(URL).status_code == 403
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().post(URL, good(world)).status_code == 302
    assert not MediationCase.objects.exists()


def test_only_what_is_not_needed_says_optional(world: MediationWorld, citizen: User) -> None:
    page = browser(citizen).get(URL).content.decode()
    optional = re.findall(r'<label class="label" for="id_(\w+)">[^<]*<span class="optional">', page)
    assert "claims" in optional and "other_phone_0" in optional and "other_address_0" in optional
    assert "other_name_1" in optional
    for needed in ("village", "category", "summary", "facts", "other_name_0"):
        assert needed not in optional
