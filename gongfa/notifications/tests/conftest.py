"""The people and cases of the work-order and legal-aid tests, reused to check who is told what."""

import pytest

from gongfa.legalaid.tests.conftest import _media, frozen, law_firm, lawyers, reviewer, standard, worker
from gongfa.workorders.tests.conftest import (
    advisor_village,
    citizen,
    county_supervisor,
    hotline_agent,
    staffed_village,
    township_supervisor,
)

__all__ = [
    "_media",
    "advisor_village",
    "citizen",
    "county_supervisor",
    "frozen",
    "hotline_agent",
    "law_firm",
    "lawyers",
    "reviewer",
    "staffed_village",
    "standard",
    "township_supervisor",
    "worker",
]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the code under test queues for after commit, as production does."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
