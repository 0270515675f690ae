"""Encryption at rest: round trips, authentication, key rotation and blind indexes."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pytest
from django.test import override_settings

from gongfa.core import crypto

KEY_A = os.urandom(32)
KEY_B = os.urandom(32)


def test_text_round_trip_and_no_plaintext():
    token = crypto.encrypt_text("13812345678")
    assert token.startswith(crypto.TEXT_PREFIX)
    assert "13812345678" not in token
    assert crypto.decrypt_text(token) == "13812345678"


def test_each_encryption_differs_and_empty_stays_empty():
    assert crypto.encrypt_text("13812345678") != crypto.encrypt_text("13812345678")
    assert crypto.encrypt_text("") == ""
    assert crypto.decrypt_text("") == ""


def test_ciphertext_names_the_key_that_made_it():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        token = crypto.encrypt_text("x")
        assert crypto.text_key_id(token) == crypto.current_key_id()


def test_tampered_ciphertext_raises():
    token = crypto.encrypt_text("110101199003077777")
    head, body = token.rsplit(":", 1)
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[-1] ^= 0x01
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(f"{head}:{base64.urlsafe_b64encode(bytes(raw)).decode()}")


@pytest.mark.parametrize("garbage", ["13812345678", "gf1:zz:!!", "gf1:00000000:", "gf1:"])
def test_malformed_ciphertext_raises(garbage):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(garbage)


def test_wrong_key_raises():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        token = crypto.encrypt_text("13812345678")
        blob = crypto.encrypt_bytes(b"%PDF-1.7 identity card")
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]), pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token)
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]), pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob)


def test_rotation_first_key_encrypts_all_keys_decrypt():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        old = crypto.encrypt_text("13812345678")
        old_id = crypto.current_key_id()
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        assert crypto.decrypt_text(old) == "13812345678"
        new = crypto.encrypt_text("13812345678")
        assert crypto.text_key_id(new) == crypto.current_key_id() != old_id
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        assert crypto.decrypt_text(new) == "13812345678"


def test_bytes_round_trip_and_tamper():
    blob = crypto.encrypt_bytes(b"\x89PNG identity card")
    assert crypto.is_encrypted_bytes(blob)
    assert b"identity card" not in blob
    assert crypto.decrypt_bytes(blob) == b"\x89PNG identity card"
    changed = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(changed)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(b"plain bytes")


def test_blind_index_normalises_and_is_keyed():
    one = crypto.blind_index("138 1234 5678", "phone")
    assert one == crypto.blind_index("+8613812345678", "phone") == crypto.blind_index("１３８１２３４５６７８", "phone")
    assert len(one) == 64 and "13812345678" not in one
    lower = crypto.blind_index("11010119900307777x", "id_number")
    assert lower == crypto.blind_index("11010119900307777X", "id_number")
    assert crypto.blind_index("", "phone") == ""
    # The kind is part of the hash; so is the key.
    assert crypto.blind_index("13812345678", "id_number") != one
    with override_settings(BLIND_INDEX_KEY=KEY_A):
        assert crypto.blind_index("13812345678", "phone") != one
    with pytest.raises(ValueError):
        crypto.blind_index("x", "address")


def _start(environment_overrides, tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in {"GONGFA_TESTING", "DEBUG"}}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "GONGFA_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "example.org",
        }
    )
    for name in ("FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"):
        environment.pop(name, None)
    environment.update(environment_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=environment, capture_output=True, text=True
    )


def test_production_start_needs_the_keys(tmp_path):
    good = base64.b64encode(KEY_A).decode()
    missing = _start({"BLIND_INDEX_KEY": good}, tmp_path)
    assert missing.returncode != 0 and "FIELD_ENCRYPTION_KEYS" in missing.stderr
    short = _start({"FIELD_ENCRYPTION_KEYS": base64.b64encode(b"short").decode(), "BLIND_INDEX_KEY": good}, tmp_path)
    assert short.returncode != 0 and "FIELD_ENCRYPTION_KEYS: key 1 is 5 bytes" in short.stderr
    no_index = _start({"FIELD_ENCRYPTION_KEYS": good}, tmp_path)
    assert no_index.returncode != 0 and "BLIND_INDEX_KEY" in no_index.stderr
    two_keys = f"{good},{base64.b64encode(KEY_B).decode()}"
    both = _start({"FIELD_ENCRYPTION_KEYS": two_keys, "BLIND_INDEX_KEY": good}, tmp_path)
    assert both.returncode == 0, both.stderr
