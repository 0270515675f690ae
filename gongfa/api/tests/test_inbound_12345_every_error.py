"""POST /api/v1/integrations/12345 without a reference and with bad content: every problem in one 400."""

from gongfa.workorders.models import WorkOrder

from .test_inbound_12345 import URL, body, hotline12345  # noqa: F401


def test_a_missing_reference_is_reported_with_the_contents_problems(hotline12345, staffed_village):  # noqa: F811
    response = hotline12345.post(URL, body(staffed_village[0], reference=" ", text="", contact_phone="123"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid", "reference")
    assert [(e["field"], e["code"]) for e in error["errors"]] == [
        ("reference", "reference_required"),
        ("text", "required"),
        ("contact_phone", "invalid_phone"),
    ]
    assert not WorkOrder.objects.exists()
