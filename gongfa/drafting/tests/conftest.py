"""Shared pieces of the drafting tests: a citizen, a window clerk at the county centre, and the
answers of a loan complaint with two loans and a guarantor."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.testing.factories import CitizenFactory, make_id_number, staff

PLAINTIFF_ID = make_id_number("330102", datetime.date(1970, 1, 1))


def loan_answers_by_step() -> dict[str, dict[str, Any]]:
    """What a citizen types, step by step (raw, as a form posts it)."""
    return {
        "plaintiff": {
            "plaintiff_name": "陈秀英",
            "plaintiff_sex": "female",
            "plaintiff_birth_date": "1970-01-01",
            "plaintiff_ethnicity": "汉族",
            "plaintiff_id_number": PLAINTIFF_ID,
            "plaintiff_address": "示范县城关镇东街1号",
            "plaintiff_phone": "13800138000",
        },
        "defendants": {
            "defendants": [{"defendant_name": "王建国", "defendant_address": "示范县城关镇西街9号"}],
        },
        "agent": {"has_agent": "false"},
        "service": {
            "service_address": "示范县城关镇东街1号", "service_recipient": "陈秀英", "accepts_e_service": "false",
        },
        "loans": {
            "loans": [
                {"contract_date": "2024-03-01", "principal": "50000", "lent_on": "2024-03-01",
                 "delivery": "bank_transfer", "agreed_rate": "24", "repaid": "10000"},
                {"contract_date": "2024-06-01", "principal": "8000", "lent_on": "2024-06-01", "delivery": "cash"},
            ]
        },
        "guarantee": {
            "has_guarantor": "true",
            "guarantors": [
                {"guarantor_name": "李保山", "guarantor_address": "示范县城关镇南街3号", "guarantee_type": "joint"},
            ],
        },
        "claims": {"interest_until": "2025-03-01", "claims_costs": "false"},
        "venue": {"has_venue_clause": "false", "wants_preservation": "false"},
        "facts": {
            "facts": "被告于2024年3月向原告借款用于经营，约定按月付息，到期后经多次催讨未还。",
            "evidence": [{"evidence_name": "借条原件", "evidence_source": "原告保存", "evidence_proves": "借款事实"}],
        },
        "court": {"court": "示范县人民法院"},
    }  # fmt: skip


@pytest.fixture
def citizen(db: None) -> Any:
    return CitizenFactory(real_name="陈秀英", phone="13800138000", id_number=PLAINTIFF_ID)


@pytest.fixture
def clerk(network: Any) -> Any:
    return staff(Role.WINDOW_STAFF, at=network.centre, real_name="窗口小李")


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path
