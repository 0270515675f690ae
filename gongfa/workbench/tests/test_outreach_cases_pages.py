"""The workbench's typical-case pages: the list in constant queries, nominating (refusals on the
page with every problem, 400), the case page with the personal data left and the proposals, the
text form (save / de-identify), the review steps, the four-eyes rule, and 404 for outsiders."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.outreach.choices import TypicalCaseSource as Src
from gongfa.outreach.choices import TypicalCaseStatus as S
from gongfa.outreach.models import TypicalCase
from gongfa.outreach.services import cases as svc
from gongfa.outreach.tests.cases_testing import ID_NUMBER, build_world, clean_texts, labour_topic

pytestmark = pytest.mark.django_db
LIST = reverse("workbench:outreach_cases_list")
NOMINATE = reverse("workbench:outreach_cases_nominate")


@pytest.fixture
def world():
    return build_world()


def page_of(case: TypicalCase) -> str:
    return reverse("workbench:outreach_cases_case", args=[case.number])


def action(case: TypicalCase, name: str) -> str:
    return reverse("workbench:outreach_cases_action", args=[case.number, name])


def nominate(world, actor=None) -> TypicalCase:
    return svc.nominate_case(
        actor=actor or world.clerk, source=Src.LEGAL_AID, number=world.legal_aid.number, topic=labour_topic()
    )


def text_post(**overrides: str) -> dict[str, str]:
    return {f"text-{k}": v for k, v in clean_texts(**overrides).items()}


def summary(response) -> str:
    page = response.content.decode()
    assert 'class="error-summary"' in page, page[:1500]
    return page.split('class="error-summary"')[1].split("</ul>")[0]


def test_the_list_shows_ones_cases_in_constant_queries(client: Client, world):
    client.force_login(world.editor)
    nominate(world)
    client.get(LIST)  # warm the caches
    with CaptureQueriesContext(connection) as one:
        response = client.get(LIST)
    assert response.status_code == 200
    for _ in range(5):
        nominate(world)
    with CaptureQueriesContext(connection) as six:
        response = client.get(LIST, {"status": "nominated"})
    assert len(six) == len(one)
    assert response.content.decode().count('data-testid="outreach-case-row-') == 6
    client.force_login(world.outsider)
    assert 'data-testid="outreach-case-row-' not in client.get(LIST).content.decode()


def test_nominating_from_the_page_lists_candidates_and_leads_to_the_case(client: Client, world):
    client.force_login(world.clerk)
    page = client.get(NOMINATE).content.decode()
    assert world.legal_aid.number in page and world.open_legal_aid.number not in page
    response = client.post(
        NOMINATE, {"source": Src.LEGAL_AID, "number": world.legal_aid.number, "topic": labour_topic()}
    )
    case = TypicalCase.objects.get()
    assert response.status_code == 302 and response["Location"] == page_of(case)


def test_nominating_an_open_or_unseen_case_is_refused_on_the_page(client: Client, world):
    client.force_login(world.clerk)
    response = client.post(NOMINATE, {"source": Src.LEGAL_AID, "number": world.open_legal_aid.number, "topic": ""})
    assert response.status_code == 400
    errors = summary(response)
    assert "尚未结案" in errors and "请选择案例领域。" in errors
    client.force_login(world.outsider)
    response = client.post(
        NOMINATE, {"source": Src.LEGAL_AID, "number": world.legal_aid.number, "topic": labour_topic()}
    )
    assert response.status_code == 400 and "找不到您可查看的法律援助案件" in summary(response)
    assert not TypicalCase.objects.exists()


def test_the_case_page_lists_personal_data_and_proposals(client: Client, world):
    case = nominate(world)
    client.force_login(world.clerk)
    page = client.get(page_of(case)).content.decode()
    assert 'data-finding="name"' in page and 'data-finding="phone"' in page and 'data-finding="id_number"' in page
    assert "138****5678" in page  # shown masked in the list of findings
    assert 'data-testid="outreach-case-proposals"' in page and "王某" in page
    client.post(action(case, "replace"))
    case.refresh_from_db()
    assert "王小明" not in case.facts


def test_deidentifying_with_personal_data_left_is_refused_with_each_finding(client: Client, world):
    case = nominate(world)
    client.force_login(world.clerk)
    response = client.post(
        action(case, "deidentify"), text_post(title="", facts="电话13812345678", handling=f"证号{ID_NUMBER}，王小明")
    )
    assert response.status_code == 400
    errors = summary(response)
    assert "请填写标题。" in errors
    assert "基本案情第 3 个字起仍有电话号码" in errors
    assert "办理经过与结果第 3 个字起仍有身份证号" in errors and "当事人姓名“王小明”" in errors
    case.refresh_from_db()
    assert case.status == S.NOMINATED


def test_the_whole_review_from_the_pages(client: Client, world):
    case = nominate(world, world.editor)  # the editor nominates: another editor must publish
    client.force_login(world.editor)
    assert client.post(action(case, "deidentify"), text_post()).status_code == 302
    assert client.post(action(case, "submit")).status_code == 302
    page = client.get(page_of(case)).content.decode()
    assert 'data-testid="action-publish"' not in page and 'data-testid="outreach-case-four-eyes"' in page
    response = client.post(action(case, "publish"), {"publish-note": ""})
    assert response.status_code == 400 and "推荐人不能发布自己推荐的案例" in summary(response)
    client.force_login(world.editor2)
    response = client.post(action(case, "return"), {"return-reason": ""})
    assert response.status_code == 400 and "请填写退回修改的理由。" in summary(response)
    assert client.post(action(case, "publish"), {"publish-note": "同意发布"}).status_code == 302
    case.refresh_from_db()
    assert case.status == S.PUBLISHED and case.reviewed_by == world.editor2
    page = client.get(page_of(case)).content.decode()
    assert reverse("portal:outreach_case", args=[case.number]) in page and 'data-testid="action-withdraw"' in page
    response = client.post(action(case, "withdraw"), {"withdraw-reason": ""})
    assert response.status_code == 400 and "请填写撤回的理由。" in summary(response)
    assert client.post(action(case, "withdraw"), {"withdraw-reason": "法律已修改"}).status_code == 302
    page = client.get(page_of(case)).content.decode()
    assert "法律已修改" in page and 'id="case-actions"' not in page
    assert client.get(reverse("portal:outreach_case", args=[case.number])).status_code == 404


def test_outsiders_get_404(client: Client, world):
    case = nominate(world)
    client.force_login(world.outsider)
    assert client.get(page_of(case)).status_code == 404
    assert client.post(action(case, "submit")).status_code == 404
    client.force_login(world.clerk)
    assert client.post(action(case, "nonsense")).status_code == 404


def test_the_menus_offer_typical_cases(world):
    from gongfa.accounts.choices import Role
    from gongfa.core.navigation import Area, visible_entries
    from gongfa.testing.factories import UserFactory

    def keys(user, area=Area.WORKBENCH):
        return {e.key for e in visible_entries(user, area)}

    # Nominators who do not manage outreach have the entry; managers (the clerk, the editor) reach
    # typical cases from 普法与公益.
    assert "workbench.outreach_cases" in keys(UserFactory(role=Role.HOTLINE_AGENT))
    assert "workbench.outreach_cases" not in keys(world.editor)
    assert "workbench.outreach_home" in keys(world.editor)
    assert "workbench.outreach_cases" not in keys(UserFactory(role=Role.NOTARY))
    assert "portal.outreach_cases" in keys(None, Area.PORTAL)


def test_the_candidates_list_a_closed_consultation_by_its_tracking_number(client: Client, world):
    # A work order has no `number`: the page once failed with a 500 when one was a candidate.
    client.force_login(world.editor)
    response = client.get(NOMINATE)
    assert response.status_code == 200
    listed = response.content.decode().split('data-testid="outreach-cases-candidates-consultation"', 1)[1]
    assert f"number={world.order.tracking_number}" in listed.split("</ul>", 1)[0]
