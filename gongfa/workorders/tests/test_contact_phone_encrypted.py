"""A work order's contact phone is encrypted at rest; the caller search finds it by blind index,
and the migrations that encrypt it can be reversed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongfa.core.choices import Channel
from gongfa.core.crypto import blind_index, decrypt_text
from gongfa.testing.factories import CitizenFactory, UserFactory
from gongfa.testing.migrations import migrate_to, migrate_to_latest
from gongfa.workorders.selectors import orders_of_caller
from gongfa.workorders.services import create_work_order

PHONE = "13800000123"


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _order(network, phone=PHONE, **kwargs):
    return create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="工资被拖欠", contact_phone=phone, **kwargs
    ).order


def test_the_column_holds_no_plaintext(network):
    order = _order(network)
    [(phone, phone_hash)] = _raw("SELECT contact_phone, contact_phone_hash FROM workorders_workorder")
    assert PHONE not in phone and decrypt_text(phone) == PHONE
    assert phone_hash == blind_index(PHONE, "phone")
    order.refresh_from_db()
    assert order.contact_phone == PHONE


def test_caller_search_matches_contact_and_account_phones_by_blind_index(network):
    from gongfa.accounts.choices import Role

    admin = UserFactory(role=Role.ADMINISTRATOR, is_superuser=True)
    by_contact = _order(network)
    citizen = CitizenFactory(phone="13800000456")
    by_account = _order(network, phone="", requester=citizen)
    other = _order(network, phone="13800000999")
    with CaptureQueriesContext(connection) as queries:
        assert {o.pk for o in orders_of_caller(admin, "138 0000 0123")} == {by_contact.pk}
    assert any("contact_phone_hash" in q["sql"] for q in queries.captured_queries)
    assert [o.pk for o in orders_of_caller(admin, "13800000456")] == [by_account.pk]
    assert other.pk not in {o.pk for o in orders_of_caller(admin, "13800000123")}


BEFORE = [("workorders", "0006_open_scope_covering_index")]
AFTER = [("workorders", "0009_drop_clear_contact_phone")]


@pytest.mark.django_db(transaction=True)
def test_migration_decrypts_back_and_encrypts_again(network):
    first = _order(network)
    second = _order(network, phone="", requester=CitizenFactory(phone=""))
    try:
        migrate_to(BEFORE)
        rows = dict(_raw("SELECT id, contact_phone FROM workorders_workorder"))
        assert rows == {first.pk: PHONE, second.pk: ""}
        migrate_to(AFTER)
        rows = dict(_raw("SELECT id, contact_phone FROM workorders_workorder"))
        assert PHONE not in rows[first.pk] and decrypt_text(rows[first.pk]) == PHONE and rows[second.pk] == ""
        hashes = dict(_raw("SELECT id, contact_phone_hash FROM workorders_workorder"))
        assert hashes == {first.pk: blind_index(PHONE, "phone"), second.pk: ""}
    finally:
        migrate_to_latest()
