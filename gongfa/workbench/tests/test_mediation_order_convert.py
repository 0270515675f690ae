"""The order page's 转为案件 lists 人民调解 (registered by mediation's app config); choosing it opens a
case at the committee of the order's village, and the case page is reachable from the committee."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.mediation.models import MediationCase
from gongfa.mediation.testing import build_world
from gongfa.testing.factories import CitizenFactory, staff
from gongfa.workorders.services import accept_work_order, create_work_order
from gongfa.workorders.services.handling import CASE_KINDS

pytestmark = pytest.mark.django_db


def test_the_order_page_offers_mediation_and_converts(client) -> None:
    assert "mediation" in CASE_KINDS
    world = build_world()
    village = world.net.villages[0]
    clerk = staff(Role.WINDOW_STAFF, at=world.net.rooms[village.code])
    order = create_work_order(
        channel=Channel.PORTAL, region=village, text="邻居堆放杂物，想请村里调解。", requester=CitizenFactory()
    ).order
    order = accept_work_order(order=order, actor=clerk)
    client.force_login(clerk)
    page = client.get(reverse("workbench:order_detail", args=[order.tracking_number])).content.decode()
    convert = page.split('id="action-convert"')[1].split("</form>")[0]
    assert 'value="mediation"' in convert and "人民调解" in convert
    response = client.post(
        reverse("workbench:order_action", args=[order.tracking_number, "convert"]), {"kind": "mediation"}
    )
    assert response.status_code == 302
    case = MediationCase.objects.get(work_order=order)
    assert case.committee == world.village_committee
    chair = staff(Role.WINDOW_STAFF, at=world.village_committee.agency)
    client.force_login(chair)
    case_page = client.get(reverse("workbench:mediation_case", args=[case.number]))
    assert case_page.status_code == 200
    assert order.tracking_number in case_page.content.decode()
