"""core.errors: one error type carrying several field problems; DomainError is its one-problem case."""

import pytest

from gongfa.core.errors import DomainError, NotPermitted, Problem, Problems, ValidationFailed


def test_a_domain_error_is_one_problem_on_its_field():
    error = DomainError("请填写诉求内容。", code="required", field="text")
    assert error.problems == [Problem("text", "请填写诉求内容。", "required")]
    assert error.field_errors() == {"text": ["请填写诉求内容。"]}
    assert error.as_dict()["errors"] == [{"field": "text", "code": "required", "message": "请填写诉求内容。"}]


def test_validation_failed_carries_every_problem_and_reads_as_its_first():
    error = ValidationFailed(
        [
            Problem("text", "请填写诉求内容。", "required"),
            Problem("contact_phone", "联系电话格式不正确。", "invalid_phone"),
            Problem("text", "诉求内容含有控制字符。", "control_chars"),
            Problem(None, "本地区尚未设立服务点。", "no_service_point"),
        ]
    )
    assert isinstance(error, DomainError)
    assert (error.code, error.status, error.field, error.message) == ("invalid", 400, "text", "请填写诉求内容。")
    assert error.field_errors() == {
        "text": ["请填写诉求内容。", "诉求内容含有控制字符。"],
        "contact_phone": ["联系电话格式不正确。"],
        None: ["本地区尚未设立服务点。"],
    }
    assert error.as_dict()["errors"] == [p.as_dict() for p in error.problems]
    assert [p.field for p in error.problems] == ["text", "contact_phone", "text", None]


def test_validation_failed_needs_a_problem():
    with pytest.raises(ValueError, match="at least one"):
        ValidationFailed([])


def test_problems_refuse_once_with_everything_collected():
    problems = Problems()
    problems.add("region", "请选择所在区划。", code="unknown_region")
    with problems.check():
        raise DomainError("请填写诉求内容。", code="required", field="text")
    with problems.check():
        raise ValidationFailed([Problem("a", "甲"), Problem("b", "乙")])
    assert problems.has("text") and problems.has("b") and not problems.has("contact_phone")
    with pytest.raises(ValidationFailed) as caught:
        problems.raise_if_any()
    assert [p.field for p in caught.value.problems] == ["region", "text", "a", "b"]


def test_one_problem_is_raised_as_a_plain_domain_error_keeping_its_code():
    problems = Problems()
    problems.add("contact_phone", "请填写联系电话。", code="contact_required")
    with pytest.raises(DomainError) as caught:
        problems.raise_if_any()
    assert type(caught.value) is DomainError
    assert (caught.value.code, caught.value.field) == ("contact_required", "contact_phone")


def test_no_problem_raises_nothing():
    problems = Problems()
    problems.raise_if_any()
    assert not problems


def test_a_refusal_of_permission_is_not_collected():
    problems = Problems()
    with pytest.raises(NotPermitted), problems.check():
        raise NotPermitted("您无权处理该工单。")
    assert not problems
