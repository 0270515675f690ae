"""The issue's journey at the service level: a migrant worker applies for unpaid wages (no means
test, 第42条), is asked once for the missing proof, supplies it, is granted, assigned a lawyer,
and the case closes. (The browser test drives the same steps through the pages.)"""

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import ApplicationStatus, MaterialKind
from gongfa.legalaid.services import (
    add_material,
    add_progress,
    assign_provider,
    close_case,
    file_closing_report,
    grant,
    receive_supplement,
    request_supplement,
    save_draft,
    sign_engagement,
    submit_application,
)
from gongfa.legalaid.services.visits import record_return_visit
from gongfa.legalaid.tests.conftest import WAGES, pdf
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import rate_work_order


@pytest.mark.django_db
def test_migrant_worker_wage_claim_from_application_to_closing(network, worker, reviewer, lawyers, frozen, standard):
    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=WAGES), actor=worker
    )
    assert application.proposal_outcome == "needs_review"  # group claimed, proof not yet on file
    order = WorkOrder.objects.get(legal_aid_cases=application)
    assert order.status == WorkOrderStatus.CONVERTED  # the case carries the order

    request_supplement(
        application=application,
        actor=reviewer,
        items=[{"kind": MaterialKind.EXEMPT_PROOF, "note": "进城务工证明"}],
        due_days=5,
    )
    add_material(application=application, actor=worker, kind=MaterialKind.EXEMPT_PROOF, upload=pdf("务工证明.pdf"))
    application = receive_supplement(application=application, actor=worker)
    assert application.proposal_outcome == "eligible"
    assert application.proposal["verification_exempt"] and application.proposal["hardship_checked"] is False

    application = grant(application=application, actor=reviewer)
    application = assign_provider(application=application, actor=reviewer)
    lawyer = application.provider
    assert lawyer is not None
    application = sign_engagement(application=application, actor=lawyer)
    add_progress(application=application, actor=lawyer, text="已向劳动人事争议仲裁委员会申请仲裁。")

    with pytest.raises(DomainError) as error:  # closing report without the documents
        file_closing_report(application=application, actor=lawyer, report="调解结案，追回工资一万二千元。")
    assert error.value.code == "no_closing_documents"
    add_material(application=application, actor=lawyer, kind=MaterialKind.OTHER, upload=pdf("调解书.pdf"))
    application = file_closing_report(application=application, actor=lawyer, report="调解结案，追回工资一万二千元。")
    with pytest.raises(DomainError) as error:  # 第59条: the recipient is visited before closing
        close_case(application=application, actor=reviewer, subsidy_amount="1500")
    assert error.value.code == "return_visit_required"
    record_return_visit(application=application, actor=reviewer, method="phone", satisfied=True)
    application = close_case(application=application, actor=reviewer, subsidy_amount="1500")

    assert application.status == ApplicationStatus.CLOSED and str(application.subsidy_amount) == "1500.00"
    verbs = list(
        Event.objects.filter(subject_id=str(application.pk), verb__startswith="legalaid.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert [v.rsplit(".", 1)[1] for v in verbs] == [
        "submit",
        "request_supplement",
        "material_filed",  # the supplement, which tells the reviewer
        "receive_supplement",
        "grant",
        "assign",
        "sign_engagement",
        "material_filed",  # the mediation document the closing report needs
        "file_closing_report",
        "return_visit",
        "close",
    ]
    order = WorkOrder.objects.get(legal_aid_cases=application)
    assert order.status == WorkOrderStatus.CLOSED and order.result_code == "converted"
    rated = rate_work_order(order=order, actor=worker, rating=5, comment="律师很负责")
    assert rated.rating == 5  # the recipient rates the service (好差评)
    kinds = list(application.notices.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["supplement", "grant", "assignment"]
