"""Legal-aid ID numbers and phones are encrypted at rest; the migrations that encrypt them reverse."""

from __future__ import annotations

import pytest
from django.db import connection

from gongfa.core.crypto import blind_index, decrypt_text
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services.duty import log_duty_request
from gongfa.legalaid.tests.conftest import court_notice
from gongfa.testing.factories import make_id_number
from gongfa.testing.migrations import migrate_to, migrate_to_latest

pytestmark = pytest.mark.usefixtures("standard")


def _raw(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _duty_log(network, lawyer, number):
    import datetime

    from django.utils import timezone

    return log_duty_request(
        actor=lawyer,
        agency=network.legal_aid_centre,
        station="示范县看守所",
        duty_lawyer=lawyer,
        person_name="孙某",
        id_number=number,
        requested_at=timezone.now() - datetime.timedelta(hours=1),
    )


def test_columns_hold_no_plaintext(network, reviewer, lawyers):
    application = court_notice(reviewer, network.county, seq=55)
    number = make_id_number(seq=55)
    assert application.id_number == number
    [(id_number, id_hash, phone)] = _raw("SELECT id_number, id_number_hash, phone FROM legalaid_legalaidapplication")
    assert number not in id_number and decrypt_text(id_number) == number
    assert id_hash == blind_index(number, "id_number")
    assert "88886666" not in phone and decrypt_text(phone) == "0571-88886666"
    detainee = make_id_number(seq=66)
    _duty_log(network, lawyers[0], detainee)
    [(log_id,)] = _raw("SELECT id_number FROM legalaid_dutyhelplog")
    assert detainee not in log_id and decrypt_text(log_id) == detainee
    assert LegalAidApplication.objects.get().masked_id_number == number[:4] + "*" * 10 + number[-4:]


BEFORE = [("legalaid", "0003_queue_indexes")]
AFTER = [("legalaid", "0006_drop_clear_personal_data")]


@pytest.mark.django_db(transaction=True)
def test_migration_decrypts_back_and_encrypts_again(network, reviewer, lawyers):
    application = court_notice(reviewer, network.county, seq=55)
    number = make_id_number(seq=55)
    detainee = make_id_number(seq=66)
    log = _duty_log(network, lawyers[0], detainee)
    try:
        migrate_to(BEFORE)
        assert _raw("SELECT id, id_number, phone FROM legalaid_legalaidapplication") == [
            (application.pk, number, "0571-88886666")
        ]
        assert _raw("SELECT id, id_number FROM legalaid_dutyhelplog") == [(log.pk, detainee)]
        migrate_to(AFTER)
        [(id_number, id_hash, phone)] = _raw(
            "SELECT id_number, id_number_hash, phone FROM legalaid_legalaidapplication"
        )
        assert decrypt_text(id_number) == number and number not in id_number
        assert id_hash == blind_index(number, "id_number") and decrypt_text(phone) == "0571-88886666"
        [(log_id,)] = _raw("SELECT id_number FROM legalaid_dutyhelplog")
        assert decrypt_text(log_id) == detainee
    finally:
        migrate_to_latest()


def test_the_duty_log_page_shows_the_id_number_masked(network, lawyers):
    from django.test import Client
    from django.urls import reverse

    detainee = make_id_number(seq=66)
    log = _duty_log(network, lawyers[0], detainee)
    browser = Client()
    browser.force_login(lawyers[0])
    page = browser.get(reverse("workbench:legal_aid_duty_log", args=[log.pk])).content.decode()
    assert detainee not in page and detainee[:4] + "*" * 10 + detainee[-4:] in page
