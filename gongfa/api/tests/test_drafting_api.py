"""Document drafting through the API (/api/v1/drafting): a citizen drafts a loan complaint step by
step, makes it, downloads the .docx and the PDF, changes it (a new version) and asks a lawyer to
review it; staff draft for a citizen at their point; supervisors read with ID numbers and phones
masked; the scopes drafting:read / drafting:act; the list in a constant number of queries.

The helpers and fixtures here are shared by the other test_drafting_* modules."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.api.tests.conftest import bearer
from gongfa.api.tokens import issue_token
from gongfa.audit.models import Event
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.models import Interview
from gongfa.drafting.services import start_interview
from gongfa.drafting.tests.conftest import PLAINTIFF_ID, loan_answers_by_step
from gongfa.testing.factories import CitizenFactory, MiniNetwork, staff

pytestmark = pytest.mark.django_db

BASE = "/api/v1/drafting"
LOAN = "private_loan_complaint"
BOTH = ("drafting:read", "drafting:act")


# --- shared helpers and fixtures ----------------------------------------------------------------


class Caller:
    """One caller of the API: a browser session (user) or a bearer token (token), JSON bodies."""

    def __init__(self, *, user: User | None = None, token: str | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, Any] = bearer(token) if token else {}
        if user is not None:
            self.client.force_login(user)

    def get(self, url: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.get(url, data, **self.headers)

    def post(self, url: str, data: Any = None) -> Any:
        return self.client.post(url, data if data is not None else {}, content_type="application/json", **self.headers)

    def put(self, url: str, data: Any) -> Any:
        return self.client.put(url, data, content_type="application/json", **self.headers)


def session(user: User) -> Caller:
    return Caller(user=user)


def token_caller(user: User, *scopes: str) -> Caller:
    _, plain = issue_token(user=user, scopes=list(scopes or BOTH))
    return Caller(token=plain)


def interview_url(reference: str) -> str:
    return f"{BASE}/interviews/{reference}"


def step_url(reference: str, step: str) -> str:
    return f"{interview_url(reference)}/steps/{step}"


def error_of(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def fields_of(response: Any) -> list[str | None]:
    """The field of every problem (one problem alone comes without "errors")."""
    body = error_of(response)
    return [e["field"] for e in body.get("errors") or [body]]


def codes_of(response: Any) -> list[str]:
    body = error_of(response)
    return [e["code"] for e in body.get("errors") or [body]]


def start(caller: Caller, **body: Any) -> dict[str, Any]:
    response = caller.post(f"{BASE}/interviews", {"template": LOAN, **body})
    assert response.status_code == 201, response.content
    started: dict[str, Any] = response.json()
    return started


def fill(caller: Caller, reference: str, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Save every step of the loan complaint (the answers of gongfa.drafting.tests.conftest)."""
    answer: dict[str, Any] = {}
    for step, answers in loan_answers_by_step().items():
        if step in skip:
            continue
        response = caller.put(step_url(reference, step), {"answers": answers})
        assert response.status_code == 200, (step, response.content)
        answer = response.json()
    return answer


def text_of(data: bytes) -> str:
    parsed = docx.Document(io.BytesIO(data))
    parts = [p.text for p in parsed.paragraphs]
    parts += [cell.text for table in parsed.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    """Documents are written to a throwaway folder (the files of each version)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


@pytest.fixture
def plaintiff(db: None) -> User:
    """The citizen who drafts (her account holds her name, ID number and phone)."""
    return CitizenFactory(real_name="陈秀英", phone="13800138000", id_number=PLAINTIFF_ID)


@pytest.fixture
def citizen_api(plaintiff: User) -> Caller:
    return token_caller(plaintiff, *BOTH)


@pytest.fixture
def clerk(network: MiniNetwork) -> User:
    """A window clerk of the first village's room."""
    return staff(Role.WINDOW_STAFF, at=network.rooms[network.villages[0].code], real_name="窗口小李")


@pytest.fixture
def started(citizen_api: Caller, network: MiniNetwork) -> dict[str, Any]:
    """The plaintiff's loan complaint, started in the first village (her county's supervisors see it)."""
    return start(citizen_api, region_code=network.villages[0].code)


# --- the happy path -----------------------------------------------------------------------------


def test_a_citizen_drafts_a_loan_complaint_and_downloads_it(
    citizen_api: Caller, started: dict[str, Any], network: MiniNetwork, media_root: Any
) -> None:
    reference = started["reference"]
    assert (started["template"], started["template_version"]) == (LOAN, 1)
    assert started["template_title"] == "民事起诉状（民间借贷纠纷）"
    assert (started["status"], started["status_label"], started["channel"]) == ("in_progress", "填写中", "api")
    assert started["current_step"] == "plaintiff" and started["latest_version"] is None
    # What the account knows is filled in; nothing is masked for the citizen herself.
    assert started["answers"]["plaintiff_name"] == "陈秀英"
    assert started["answers"]["plaintiff_id_number"] == PLAINTIFF_ID
    assert (started["masked"], started["editable"], started["actions"]) == (False, True, ["save", "complete"])
    assert started["region_code"] == network.villages[0].code
    steps = {step["key"]: step for step in started["steps"]}
    assert steps["agent"]["visible"] and not steps["plaintiff"]["done"]

    filled = fill(citizen_api, reference)
    assert filled["current_step"] == "court"
    assert len(filled["answers"]["loans"]) == 2 and filled["answers"]["loans"][0]["principal"] == "50000"
    assert all(step["done"] for step in filled["steps"][:-1])

    made = citizen_api.post(f"{interview_url(reference)}/complete")
    assert made.status_code == 201, made.content
    version = made.json()
    assert (version["number"], version["reason"], version["kind"]) == (1, "drafted", "complaint")
    assert version["reason_label"] == "填写完成生成" and version["kind_label"] == "民事起诉状"
    assert version["docx_url"] == f"{interview_url(reference)}/documents/1.docx"
    assert version["pdf_url"] == f"{interview_url(reference)}/documents/1.pdf"

    word = citizen_api.get(version["docx_url"])
    assert word.status_code == 200
    assert word["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert word["Content-Disposition"].startswith("attachment;") and word["Cache-Control"] == "no-store"
    text = text_of(word.content)
    # 40000 + 5520 (capped at 4 × LPR) + 8000 (no rate agreed: no interest) = 53520
    assert "53520.00" in text and "陈秀英" in text and "王建国" in text and "示范县人民法院" in text
    pdf = citizen_api.get(version["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "no-store"

    after = citizen_api.get(interview_url(reference)).json()
    assert (after["status"], after["latest_version"], after["actions"]) == ("completed", 1, ["reopen", "review"])
    [listed] = citizen_api.get(f"{interview_url(reference)}/documents").json()["items"]
    assert listed == version
    # The events of the API's calls: started, document made, completed.
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"drafting.interview.started", "drafting.document.made"} <= verbs


def test_a_change_after_making_it_is_a_new_version_and_the_old_one_stays(
    citizen_api: Caller, started: dict[str, Any], media_root: Any
) -> None:
    reference = started["reference"]
    fill(citizen_api, reference)
    assert citizen_api.post(f"{interview_url(reference)}/complete").status_code == 201
    early = citizen_api.put(step_url(reference, "court"), {"answers": {"court": "示范市中级人民法院"}})
    assert early.status_code == 400 and error_of(early)["code"] == "not_in_progress"  # reopen first
    reopened = citizen_api.post(f"{interview_url(reference)}/reopen")
    assert reopened.status_code == 200 and reopened.json()["status"] == "in_progress"
    changed = citizen_api.put(step_url(reference, "court"), {"answers": {"court": "示范市中级人民法院"}})
    assert changed.status_code == 200
    second = citizen_api.post(f"{interview_url(reference)}/complete", {"note": "改了法院"}).json()
    assert (second["number"], second["reason"], second["note"]) == (2, "redrafted", "改了法院")
    versions = citizen_api.get(f"{interview_url(reference)}/documents").json()["items"]
    assert [v["number"] for v in versions] == [2, 1]
    assert "示范县人民法院" in text_of(citizen_api.get(versions[1]["docx_url"]).content)
    assert "示范市中级人民法院" in text_of(citizen_api.get(versions[0]["docx_url"]).content)


def test_a_lawyer_review_is_asked_for_and_its_work_order_number_returned(
    citizen_api: Caller, started: dict[str, Any], plaintiff: User, media_root: Any
) -> None:
    reference = started["reference"]
    early = citizen_api.post(f"{interview_url(reference)}/review", {"note": "利息算得对吗？"})
    assert early.status_code == 409 and error_of(early)["code"] == "invalid_transition"
    fill(citizen_api, reference)
    citizen_api.post(f"{interview_url(reference)}/complete")
    response = citizen_api.post(f"{interview_url(reference)}/review", {"note": "利息算得对吗？"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "in_review" and body["actions"] == []
    order = Interview.objects.select_related("review_order").get(reference=reference).review_order
    assert order is not None and body["review_order"] == order.tracking_number
    assert "利息算得对吗" in order.text and order.requester == plaintiff
    again = citizen_api.post(f"{interview_url(reference)}/review")
    assert again.status_code == 409


# --- staff, supervisors, and who sees what --------------------------------------------------------


def test_a_clerk_drafts_for_the_citizen_of_a_work_order(
    network: MiniNetwork, clerk: User, plaintiff: User, media_root: Any
) -> None:
    from gongfa.core.choices import Channel
    from gongfa.workorders.services import create_work_order

    village = network.villages[0]
    order = create_work_order(
        channel=Channel.PORTAL, region=village, text="借钱不还，想起诉", requester=plaintiff
    ).order
    body = start(token_caller(clerk, *BOTH), work_order=order.tracking_number)
    assert (body["channel"], body["work_order"]) == ("village_room", order.tracking_number)
    assert body["region_code"] == village.code
    interview = Interview.objects.get(reference=body["reference"])
    assert (interview.citizen, interview.drafted_by, interview.point) == (plaintiff, clerk, network.rooms[village.code])
    assert body["answers"]["plaintiff_name"] == "陈秀英"
    # The citizen sees the draft made for her, in full, and may change it.
    own = session(plaintiff).get(interview_url(body["reference"]))
    assert own.status_code == 200 and own.json()["editable"] and not own.json()["masked"]
    # The clerk fills and makes it like the citizen would.
    fill(token_caller(clerk, *BOTH), body["reference"])
    assert token_caller(clerk, *BOTH).post(f"{interview_url(body['reference'])}/complete").status_code == 201


def test_a_supervisor_reads_with_id_numbers_and_phones_masked_and_changes_nothing(
    citizen_api: Caller, started: dict[str, Any], county_supervisor: User
) -> None:
    reference = started["reference"]
    fill(citizen_api, reference, skip=("facts", "court"))
    supervisor = token_caller(county_supervisor, *BOTH)
    response = supervisor.get(interview_url(reference))
    assert response.status_code == 200
    body = response.json()
    assert (body["masked"], body["editable"], body["actions"]) == (True, False, [])
    answers = body["answers"]
    assert answers["plaintiff_id_number"] == PLAINTIFF_ID[:4] + "*" * 10 + PLAINTIFF_ID[-4:]
    assert answers["plaintiff_phone"] == "138****8000"
    assert answers["plaintiff_name"] == "陈秀英" and answers["loans"][0]["principal"] == "50000"
    assert [item["defendant_name"] for item in answers["defendants"]] == ["王建国"]
    saved = supervisor.put(step_url(reference, "court"), {"answers": {"court": "别的法院"}})
    assert saved.status_code == 403 and error_of(saved)["code"] == "not_yours"
    refused = supervisor.post(f"{BASE}/interviews", {"template": LOAN})
    assert refused.status_code == 403 and error_of(refused)["code"] == "read_only"
    assert Interview.objects.get(reference=reference).answers.get("court") != "别的法院"


def test_another_citizen_or_a_neighbouring_county_gets_404(
    citizen_api: Caller, started: dict[str, Any], other_supervisor: User, media_root: Any
) -> None:
    reference = started["reference"]
    fill(citizen_api, reference)
    citizen_api.post(f"{interview_url(reference)}/complete")
    for stranger in (token_caller(CitizenFactory(), *BOTH), token_caller(other_supervisor, *BOTH)):
        assert stranger.get(interview_url(reference)).status_code == 404
        assert stranger.get(f"{interview_url(reference)}/documents").status_code == 404
        assert stranger.get(f"{interview_url(reference)}/documents/1.docx").status_code == 404
        assert stranger.get(f"{interview_url(reference)}/documents/1.pdf").status_code == 404
        assert stranger.put(step_url(reference, "court"), {"answers": {"court": "x"}}).status_code == 404
        for action in ("complete", "reopen", "review"):
            response = stranger.post(f"{interview_url(reference)}/{action}")
            assert response.status_code == 404, action
            assert error_of(response) == {"code": "not_found", "message": "找不到这份文书。", "field": "reference"}
        assert stranger.get(f"{BASE}/interviews").json()["items"] == []
    assert Interview.objects.get(reference=reference).status == InterviewStatus.COMPLETED


def test_the_list_shows_the_callers_interviews_without_answers(
    citizen_api: Caller, started: dict[str, Any], plaintiff: User
) -> None:
    other = start_interview(code="iou", actor=plaintiff)
    start_interview(code="iou", actor=CitizenFactory())  # someone else's
    response = citizen_api.get(f"{BASE}/interviews")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["reference"] for item in items] == [str(other.reference), started["reference"]]
    assert "answers" not in items[0] and items[0]["template"] == "iou"
    assert items[0]["kind_label"] == "借条" and items[0]["status_label"] == "填写中"
    only = citizen_api.get(f"{BASE}/interviews", {"status": "completed"}).json()
    assert only["items"] == [] and only["count"] == 0


def test_the_list_takes_the_same_number_of_queries_for_two_rows_or_eight(
    network: MiniNetwork, plaintiff: User, clerk: User
) -> None:
    from gongfa.core.choices import Channel
    from gongfa.workorders.services import create_work_order

    caller = token_caller(clerk, "drafting:read")

    def some(count: int) -> None:
        for _ in range(count):
            order = create_work_order(
                channel=Channel.PORTAL, region=network.villages[0], text="借钱不还", requester=plaintiff
            ).order
            start_interview(code=LOAN, actor=clerk, work_order=order, point=network.rooms[network.villages[0].code])

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = caller.get(f"{BASE}/interviews")
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    some(2)
    queries()  # the token's first use is written once
    few, two = queries()
    some(6)
    many, eight = queries()
    assert (two, eight) == (2, 8)
    assert many == few, (few, many)


# --- scopes and sessions ------------------------------------------------------------------------


def test_a_read_token_reads_and_cannot_act(started: dict[str, Any], plaintiff: User) -> None:
    reader = token_caller(plaintiff, "drafting:read")
    assert reader.get(interview_url(started["reference"])).status_code == 200
    assert reader.get(f"{BASE}/interviews").status_code == 200
    for response in (
        reader.put(step_url(started["reference"], "court"), {"answers": {"court": "x"}}),
        reader.post(f"{BASE}/interviews", {"template": LOAN}),
        reader.post(f"{interview_url(started['reference'])}/complete"),
    ):
        assert response.status_code == 403
        assert error_of(response) == {
            "code": "insufficient_scope",
            "message": "该令牌没有“drafting:act”权限。",
            "field": "drafting:act",
        }


def test_an_act_token_cannot_read_and_other_scopes_open_nothing(started: dict[str, Any], plaintiff: User) -> None:
    actor = token_caller(plaintiff, "drafting:act")
    assert error_of(actor.get(interview_url(started["reference"])))["code"] == "insufficient_scope"
    others = token_caller(plaintiff, "workorders:create", "workorders:read", "legalaid:read", "mediation:read")
    assert others.get(interview_url(started["reference"])).status_code == 403
    assert others.get(f"{BASE}/interviews").status_code == 403
    assert others.post(f"{BASE}/interviews", {"template": LOAN}).status_code == 403


def test_without_a_session_or_a_token_it_is_401_and_the_templates_are_public(started: dict[str, Any]) -> None:
    anonymous = Caller()
    response = anonymous.get(interview_url(started["reference"]))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert anonymous.post(f"{BASE}/interviews", {"template": LOAN}).status_code == 401
    assert anonymous.get(f"{BASE}/templates").status_code == 200


def test_a_citizens_session_drafts_like_a_token(plaintiff: User, network: MiniNetwork) -> None:
    browser = session(plaintiff)
    body = start(browser)
    saved = browser.put(step_url(body["reference"], "agent"), {"answers": {"has_agent": True}})
    assert saved.status_code == 200, saved.content
    assert saved.json()["answers"]["has_agent"] is True and saved.json()["current_step"] == "service"
