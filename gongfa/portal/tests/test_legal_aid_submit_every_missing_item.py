"""Submitting an incomplete legal-aid draft names every missing item at once, and submits nothing."""

import pytest

from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.services import save_draft


@pytest.mark.django_db
def test_every_missing_item_is_named_at_once(client, network, worker, frozen):
    draft = save_draft(
        applicant=worker, region=network.villages[0], data={"matter_code": "labour_pay", "applicant_name": ""}
    )
    client.force_login(worker)
    response = client.post(f"/legal-aid/apply/{draft.pk}/confirm/", follow=True)
    page = response.content.decode()
    assert "请填写申请人姓名。" in page and "请简要说明案情和申请理由。" in page
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and not draft.number
