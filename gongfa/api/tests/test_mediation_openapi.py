"""The mediation paths in the OpenAPI schema: every action documented with its summary, the
session and token schemes, the case as its answer and every refusal; the upload as a multipart
body; the catch-all for unknown actions stays out."""

from __future__ import annotations

from typing import Any

from gongfa.api.api import api
from gongfa.api.mediation import ACTIONS
from gongfa.api.mediation.common import ACTION_LABELS

BASE = "/api/v1/mediation"
SCHEMA: dict[str, Any] = api.get_openapi_schema(path_prefix="/api/")
PATHS = {
    f"{BASE}/cases": {"get"},
    f"{BASE}/cases/{{pk}}": {"get"},
    f"{BASE}/cases/{{pk}}/documents": {"get"},
    **{f"{BASE}/cases/{{pk}}/actions/{action}": {"post"} for action in ACTIONS},
}


def test_the_mediation_paths_are_documented() -> None:
    mediation = {path for path in SCHEMA["paths"] if path.startswith(BASE)}
    assert mediation == set(PATHS)
    assert len(ACTIONS) == 28
    for path, methods in PATHS.items():
        assert set(SCHEMA["paths"][path]) == methods, path
        for method in methods:
            operation = SCHEMA["paths"][path][method]
            assert operation["summary"], path
            assert {"SessionAuth": []} in operation["security"] and {"TokenAuth": []} in operation["security"]
            assert operation["tags"] == ["mediation"]
            assert {200, 400, 401, 403, 404, 422} <= {int(code) for code in operation["responses"]}, path
    assert not any("{action}" in path for path in SCHEMA["paths"])


def test_each_action_answers_the_case_under_its_own_operation_id() -> None:
    for action in ACTIONS:
        operation = SCHEMA["paths"][f"{BASE}/cases/{{pk}}/actions/{action}"]["post"]
        assert operation["operationId"] == f"mediation_action_{action}"
        assert operation["summary"] == ACTION_LABELS[action], action
        responses = {int(code): answer for code, answer in operation["responses"].items()}
        assert 409 in responses, action
        answer = responses[200]["content"]["application/json"]["schema"]["$ref"]
        assert answer.endswith("/MediationCaseOut"), action


def test_the_upload_is_multipart_and_the_list_is_paged() -> None:
    upload = SCHEMA["paths"][f"{BASE}/cases/{{pk}}/actions/add_document"]["post"]["requestBody"]["content"]
    body = upload["multipart/form-data"]["schema"]
    assert set(body["properties"]) == {"kind", "title", "file"}
    [file, nothing] = body["properties"]["file"]["anyOf"]  # optional: a paper document has none
    assert (file["format"], nothing) == ("binary", {"type": "null"}) and file["maxLength"] > 0
    listing = SCHEMA["paths"][f"{BASE}/cases/{{pk}}/documents"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"pk", "page", "page_size"}
    item = SCHEMA["components"]["schemas"]["MediationDocumentItemOut"]["properties"]
    assert "file" not in item and "url" not in item
    case = SCHEMA["components"]["schemas"]["MediationCaseOut"]["properties"]
    assert {"escalations", "consultations"} <= set(case)
