"""/api/v1/appointments/appraisal/referrals: list and detail (masked), create with a draw, each
action, and the conventions: 404 unseen, 403 another institution, 409 out of order, 400 with every
problem; token scopes."""

from __future__ import annotations

import pytest
from django.test import Client

from gongfa.api.tests.conftest import ApiClient
from gongfa.api.tokens import issue_token
from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.models import AppraisalReferral
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import PHONE, build_world, commissioned, legal_aid_case, referral
from gongfa.audit.models import Event

pytestmark = pytest.mark.django_db
BASE = "/api/v1/appointments/appraisal/referrals"


@pytest.fixture
def world(db):
    return build_world()


def session(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def token(user, *scopes):
    _, plain = issue_token(user=user, scopes=list(scopes))
    return ApiClient(plain)


def test_list_and_detail_mask_the_applicant(world):
    made = commissioned(world)
    data = session(world.reviewer).get(BASE).json()
    assert [row["number"] for row in data["items"]] == [made.number]
    assert data["items"][0]["applicant_name"] == "王*英"
    detail = session(world.appraiser).get(f"{BASE}/{made.number}").json()
    assert detail["applicant_phone"] == "138****8000" and PHONE not in str(detail)
    assert [a["action"] for a in detail["next_actions"]] == ["accept", "decline", "withdraw"]
    assert [a["action"] for a in session(world.reviewer).get(f"{BASE}/{made.number}").json()["next_actions"]] == [
        "withdraw"
    ]


def test_unseen_is_404_and_bad_status_400(world):
    made = commissioned(world)
    assert session(world.other_appraiser).get(f"{BASE}/{made.number}").status_code == 404
    assert session(world.reviewer).get(BASE, {"status": "nonsense"}).status_code == 400


def test_create_by_draw_with_a_fee_waiver_then_replay(world):
    case = legal_aid_case(world)
    response = post(
        session(world.reviewer),
        BASE,
        {
            "region_code": world.net.villages[0].code,
            "category_code": "forensic_clinical",
            "matter": "伤残等级鉴定",
            "applicant_name": "王秀英",
            "applicant_phone": PHONE,
            "legal_aid_application": case.number,
            "method": "random_draw",
            "witness": "李见证",
        },
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "commissioned" and data["fee_waiver"] is True and data["draw"]["witness"] == "李见证"
    assert Event.objects.filter(verb="appointments.appraisalreferral.commission", channel="api").count() == 1
    replay = session(world.reviewer).get(f"{BASE}/{data['number']}/replay").json()
    assert replay["equal"] is True and replay["seed"] == data["draw"]["seed"]


def test_create_names_every_problem(world):
    response = post(
        session(world.reviewer),
        BASE,
        {"region_code": "999999999999", "category_code": "nope", "method": "agreement", "in_litigation": False},
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["error"]["errors"]}
    assert {"region_code", "category_code", "matter", "applicant_name", "applicant_phone", "institution"} <= fields
    assert AppraisalReferral.objects.count() == 0


def test_the_institution_works_it_through_the_api(world):
    made = commissioned(world)
    client = token(world.appraiser, "appointments:act", "appointments:read")
    url = f"{BASE}/{made.number}/actions"
    assert client.post(f"{url}/accept", {}).status_code == 200
    assert client.post(f"{url}/sign", {"date": ""}).status_code == 200
    bad = client.post(f"{url}/extend", {"days": 31, "reason": ""})
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["error"]["errors"]} == {"days", "reason"}
    bad = client.post(f"{url}/opinion", {"opinion_number": "", "issued_on": "2026-13-01"})
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["error"]["errors"]} == {"issued_on", "opinion_number"}
    done = client.post(f"{url}/opinion", {"opinion_number": "鉴字第3号"})
    assert done.status_code == 200 and done.json()["status"] == "opinion_issued"


def test_out_of_order_is_409_and_another_institution_403(world):
    made = commissioned(world)
    response = post(session(world.appraiser), f"{BASE}/{made.number}/actions/opinion", {"opinion_number": "N1"})
    assert response.status_code == 409
    drawn = svc.draw_institution(actor=world.reviewer, referral=referral(world))
    other = world.other_appraiser if drawn.institution_id == world.first.pk else world.appraiser
    # the other institution's staff cannot even see it
    assert post(session(other), f"{BASE}/{drawn.number}/actions/accept").status_code == 404
    # region staff see it but may not take the institution's step
    assert post(session(world.reviewer), f"{BASE}/{drawn.number}/actions/accept").status_code == 403
    drawn.refresh_from_db()
    assert drawn.status == AppraisalStatus.COMMISSIONED


def test_a_token_needs_the_scope(world):
    made = commissioned(world)
    reader = token(world.appraiser, "appointments:read")
    assert reader.get(f"{BASE}/{made.number}").status_code == 200
    assert reader.post(f"{BASE}/{made.number}/actions/accept", {}).status_code == 403
    assert token(world.appraiser, "mediation:read").get(BASE).status_code == 403


def test_an_unknown_legal_aid_case_beside_a_valid_draw_keeps_nothing(world):
    response = post(
        session(world.reviewer),
        BASE,
        {
            "region_code": world.net.villages[0].code,
            "category_code": "forensic_clinical",
            "matter": "伤残等级鉴定",
            "applicant_name": "王秀英",
            "applicant_phone": PHONE,
            "legal_aid_application": "FY-NOPE",
            "method": "random_draw",
        },
    )
    assert response.status_code == 400 and response.json()["error"]["field"] == "legal_aid_application"
    assert AppraisalReferral.objects.count() == 0
