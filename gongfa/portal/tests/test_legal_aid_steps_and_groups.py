"""The guided legal-aid application marks the current step, preselects the citizen's village,
offers the one list of special groups, and takes a representative's details (issue #16 items
10(c), 19, 20)."""

import datetime
import re

import pytest

from gongfa.core.choices import SpecialGroup
from gongfa.legalaid.models import LegalAidApplication
from gongfa.testing.factories import make_id_number


def _village_select(page: str) -> str:
    found = re.search(r'<select name="village".*?</select>', page, re.S)
    assert found is not None
    return found.group(0)


def _start(client, network, village=None):
    village = village or network.villages[0]
    response = client.post(
        f"/legal-aid/apply/?county={network.county.code}", {"village": village.code, "matter_code": "labour_pay"}
    )
    assert response.status_code == 302
    return LegalAidApplication.objects.latest("pk")


@pytest.mark.django_db
def test_the_current_step_is_marked_for_eyes_and_screen_readers(client, network, worker):
    client.force_login(worker)
    draft = _start(client, network)
    for step, title in (("facts", "基本情况"), ("conditions", "申请条件"), ("materials", "上传材料")):
        page = client.get(f"/legal-aid/apply/{draft.pk}/{step}/").content.decode()
        current = re.findall(r'<li class="steps__item steps__item--current" aria-current="step"[^>]*>(.*?)</li>', page)
        assert len(current) == 1 and title in current[0] and "（当前步骤）" in current[0]
        assert page.count('aria-current="step"') == 1
    page = client.get(f"/legal-aid/apply/{draft.pk}/materials/").content.decode()
    assert page.count("steps__item--done") == 3  # 基本情况, 申请条件, 经济状况 before it


@pytest.mark.django_db
def test_the_village_is_preselected_from_the_citizens_last_application(client, network, worker):
    client.force_login(worker)
    page = client.get(f"/legal-aid/apply/?county={network.county.code}").content.decode()
    select = _village_select(page)
    assert not re.search(r'value="[0-9]+" selected', select)  # nothing known yet: 请选择

    _start(client, network, village=network.villages[1])
    page = client.get(f"/legal-aid/apply/?county={network.county.code}").content.decode()
    select = _village_select(page)
    assert re.search(rf'<option value="{network.villages[1].code}" selected>', select)
    assert len(re.findall(r'value="[0-9]+" selected', select)) == 1


@pytest.mark.django_db
def test_the_conditions_offer_the_one_list_of_special_groups(client, network, worker):
    client.force_login(worker)
    draft = _start(client, network)
    page = client.get(f"/legal-aid/apply/{draft.pk}/conditions/").content.decode()
    for group in SpecialGroup:
        assert f'value="{group.value}"' in page and str(group.label) in page
    assert "退役军人" in page and "下岗失业人员" in page
    groups = [SpecialGroup.VETERAN.value, SpecialGroup.LAID_OFF.value]
    response = client.post(
        f"/legal-aid/apply/{draft.pk}/conditions/", {"has_agent": "no", "exempt_group": "", "special_groups": groups}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.special_groups == SpecialGroup.VETERAN | SpecialGroup.LAID_OFF
    assert draft.green_channel is False  # decided at submission; 退役军人 puts it there
    response = client.post(
        f"/legal-aid/apply/{draft.pk}/conditions/", {"has_agent": "no", "exempt_group": "", "special_groups": ["999"]}
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_parent_applies_for_a_child(client, network, worker):
    client.force_login(worker)
    draft = _start(client, network)
    child = make_id_number(birth=datetime.date(2015, 1, 9), seq=31)
    facts = {"applicant_name": "张小宝", "id_number": child, "phone": "13900001111", "facts": "欠薪"}
    page = client.get(f"/legal-aid/apply/{draft.pk}/facts/").content.decode()
    assert "监护人（法定代理人）" in page and "申请人能不能自己办事？" in page
    rep = {"applicant_capacity": "limited", "agent_name": "张务工", "agent_relation": "guardian"}
    response = client.post(f"/legal-aid/apply/{draft.pk}/facts/", {**facts, **rep, "agent_id_number": worker.id_number})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.applicant_capacity == "limited" and draft.agent_id_number == worker.id_number
    confirm = client.get(f"/legal-aid/apply/{draft.pk}/confirm/").content.decode()
    assert "代为申请人" in confirm and worker.id_number not in confirm  # shown masked
