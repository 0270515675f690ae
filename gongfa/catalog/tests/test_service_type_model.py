"""Validation of catalogue entries (model clean, used by the admin)."""

import pytest
from django.core.exceptions import ValidationError

from gongfa.catalog.models import ServiceType

pytestmark = pytest.mark.django_db


def _entry(**overrides):
    values = {"code": "family", "name": "家事服务", "summary": "家事纠纷", "channels": ["portal", "hotline"]}
    values.update(overrides)
    return ServiceType(**values)


def test_a_valid_entry_passes():
    _entry().full_clean()


@pytest.mark.parametrize(
    ("channels", "message"),
    [
        (["fax"], "未知的办理渠道：fax"),
        (["portal", "workbench"], "“工作台”不是群众办理渠道"),
        (["system"], "不是群众办理渠道"),
        ("portal", "办理渠道应为渠道代码的列表"),
        ([1, 2], "办理渠道应为渠道代码的列表"),
        (["portal", "portal"], "办理渠道不能重复"),
    ],
)
def test_bad_channels_are_refused_in_chinese(channels, message):
    with pytest.raises(ValidationError) as info:
        _entry(channels=channels).full_clean()
    assert message in " ".join(info.value.message_dict["channels"])


def test_materials_and_basis_are_read_one_per_line():
    entry = _entry(required_materials="身份证\n\n  户口簿  \n", legal_basis="《A法》第1条\n《B法》第2条")
    assert entry.materials == ["身份证", "户口簿"]
    assert entry.legal_basis_items == ["《A法》第1条", "《B法》第2条"]


def test_channel_labels_and_how_to_apply():
    entry = _entry(channels=["hotline", "window"])
    assert entry.channel_labels == ["12348热线", "窗口"]
    assert [label for label, _ in entry.how_to_apply] == ["12348热线", "窗口"]
    assert "12348" in entry.how_to_apply[0][1]
