"""The public directory shows last year's public-good result (band and hours) of a firm's people
who agreed to be listed, and nobody else's."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongfa.network.models import StaffPosting
from gongfa.outreach.tests import publicgood_support as h
from gongfa.testing.factories import law_firm

pytestmark = pytest.mark.django_db


def test_only_listed_people_show_their_result(client, network, django_assert_max_num_queries):
    firm = law_firm(network.county)
    listed = h.lawyer(network.county, name="钱公开", firm=firm)
    StaffPosting.objects.filter(user=listed).update(listed_publicly=True)
    hidden = h.lawyer(network.county, name="孙不公开", firm=firm)
    last_year = timezone.localdate().year - 1
    h.record(listed, "duty_shift", datetime.date(last_year, 5, 1), hours="62")
    h.record(listed, "legal_aid_case", datetime.date(last_year, 6, 1), cases=2)
    h.record(hidden, "duty_shift", datetime.date(last_year, 5, 1), hours="77")
    h.record(listed, "duty_shift", datetime.date(last_year + 1, 1, 2), hours="5")  # this year: not shown
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:directory_agency", args=[firm.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="public-good"' in page
    assert f"{last_year}年度公益法律服务" in page
    section = page.split('data-testid="public-good"')[1]
    assert "钱公开" in section and "62.0 小时" in section and "优秀" in section, section
    # the hidden lawyer's hours, as the section would print them ("77" alone also matches ids)
    assert "孙不公开" not in page and "77.0 小时" not in section and "77.0" not in section


def test_a_firm_with_nobody_listed_shows_no_result(client, network):
    firm = law_firm(network.county)
    h.lawyer(network.county, name="孙不公开", firm=firm)
    page = client.get(reverse("portal:directory_agency", args=[firm.pk])).content.decode()
    assert "孙不公开" not in page and "工作人员未在名录中公开" in page
