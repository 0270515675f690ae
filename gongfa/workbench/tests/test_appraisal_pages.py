"""The appraisal-referral pages: lists with constant queries, the new-referral form (from a
legal-aid case, bad inputs all at once), the referral page, the draw record and its replay, and
each action's form with bad inputs and someone else's institution."""

import pytest
from django.urls import reverse

from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.models import AppraisalReferral
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import (
    PHONE,
    build_world,
    commissioned,
    in_appraisal,
    legal_aid_case,
    referral,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _as(client, user):
    client.force_login(user)
    return client


def test_the_region_list_has_constant_queries(client, world, django_assert_max_num_queries):
    referral(world)
    _as(client, world.reviewer)
    url = reverse("workbench:appraisal")
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        commissioned(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="card"') == 7


def test_the_institution_queue_shows_clocks_with_constant_queries(client, world, django_assert_max_num_queries):
    commissioned(world)
    _as(client, world.appraiser)
    url = reverse("workbench:appraisal_queue")
    with django_assert_max_num_queries(30) as few:
        page = client.get(url)
    assert "受理决定期限" in page.content.decode()
    for _ in range(5):
        in_appraisal(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    text = page.content.decode()
    assert text.count('data-testid="referral-clock"') == 6 and "鉴定完成期限" in text
    # another institution's staff see none of them
    other = _as(client, world.other_appraiser).get(url).content.decode()
    assert 'data-testid="referral-clock"' not in other


def test_new_referral_from_a_legal_aid_case_is_prefilled_and_draws(client, world):
    case = legal_aid_case(world)
    _as(client, world.reviewer)
    url = reverse("workbench:appraisal_new")
    page = client.get(url, {"application": case.number})
    text = page.content.decode()
    assert page.status_code == 200 and 'value="王秀英"' in text and PHONE in text and "第五十三条" in text
    category = world.category("forensic_clinical")
    response = client.post(
        url,
        {
            "application": case.number,
            "region": world.net.villages[0].code,
            "category": category.pk,
            "matter": "工伤伤残等级鉴定",
            "applicant_name": "王秀英",
            "applicant_phone": PHONE,
            "in_litigation": "no",
            "method": "random_draw",
            "witness": "张见证",
        },
    )
    made = AppraisalReferral.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/appraisal/{made.number}/")
    assert made.status == AppraisalStatus.COMMISSIONED and made.fee_waiver and made.legal_aid_application == case
    page = client.get(response["Location"]).content.decode()
    assert made.draw_seed in page and "复核摇号结果" in page and "鉴定费减免" in page


def test_new_referral_names_every_problem_and_writes_nothing(client, world):
    _as(client, world.reviewer)
    response = client.post(
        reverse("workbench:appraisal_new"),
        {"in_litigation": "yes", "method": "agreement", "applicant_phone": "12"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    for message in (
        "请选择所在区划",
        "请选择鉴定类别",
        "请填写鉴定事项",
        "请填写申请人姓名",
        "联系电话格式不正确",
        "请填写办案机关",
    ):
        assert message in text
    assert AppraisalReferral.objects.count() == 0


def test_new_referral_with_no_eligible_institution(client, world):
    _as(client, world.reviewer)
    response = client.post(
        reverse("workbench:appraisal_new"),
        {
            "region": world.net.villages[0].code,
            "category": world.category("audio").pk,
            "matter": "录音真实性鉴定",
            "applicant_name": "王秀英",
            "applicant_phone": PHONE,
            "in_litigation": "no",
            "method": "random_draw",
        },
    )
    assert response.status_code == 400 and "没有符合条件的鉴定机构" in response.content.decode()
    assert AppraisalReferral.objects.count() == 0


def test_a_legal_aid_case_not_visible_is_404(client, world):
    _as(client, world.reviewer)
    assert client.get(reverse("workbench:appraisal_new"), {"application": "FY-NOPE"}).status_code == 404


def test_the_replay_page_confirms_the_draw(client, world):
    made = svc.draw_institution(actor=world.reviewer, referral=referral(world))
    assert made.institution is not None
    _as(client, world.reviewer)
    page = client.get(reverse("workbench:appraisal_replay", args=[made.number])).content.decode()
    assert "一致" in page and made.draw_seed in page and made.institution.name in page


def test_the_institution_works_the_referral_through_its_forms(client, world):
    made = commissioned(world)
    _as(client, world.appraiser)
    page = client.get(reverse("workbench:appraisal_referral", args=[made.number])).content.decode()
    assert 'data-testid="action-accept"' in page and 'data-testid="action-draw"' not in page

    def act(name, data):
        return client.post(reverse("workbench:appraisal_action", args=[made.number, name]), data)

    assert act("accept", {}).status_code == 302
    assert act("sign", {}).status_code == 302
    bad = act("extend", {"days": "31", "reason": ""})
    assert bad.status_code == 400 and "请填写延长理由" in bad.content.decode() and "不得超过 30" in bad.content.decode()
    bad = act("opinion", {"opinion_number": ""})
    assert bad.status_code == 400 and "请填写鉴定意见书编号" in bad.content.decode()
    assert act("opinion", {"opinion_number": "鉴字第1号"}).status_code == 302
    made.refresh_from_db()
    assert made.status == AppraisalStatus.OPINION_ISSUED


def test_out_of_order_and_other_institutions(client, world):
    made = commissioned(world)
    _as(client, world.appraiser)
    response = client.post(
        reverse("workbench:appraisal_action", args=[made.number, "opinion"]), {"opinion_number": "N"}
    )
    assert response.status_code == 400 and "不能执行" in response.content.decode()
    _as(client, world.other_appraiser)
    assert client.get(reverse("workbench:appraisal_referral", args=[made.number])).status_code == 404
    made.refresh_from_db()
    assert made.status == AppraisalStatus.COMMISSIONED


def test_a_citizen_is_turned_away(client, world):
    from gongfa.testing.factories import CitizenFactory

    _as(client, CitizenFactory())
    assert client.get(reverse("workbench:appraisal")).status_code in (302, 403)


def test_the_legal_aid_case_page_links_to_the_new_referral(client, world):
    case = legal_aid_case(world)
    _as(client, world.reviewer)
    page = client.get(reverse("workbench:legal_aid_case", args=[case.number])).content.decode()
    assert f"/workbench/appraisal/new/?application={case.number}" in page


def test_a_form_error_beside_a_valid_draw_keeps_nothing(client, world):
    _as(client, world.reviewer)
    response = client.post(
        reverse("workbench:appraisal_new"),
        {
            "region": world.net.villages[0].code,
            "category": world.category("forensic_clinical").pk,
            "matter": "伤残等级鉴定",
            "applicant_name": "王秀英",
            "applicant_phone": PHONE,
            "in_litigation": "no",
            "method": "random_draw",
            "institution": "99999",  # not a choice: the form refuses it
        },
    )
    assert response.status_code == 400
    assert AppraisalReferral.objects.count() == 0
