"""补充材料: a material filed in reply to a supplement notice, or during review, tells the reviewer
who holds the case (in-app); a draft's uploads and a case nobody has taken up tell no one."""

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.services import add_material, request_supplement, save_draft, start_review, submit_application
from gongfa.legalaid.services.materials import MATERIAL_FILED
from gongfa.legalaid.tests.conftest import WAGES, pdf
from gongfa.notifications.models import Notification
from gongfa.testing.factories import staff


@pytest.fixture
def submitted(network, worker, frozen, standard):
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    return submit_application(application=draft, actor=worker)


@pytest.mark.django_db
def test_reply_to_a_supplement_notice_tells_the_reviewer_who_sent_it(submitted, worker, reviewer, network, on_commit):
    other_reviewer = staff(Role.LEGAL_AID_REVIEWER, at=network.legal_aid_centre, real_name="另一审查员")
    start_review(application=submitted, actor=other_reviewer)
    request_supplement(
        application=submitted, actor=reviewer, items=[{"kind": MaterialKind.IDENTITY, "note": ""}], due_days=10
    )
    with on_commit():
        add_material(application=submitted, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证.pdf"))
    notice = Notification.objects.get(kind="material_filed")
    assert notice.recipient == reviewer  # the holder of the notice, not whoever started the review
    assert notice.title == f"材料已提交：案件 {submitted.number}"
    assert "身份证件" in notice.body and notice.link == f"/workbench/legal-aid/{submitted.number}/"
    assert not notice.sms_requested
    event = Event.objects.get(verb=MATERIAL_FILED)
    assert event.data["in_reply_to_supplement"] is True and event.data["case_reviewer"] == reviewer.pk
    assert event.channel == "portal"


@pytest.mark.django_db
def test_staff_filing_during_review_tells_the_reviewer(submitted, reviewer, network, on_commit):
    window = staff(Role.LEGAL_AID_REVIEWER, at=network.legal_aid_centre, real_name="窗口代收")
    start_review(application=submitted, actor=reviewer)
    with on_commit():
        add_material(application=submitted, actor=window, kind=MaterialKind.CASE_MATERIALS, upload=pdf("欠条.pdf"))
        # The reviewer filing a material themself is told nothing.
        add_material(application=submitted, actor=reviewer, kind=MaterialKind.CASE_MATERIALS, upload=pdf("合同.pdf"))
    notice = Notification.objects.get(kind="material_filed")
    assert notice.recipient == reviewer and "窗口代收" in notice.body and "案件材料" not in notice.title
    assert Event.objects.filter(verb=MATERIAL_FILED).count() == 2


@pytest.mark.django_db
def test_drafts_and_cases_nobody_has_taken_up_tell_no_one(network, worker, frozen, standard, on_commit):
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    with on_commit():
        add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证.pdf"))
    assert not Event.objects.filter(verb=MATERIAL_FILED).exists()
    submitted = submit_application(application=draft, actor=worker)
    with on_commit():
        add_material(application=submitted, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证2.pdf"))
    assert Event.objects.get(verb=MATERIAL_FILED).data["case_reviewer"] is None
    assert not Notification.objects.filter(kind="material_filed").exists()
