"""受理回执: the receipt page (print CSS) and its PDF, with masked personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from gongfa.core.choices import Channel
from gongfa.workorders.services import create_work_order
from gongfa.workorders.services.intake import CallerDetails


@pytest.fixture
def order(network, agent, station_clerk):
    return create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[2],
        text="工地老板拖欠工资",
        contact_name="张三丰",
        contact_phone="13800000123",
        received_by=agent,
        details=CallerDetails(id_number="11010519491231002X"),
    ).order


def test_the_receipt_page(client, agent, order):
    client.force_login(agent)
    page = client.get(reverse("workbench:order_receipt", args=[order.tracking_number])).content.decode()
    assert order.tracking_number in page.split('data-testid="receipt-number">')[1][:40]
    due = timezone.localtime(order.resolve_due)
    assert f"{due.year}年{due.month}月{due.day}日 {due:%H:%M}" in page
    assert "示范1镇公共法律服务工作站" in page and "12348" in page
    assert f"/my/{order.tracking_number}/" in page
    assert "13800000123" not in page and "11010519491231002X" not in page and "张三丰" not in page
    assert "receipt.css" in page and reverse("workbench:order_receipt_pdf", args=[order.tracking_number]) in page


def test_the_receipt_pdf(client, agent, order):
    client.force_login(agent)
    response = client.get(reverse("workbench:order_receipt_pdf", args=[order.tracking_number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="receipt-{order.tracking_number}.pdf"' in response["Content-Disposition"]


def test_the_order_page_links_to_the_receipt(client, agent, order):
    client.force_login(agent)
    page = client.get(reverse("workbench:order_detail", args=[order.tracking_number])).content.decode()
    assert 'data-testid="receipt-link"' in page


def test_outsiders_get_404(client, network, other_clerk, order):
    client.force_login(other_clerk)
    assert client.get(reverse("workbench:order_receipt", args=[order.tracking_number])).status_code == 404
    assert client.get(reverse("workbench:order_receipt_pdf", args=[order.tracking_number])).status_code == 404
