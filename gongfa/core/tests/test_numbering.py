"""Per-year numbers: drawn without repeats, and raised past numbers brought in from elsewhere."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from gongfa.appointments.models import Sequence
from gongfa.appointments.services.common import PREFIXES, cover_numbers, next_number
from gongfa.legalaid.models import NoticeSequence
from gongfa.legalaid.services.common import cover_notice_numbers

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 6, 1, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@time_machine.travel(NOON, tick=False)
def test_numbers_run_per_kind_and_year() -> None:
    assert [next_number("booking") for _ in range(2)] == ["YY2026000001", "YY2026000002"]
    assert next_number("notarization") == "GZ2026000001"


@time_machine.travel(NOON, tick=False)
def test_covered_numbers_are_not_issued_again_and_counters_never_go_down() -> None:
    next_number("booking")  # YY2026000001 issued here
    cover_numbers(
        [
            "YY2026000041",
            "YY2026000007",
            "GZ2025000300",  # last year: its own counter
            "JD2026000012",
            "XX2026000999",  # not a prefix of this table
            "YY2026",  # not a number of this form
            "",
        ]
    )
    assert next_number("booking") == "YY2026000042"
    assert next_number("appraisal") == "JD2026000013"
    assert Sequence.objects.get(kind="notarization", year=2025).last_value == 300
    assert not Sequence.objects.filter(kind="XX").exists()
    cover_numbers(["YY2026000003"])  # lower than the counter: left alone
    assert next_number("booking") == "YY2026000043"
    assert set(PREFIXES) == {"booking", "notarization", "appraisal"}


def test_notice_numbers_are_covered_per_kind() -> None:
    numbers = ["法援给〔2026〕17号", "法援给〔2026〕9号", "法援补〔2025〕4号", "法援无此〔2026〕5号", "乱码"]
    cover_notice_numbers(numbers)
    counters = {(row.kind, row.year): row.last_value for row in NoticeSequence.objects.all()}
    assert counters == {("grant", 2026): 17, ("supplement", 2025): 4}
