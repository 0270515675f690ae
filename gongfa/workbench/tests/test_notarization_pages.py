"""The workbench's notarization pages: the queue with clocks in constant queries, registering an
application (every missing material at once), the case page with its actions, refusals on the page
with every problem (400, nothing changed), and 404 for someone else's office."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongfa.appointments.choices import NotarizationStatus
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.tests.test_notarization_world import (
    NotaryWorld,
    accept,
    all_materials,
    apply,
    build_notary_world,
)

pytestmark = pytest.mark.django_db
MONDAY = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def logged_in(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_queue_shows_clocks_nearest_first_in_constant_queries(
    client: Client, world: NotaryWorld, django_assert_max_num_queries: object
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        waiting = apply(world)
        house = accept(world, apply(world, world.house))  # due in 5 working days
        kinship = accept(world, apply(world))  # due in 15
    logged_in(client, world.notary)
    with time_machine.travel(datetime.datetime(2026, 3, 6, 2, tzinfo=datetime.UTC), tick=False):
        response = client.get(reverse("workbench:notary_queue"))
        assert response.status_code == 200
        body = response.content.decode()
        assert body.index(house.number) < body.index(kinship.number) < body.index(waiting.number)
        assert "即将到期（剩余 1 个工作日）" in body and "剩余 11 个工作日" in body
        for _ in range(5):
            accept(world, apply(world))
        with django_assert_max_num_queries(14):  # type: ignore[operator]
            assert client.get(reverse("workbench:notary_queue")).status_code == 200
        mine = client.get(reverse("workbench:notary_queue"), {"mine": "on", "status": "applied"}).content.decode()
    assert waiting.number not in mine  # mine: the notary's own; applied: none assigned


def test_an_outsider_sees_no_case_and_gets_404(client: Client, world: NotaryWorld) -> None:
    case = apply(world)
    logged_in(client, world.outsider)
    assert case.number not in client.get(reverse("workbench:notary_queue")).content.decode()
    assert client.get(reverse("workbench:notary_case", args=[case.number])).status_code == 404


def test_registering_tells_every_missing_material_at_once(client: Client, world: NotaryWorld) -> None:
    logged_in(client, world.clerk)
    url = reverse("workbench:notary_apply")
    form = client.get(url, {"office": world.office.pk, "matter": world.kinship.pk})
    assert form.status_code == 200 and "已提供的材料" in form.content.decode()
    first = all_materials(world.kinship)[0]
    refused = client.post(
        url,
        {"office": world.office.pk, "matter": world.kinship.pk, "applicant_name": "", "materials_provided": [first]},
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "尚缺以下必需材料" in body and "请填写申请人姓名" in body and "请填写联系电话" in body
    assert not NotarizationCase.objects.exists()
    done = client.post(
        url,
        {
            "office": world.office.pk,
            "matter": world.kinship.pk,
            "applicant_name": "陈小明",
            "applicant_phone": "13800138000",
            "materials_provided": all_materials(world.kinship),
        },
    )
    case = NotarizationCase.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("workbench:notary_case", args=[case.number])


def test_the_case_page_accepts_and_issues_with_errors_on_the_page(client: Client, world: NotaryWorld) -> None:
    case = apply(world)
    logged_in(client, world.notary)
    page = client.get(reverse("workbench:notary_case", args=[case.number])).content.decode()
    assert 'data-testid="action-accept"' in page and 'data-testid="action-issue"' not in page
    assert "138****8000" in page and "13800138000" not in page  # masked
    url = reverse("workbench:notary_action", args=[case.number, "accept"])
    refused = client.post(url, {"accept-notary": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "请选择承办公证员" in body and "告知笔录" in body and "全国公证管理系统" in body
    assert NotarizationCase.objects.get(pk=case.pk).status == NotarizationStatus.APPLIED
    client.post(
        url,
        {
            "accept-notary": world.notary.pk,
            "accept-legal_meaning_notice_signed": "on",
            "accept-national_system_entered": "on",
        },
    )
    assert NotarizationCase.objects.get(pk=case.pk).status == NotarizationStatus.ACCEPTED
    issue = reverse("workbench:notary_action", args=[case.number, "issue"])
    refused = client.post(issue, {"issue-certificate_number": ""})
    assert refused.status_code == 400 and "请填写公证书编号" in refused.content.decode()
    assert client.post(issue, {"issue-certificate_number": "(2026)示证字第9号"}).status_code == 302
    page = client.get(reverse("workbench:notary_case", args=[case.number])).content.decode()
    assert "(2026)示证字第9号" in page and "出具公证书" in page  # the timeline


def test_an_action_out_of_order_is_refused_on_the_page(client: Client, world: NotaryWorld) -> None:
    case = apply(world)
    logged_in(client, world.notary)
    response = client.post(reverse("workbench:notary_action", args=[case.number, "archive"]))
    assert response.status_code == 400 and "不能执行“归档”" in response.content.decode()
    assert client.post(reverse("workbench:notary_action", args=[case.number, "fly"])).status_code == 404
