"""Migration 0008 maps legal aid's own priority codes onto the one list of special groups (the
work orders' bit flags) and the free-text relation onto the 第40条 relations; its reverse maps
them back (issue #16 items 19–20)."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from gongfa.core.choices import SpecialGroup
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services import save_draft
from gongfa.legalaid.tests.conftest import WAGES
from gongfa.testing.migrations import migrate_to, migrate_to_latest

MIGRATION = importlib.import_module("gongfa.legalaid.migrations.0008_special_groups_representative_provider_documents")
BEFORE = [("legalaid", "0007_encrypt_identity_documents_on_disk")]
AFTER = [("legalaid", "0008_special_groups_representative_provider_documents")]


@pytest.mark.parametrize(
    ("codes", "mask"),
    [
        (["military"], SpecialGroup.MILITARY_FAMILY),
        (["veteran"], SpecialGroup.VETERAN),
        (["elderly", "disabled"], SpecialGroup.ELDERLY | SpecialGroup.DISABLED),
        (["woman", "minor"], SpecialGroup.WOMEN | SpecialGroup.MINOR),
        (["military", "veteran", "elderly", "disabled", "woman", "minor"], 1 | 2 | 4 | 16 | 32 | 128),
        ([], 0),
        (["vip"], 0),  # never a valid code: dropped
    ],
)
def test_old_priority_codes_map_to_the_special_group_flags(codes, mask):
    assert MIGRATION.flags_of(codes) == mask
    assert set(MIGRATION.codes_of(mask)) == set(codes) - {"vip"}


def test_every_old_code_has_a_group_of_the_one_list():
    assert set(MIGRATION.PRIORITY_TO_FLAG.values()) <= set(SpecialGroup.values)
    # groups the old list lacked have no code: the reverse drops them
    assert MIGRATION.codes_of(SpecialGroup.MIGRANT_WORKER | SpecialGroup.LAID_OFF | SpecialGroup.POVERTY) == []


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("监护人", "guardian"),
        ("法定代理人", "guardian"),
        ("其他法定代理人", "other_guardian"),
        ("母亲", "close_relative"),
        ("配偶", "close_relative"),
        ("近亲属", "close_relative"),
        ("guardian", "guardian"),
        ("", ""),
        ("村委会", "村委会"),  # not a 第40条 relation: left as written
    ],
)
def test_old_relation_text_maps_to_a_relation(written, code):
    assert MIGRATION.relation_code(written) == code


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_stored_rows_both_ways(network, worker):
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    try:
        migrate_to(BEFORE)
        _execute(
            "UPDATE legalaid_legalaidapplication SET priority_groups = %s, agent_relation = %s WHERE id = %s",
            ['["military", "elderly"]', "母亲", draft.pk],
        )
        migrate_to(AFTER)
        [(mask, relation)] = _raw("SELECT special_groups, agent_relation FROM legalaid_legalaidapplication")
        assert mask == SpecialGroup.MILITARY_FAMILY | SpecialGroup.ELDERLY and relation == "close_relative"
        LegalAidApplication.objects.filter(pk=draft.pk).update(
            special_groups=SpecialGroup.VETERAN | SpecialGroup.LAID_OFF, agent_relation="guardian"
        )
        migrate_to(BEFORE)
        [(codes, relation)] = _raw("SELECT priority_groups, agent_relation FROM legalaid_legalaidapplication")
        assert "veteran" in str(codes) and "laid" not in str(codes) and relation == "监护人（法定代理人）"
    finally:
        migrate_to_latest()  # not AFTER: drafting and later apps depend on legalaid 0009
