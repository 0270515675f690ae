"""The case file through the API: adding a document (multipart upload, or a paper document kept in
the folder) and listing the documents, never their content, with the parties' personal data in a
title masked for everyone but the party."""

# ruff: noqa: F811 - the fixtures imported from test_mediation_support are parameters below

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from gongfa.accounts.models import User
from gongfa.api.tests.conftest import bearer
from gongfa.api.tokens import issue_token
from gongfa.audit.models import Event
from gongfa.mediation.choices import CaseStatus, DocumentKind
from gongfa.mediation.models import CaseDocument, MediationCase
from gongfa.mediation.testing import MediationWorld, make_case
from gongfa.testing.factories import make_id_number

from .test_mediation_support import (  # noqa: F401 - fixtures
    action_url,
    applicant,
    case_url,
    error_of,
    fields_of,
    session,
    world,
)

pytestmark = pytest.mark.django_db


def png(name: str = "id.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def upload(browser: Client, case: MediationCase, data: dict[str, Any], **extra: Any) -> Any:
    """A multipart/form-data POST (the test client's default for a dict body)."""
    return browser.post(action_url(case, "add_document"), data, **extra)


def documents_url(case: MediationCase) -> str:
    return f"{case_url(case)}/documents"


def codes_of(response: Any) -> list[str]:
    body = error_of(response)
    return [e["code"] for e in body.get("errors") or [body]]


def test_a_paper_document_is_put_on_file(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = upload(session(world.mediators[0].user), case, {"kind": "evidence", "title": "现场照片（纸质）"})
    assert response.status_code == 200, response.content
    assert ("evidence", "现场照片（纸质）") in [(d["kind"], d["title"]) for d in response.json()["documents"]]
    assert "add_document" not in [a["action"] for a in response.json()["next_actions"]]
    [item] = session(world.chair).get(documents_url(case)).json()["items"]
    assert (item["kind"], item["has_file"], item["content_type"], item["generated"]) == ("evidence", False, "", False)
    event = Event.objects.get(subject_id=case.pk, verb="mediation.mediationcase.document_added")
    assert event.channel == "api"


def test_an_identity_document_is_uploaded_encrypted_and_listed_without_its_content(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = upload(session(world.chair), case, {"kind": "identity", "title": "申请人身份证", "file": png()})
    assert response.status_code == 200, response.content
    document = CaseDocument.objects.get(case=case, kind=DocumentKind.IDENTITY)
    with document.file.open("rb") as stored:
        assert not stored.read().startswith(b"\x89PNG")  # encrypted at rest
    listing = session(world.chair).get(documents_url(case))
    assert listing.status_code == 200
    [item] = listing.json()["items"]
    assert (item["id"], item["has_file"], item["content_type"]) == (document.pk, True, "image/png")
    assert set(item) == {
        "id",
        "kind",
        "kind_label",
        "title",
        "generated",
        "has_file",
        "content_type",
        "session_id",
        "added_at",
    }
    assert document.file.name not in listing.content.decode()


def test_an_upload_with_everything_wrong_names_every_field(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    bad = SimpleUploadedFile("id.png", b"not an image at all", content_type="image/png")
    response = upload(session(world.chair), case, {"kind": "selfie", "title": "", "file": bad})
    assert response.status_code == 400
    assert fields_of(response) == ["kind", "title", "file"]
    assert codes_of(response)[:2] == ["invalid_kind", "required"]
    response = upload(session(world.chair), case, {"kind": "back_cover", "title": "封底"})
    assert response.status_code == 400
    assert codes_of(response) == ["generated_only"]
    assert not CaseDocument.objects.filter(case=case).exists()


def test_an_archived_file_takes_no_more_documents(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.CLOSED)
    response = upload(session(world.chair), case, {"kind": "evidence", "title": "补充证据"})
    assert response.status_code == 400
    assert codes_of(response) == ["closed"]
    assert not CaseDocument.objects.filter(case=case).exists()


def test_a_party_may_list_but_not_add_and_an_outsider_sees_neither(world: MediationWorld, applicant: User) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=applicant)
    _, plain = issue_token(user=applicant, scopes=["mediation:act", "mediation:read"])
    response = upload(Client(), case, {"kind": "evidence", "title": "证据"}, **bearer(plain))
    assert response.status_code == 403
    assert error_of(response)["code"] == "not_permitted"
    assert session(applicant).get(documents_url(case)).status_code == 200
    assert world.outsider is not None
    outsider = session(world.outsider.user)
    assert upload(outsider, case, {"kind": "evidence", "title": "证据"}).status_code == 404
    assert outsider.get(documents_url(case)).status_code == 404
    assert not CaseDocument.objects.filter(case=case).exists()


def test_the_scopes_of_the_list_and_the_upload(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    _, read = issue_token(user=world.chair, scopes=["mediation:read"])
    _, act = issue_token(user=world.chair, scopes=["mediation:act"])
    assert Client().get(documents_url(case), **bearer(read)).status_code == 200
    assert Client().get(documents_url(case), **bearer(act)).status_code == 403
    response = upload(Client(), case, {"kind": "evidence", "title": "证据"}, **bearer(read))
    assert response.status_code == 403 and error_of(response)["code"] == "insufficient_scope"
    assert upload(Client(), case, {"kind": "evidence", "title": "证据"}, **bearer(act)).status_code == 200


def test_the_parties_data_in_a_title_is_masked_for_all_but_the_party(world: MediationWorld, applicant: User) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=applicant)
    own = case.parties.get(user=applicant)
    other = case.parties.exclude(pk=own.pk).get()
    other.id_number = make_id_number(seq=456)  # make_case gives both parties the same one
    other.save(update_fields=["id_number"])
    title = f"赵申请身份证 {own.id_number}，钱被申身份证 {other.id_number} 电话 {other.phone}"
    CaseDocument.objects.create(case=case, kind=DocumentKind.IDENTITY, title=title)

    def titles(browser: Client) -> tuple[str, str]:
        listed = browser.get(documents_url(case)).json()["items"][0]["title"]
        shown = browser.get(case_url(case)).json()["documents"][0]["title"]
        return listed, shown

    for seen in titles(session(world.chair)):
        assert "赵申请" not in seen and own.id_number not in seen and other.phone not in seen
        assert other.id_number not in seen
        assert seen.startswith("赵*请身份证") and "钱*申身份证" in seen and "138****8002" in seen
    for seen in titles(session(applicant)):
        assert f"赵申请身份证 {own.id_number}" in seen  # their own, in full
        assert "钱*申身份证" in seen and "138****8002" in seen and other.id_number not in seen


def test_the_list_is_paged_and_bounded(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    for index in range(3):
        CaseDocument.objects.create(case=case, kind=DocumentKind.EVIDENCE, title=f"证据{index}")
    chair = session(world.chair)
    page = chair.get(documents_url(case), {"page_size": 2}).json()
    assert (page["count"], [d["title"] for d in page["items"]]) == (3, ["证据0", "证据1"])
    assert chair.get(documents_url(case), {"page_size": 1000}).status_code == 422
    assert chair.get("/api/v1/mediation/cases/999999/documents").status_code == 404
