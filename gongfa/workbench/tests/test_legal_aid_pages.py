"""The reviewer's and the provider's legal-aid pages: queue, case page with the proposal, and the
actions (a refusal shows in the error summary and changes nothing)."""

import pytest

from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.services import grant, save_draft, submit_application
from gongfa.legalaid.tests.conftest import WAGES


@pytest.fixture
def received(network, worker, frozen, standard):
    data = {**WAGES, "exempt_group": "", "household_size": 2, "household_monthly_income": "2000"}
    return submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )


@pytest.mark.django_db
def test_queue_and_case_page_show_the_clock_and_the_proposal(client, received, reviewer):
    client.force_login(reviewer)
    page = client.get("/workbench/legal-aid/").content.decode()
    assert received.number in page and "张*" in page  # masked in lists
    page = client.get(f"/workbench/legal-aid/{received.number}/").content.decode()
    assert "2026-11-30" in page  # 7-day review clock
    assert "第三十四条" in page  # the proposal's reasons with their articles
    assert 'id="action-grant"' in page and 'id="action-assign"' not in page  # assign only after the grant


@pytest.mark.django_db
def test_granting_from_the_page(client, received, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/workbench/legal-aid/{received.number}/grant/", {"reasons": "符合条件"})
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == ApplicationStatus.GRANTED


@pytest.mark.django_db
def test_refusing_without_reasons_is_explained_and_changes_nothing(client, received, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/workbench/legal-aid/{received.number}/refuse/", {"reasons": ""})
    assert response.status_code == 400
    assert "请填写不予法律援助的理由" in response.content.decode()
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED


@pytest.mark.django_db
def test_assigning_before_the_grant_is_refused(client, received, reviewer, lawyers):
    client.force_login(reviewer)
    response = client.post(f"/workbench/legal-aid/{received.number}/assign/", {"provider": ""})
    assert response.status_code == 400
    assert "不能执行“指派承办人员”" in response.content.decode()
    received.refresh_from_db()
    assert received.provider is None


@pytest.mark.django_db
def test_the_assigned_lawyer_sees_the_case_and_its_actions(client, received, reviewer, lawyers):
    grant(application=received, actor=reviewer)
    client.force_login(reviewer)
    client.post(f"/workbench/legal-aid/{received.number}/assign/", {"provider": str(lawyers[1].pk)})
    received.refresh_from_db()
    assert received.provider == lawyers[1]
    client.force_login(lawyers[1])
    assert received.number in client.get("/workbench/legal-aid/").content.decode()
    page = client.get(f"/workbench/legal-aid/{received.number}/").content.decode()
    assert 'id="action-sign_engagement"' in page and 'id="action-grant"' not in page
    client.force_login(lawyers[0])  # another lawyer: not theirs
    assert client.get(f"/workbench/legal-aid/{received.number}/").status_code == 404


@pytest.mark.django_db
def test_queue_query_count_does_not_grow_with_cases(
    client, network, reviewer, standard, frozen, django_assert_max_num_queries
):
    from gongfa.testing.factories import CitizenFactory, make_id_number

    client.force_login(reviewer)

    def add(n):
        for _ in range(n):
            citizen = CitizenFactory(id_number=make_id_number(seq=500 + LegalAidAppCount.next()))
            submit_application(
                application=save_draft(applicant=citizen, region=network.villages[0], data=WAGES), actor=citizen
            )

    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get("/workbench/legal-aid/")
    add(10)
    with django_assert_max_num_queries(40) as many:
        client.get("/workbench/legal-aid/")
    assert len(many.captured_queries) == len(few.captured_queries)


class LegalAidAppCount:
    value = 0

    @classmethod
    def next(cls) -> int:
        cls.value += 1
        return cls.value


@pytest.mark.django_db
def test_window_staff_record_an_oral_application(client, network, reviewer, standard, frozen):
    from gongfa.legalaid.models import LegalAidApplication
    from gongfa.testing.factories import make_id_number

    client.force_login(reviewer)
    form = {
        "intake_channel": "oral",
        "region": network.villages[1].code,
        "applicant_name": "李老汉",
        "id_number": make_id_number(seq=77),
        "phone": "13900002222",
        "matter_code": "support_payment",
        "opponent_name": "李大",
        "facts": "儿子不给赡养费（口述，工作人员记录）",
        "household_size": "1",
        "household_monthly_income": "800",
        "verification": "statement",
    }
    response = client.post("/workbench/legal-aid/new/", form)
    application = LegalAidApplication.objects.get()
    assert response.status_code == 302 and application.intake_channel == "oral"
    assert application.status == ApplicationStatus.RECEIVED and application.proposal_outcome == "eligible"


@pytest.mark.django_db
def test_a_late_custody_forward_is_flagged_and_a_bad_one_explained(client, network, reviewer, standard, frozen):
    import datetime

    from gongfa.legalaid.models import LegalAidApplication
    from gongfa.testing.factories import make_id_number

    client.force_login(reviewer)
    base = {
        "intake_channel": "custody_forward",
        "region": network.county.code,
        "applicant_name": "王某",
        "id_number": make_id_number(seq=78),
        "phone": "13900003333",
        "matter_code": "criminal_defence",
        "facts": "在押，申请指派辩护人",
        "household_size": "3",
        "household_monthly_income": "1500",
    }
    response = client.post("/workbench/legal-aid/new/", base)  # no forwarding unit, no time
    assert response.status_code == 400 and "请填写转交单位" in response.content.decode()
    assert not LegalAidApplication.objects.exists()
    asked = (datetime.datetime(2026, 11, 21, 9, 0)).strftime("%Y-%m-%dT%H:%M")  # two days before: over 24 h
    response = client.post("/workbench/legal-aid/new/", {**base, "forwarded_by": "示范县看守所", "requested_at": asked})
    application = LegalAidApplication.objects.get()
    assert response.status_code == 302 and application.forward_overdue and application.forwarded_by == "示范县看守所"


@pytest.mark.django_db
def test_registering_a_court_notice(client, network, reviewer, frozen):
    from gongfa.legalaid.models import LegalAidApplication
    from gongfa.testing.factories import make_id_number

    client.force_login(reviewer)
    response = client.post(
        "/workbench/legal-aid/notice/",
        {
            "organ": "court",
            "organ_name": "示范县人民法院",
            "organ_phone": "0571-88886666",
            "defendant_name": "刘某",
            "id_number": make_id_number(seq=79),
            "grounds": ["minor"],
            "facts": "涉嫌盗窃罪",
            "region": network.county.code,
        },
    )
    application = LegalAidApplication.objects.get()
    assert response.status_code == 302 and application.route == "notified"
    assert application.minors_specialist_required and str(application.assign_due) == "2026-11-26"


@pytest.mark.django_db
def test_closing_review_visit_and_quality_review_from_the_page(client, received, reviewer, lawyers):
    from gongfa.legalaid.choices import MaterialKind
    from gongfa.legalaid.services import add_material, assign_provider, file_closing_report, sign_engagement
    from gongfa.legalaid.services.quality import checklist
    from gongfa.legalaid.tests.conftest import pdf

    application = assign_provider(application=grant(application=received, actor=reviewer), actor=reviewer)
    lawyer = application.provider
    assert lawyer is not None
    sign_engagement(application=application, actor=lawyer)
    add_material(application=application, actor=lawyer, kind=MaterialKind.OTHER, upload=pdf())
    file_closing_report(application=application, actor=lawyer, report="调解结案")
    client.force_login(reviewer)
    url = f"/workbench/legal-aid/{received.number}/"
    response = client.post(url + "close/", {"subsidy_amount": "800"})
    assert response.status_code == 400 and "结案前须回访受援人" in response.content.decode()
    response = client.post(url + "record_return_visit/", {"method": "phone", "satisfied": "no"})
    assert response.status_code == 400 and "不满意" in response.content.decode()  # issues are required then
    response = client.post(url + "record_return_visit/", {"method": "phone", "satisfied": "yes", "opinion": "满意"})
    assert response.status_code == 302
    assert client.post(url + "close/", {"subsidy_amount": "800"}).status_code == 302
    sheet = checklist()
    scores = {f"score_{item.code}": item.max for item in sheet.items}
    scores[f"score_{sheet.items[0].code}"] = sheet.items[0].max + 1  # over the maximum
    response = client.post(url + "agency_review/", scores)
    assert response.status_code == 400 and f"不能超过 {sheet.items[0].max} 分" in response.content.decode()
    scores[f"score_{sheet.items[0].code}"] = sheet.items[0].max
    assert client.post(url + "agency_review/", scores).status_code == 302
    page = client.get(url).content.decode()
    assert "法律援助机构评查：100" in page and "优秀" in page


@pytest.mark.django_db
def test_duty_lawyer_help_logged_given_and_forwarded(client, network, reviewer, lawyers, standard, frozen):
    from gongfa.legalaid.models import DutyHelpLog, LegalAidApplication
    from gongfa.testing.factories import make_id_number

    client.force_login(reviewer)
    response = client.post("/workbench/legal-aid/duty/", {"station": "示范县看守所", "person_name": "钱某"})
    assert response.status_code == 400 and "请选择值班律师" in response.content.decode()
    assert not DutyHelpLog.objects.exists()
    response = client.post(
        "/workbench/legal-aid/duty/",
        {
            "station": "示范县看守所",
            "duty_lawyer": str(lawyers[0].pk),
            "person_name": "钱某",
            "requested_at": "2026-11-23T08:00",
        },
    )
    log = DutyHelpLog.objects.get()
    assert response.status_code == 302
    url = f"/workbench/legal-aid/duty/{log.pk}/"
    assert client.post(url, {"action": "help", "kinds": []}).status_code == 400  # what help was given?
    assert client.post(url, {"action": "help", "kinds": ["consultation"], "notes": "告知诉讼权利"}).status_code == 302
    response = client.post(
        url,
        {
            "action": "forward",
            "region": network.county.code,
            "applicant_name": "钱某",
            "id_number": make_id_number(seq=88),
            "phone": "13900004444",
            "matter_code": "criminal_defence",
            "facts": "在押，经济困难，申请指派辩护人",
            "household_size": "2",
            "household_monthly_income": "1200",
        },
    )
    assert response.status_code == 302
    log.refresh_from_db()
    application = LegalAidApplication.objects.get()
    assert log.status == "application_forwarded" and log.forwarded_application == application
    assert application.intake_channel == "duty_lawyer_forward" and not application.forward_overdue


@pytest.mark.django_db
def test_supervisor_statistics_page(client, received, reviewer, network, django_assert_max_num_queries):
    from gongfa.accounts.choices import Role
    from gongfa.testing.factories import staff

    supervisor = staff(Role.SUPERVISOR, at=network.centre)
    grant(application=received, actor=reviewer)
    client.force_login(supervisor)
    with django_assert_max_num_queries(40):
        page = client.get("/workbench/legal-aid/stats/?start=2026-11-01&end=2026-11-30").content.decode()
    assert "收到申请" in page and "100.0%" in page  # one decision, a grant
    response = client.get("/workbench/legal-aid/stats/?start=2026-12-01&end=2026-11-01")
    assert response.status_code == 400 and "开始日期不能晚于结束日期" in response.content.decode()
    client.force_login(reviewer)  # not a supervisor
    assert client.get("/workbench/legal-aid/stats/").status_code == 403


@pytest.mark.django_db
def test_queue_filters_counters_and_a_bad_filter(client, received, reviewer):
    client.force_login(reviewer)
    page = client.get("/workbench/legal-aid/?status=nonsense&clock=overdue").content.decode()
    assert "状态筛选条件无效，已忽略。" in page  # explained, the list still shows
    assert received.number not in page  # not overdue
    page = client.get(f"/workbench/legal-aid/?q={received.number}").content.decode()
    assert received.number in page
    counters = client.get("/workbench/legal-aid/").content.decode().split('data-testid="legal-aid-counters"')[1]
    assert "待办 <strong>1</strong>" in counters


@pytest.mark.django_db
def test_a_consultation_converted_to_legal_aid_is_completed_and_received(client, network, reviewer, standard, frozen):
    from gongfa.catalog.selectors import service_type_by_code
    from gongfa.legalaid.models import LegalAidApplication
    from gongfa.testing.factories import CitizenFactory
    from gongfa.workorders.services import accept_work_order, convert_to_case, create_work_order

    citizen = CitizenFactory(real_name="孙大姐")
    order = create_work_order(
        channel="portal",
        region=network.villages[0],
        text="前夫不给孩子抚养费",
        requester=citizen,
        service_type=service_type_by_code("legal_aid"),
    ).order
    assert order.owner_agency == network.legal_aid_centre  # the dispatch rule for legal aid
    order = accept_work_order(order=order, actor=reviewer)
    convert_to_case(order=order, actor=reviewer, kind="legal_aid")
    draft = LegalAidApplication.objects.get(work_order=order)
    client.force_login(reviewer)
    assert f"/workbench/legal-aid/drafts/{draft.pk}/" in client.get("/workbench/legal-aid/").content.decode()
    form = {
        "applicant_name": "孙大姐",
        "id_number": citizen.id_number,
        "phone": citizen.phone,
        "matter_code": "support_payment",
        "opponent_name": "前夫",
        "facts": "前夫两年未付抚养费",
        "household_size": "2",
        "household_monthly_income": "3000",
        "verification": "statement",
    }
    response = client.post(f"/workbench/legal-aid/drafts/{draft.pk}/", {**form, "matter_code": ""})
    assert response.status_code == 400 and "请选择申请事项" in response.content.decode()
    response = client.post(f"/workbench/legal-aid/drafts/{draft.pk}/", form)
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == ApplicationStatus.RECEIVED
    assert draft.work_order == order and LegalAidApplication.objects.count() == 1


@pytest.mark.django_db
def test_peer_review_sampled_named_and_scored_by_a_lawyer_of_another_firm(
    client, network, received, reviewer, lawyers, law_firm, frozen
):
    from gongfa.legalaid.choices import MaterialKind
    from gongfa.legalaid.models import PeerReviewSample, QualityReview
    from gongfa.legalaid.services import (
        add_material,
        assign_provider,
        close_case,
        file_closing_report,
        sign_engagement,
    )
    from gongfa.legalaid.services.quality import checklist
    from gongfa.legalaid.services.visits import record_return_visit
    from gongfa.legalaid.tests.conftest import make_provider, pdf
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency

    application = assign_provider(application=grant(application=received, actor=reviewer), actor=reviewer)
    lawyer = application.provider
    assert lawyer is not None
    sign_engagement(application=application, actor=lawyer)
    add_material(application=application, actor=lawyer, kind=MaterialKind.OTHER, upload=pdf())
    file_closing_report(application=application, actor=lawyer, report="调解结案")
    record_return_visit(application=application, actor=reviewer, method="phone", satisfied=True)
    close_case(application=application, actor=reviewer)
    other = Agency.objects.create(name="他所律师事务所", kind=AgencyKind.LAW_FIRM, region=network.county)
    peer = make_provider(other, "周律师", criminal_defence_years=8)

    client.force_login(reviewer)
    data = {"action": "sample", "agency": network.legal_aid_centre.pk, "start": "2026-11-01", "end": "2026-11-30"}
    response = client.post("/workbench/legal-aid/peer-review/", {**data, "percent": "0"})
    assert response.status_code == 400 and "抽查比例应大于 0" in response.content.decode()
    assert client.post("/workbench/legal-aid/peer-review/", {**data, "percent": "10"}).status_code == 302
    sample = PeerReviewSample.objects.get()
    response = client.post(
        "/workbench/legal-aid/peer-review/", {"action": "assign", "sample": sample.pk, "reviewer": peer.pk}
    )
    assert response.status_code == 302

    client.force_login(peer)
    assert received.number in client.get("/workbench/legal-aid/peer-review/").content.decode()
    page = client.get(f"/workbench/legal-aid/{received.number}/").content.decode()
    assert 'id="action-peer_review"' in page
    scores = {f"score_{item.code}": item.max - 1 for item in checklist().items}
    assert client.post(f"/workbench/legal-aid/{received.number}/peer_review/", scores).status_code == 302
    assert QualityReview.objects.get(kind="peer_review").reviewer == peer


@pytest.mark.django_db
def test_a_malformed_peer_sample_id_is_a_404_not_a_500(client, reviewer):
    client.force_login(reviewer)
    response = client.post("/workbench/legal-aid/peer-review/", {"action": "assign", "sample": "abc", "reviewer": "1"})
    assert response.status_code == 404
