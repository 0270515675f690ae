"""Encryption of personal data at rest (个人信息加密存储) and blind indexes for exact lookups.

- AES-256-GCM (authenticated: a wrong key or a changed byte raises DecryptionError, never returns
  garbage). Keys come from settings.FIELD_ENCRYPTION_KEYS: the first encrypts, all decrypt, so keys
  rotate by putting a new one first and running `manage.py rotate_keys`.
- Every ciphertext names the key that made it (an id derived from the key, not the key's position
  in the list), so reordering or dropping keys never decrypts with the wrong one.
- A blind index is HMAC-SHA256 (settings.BLIND_INDEX_KEY) over the normalised value: equal values
  give equal hashes, so `phone_hash=blind_index(phone, "phone")` finds rows through an index
  while the column itself reveals nothing without the key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from gongfa.core.validators import normalize_id_number, normalize_phone

TEXT_PREFIX = "gf1:"  # text ciphertext: gf1:<key id>:<base64url(nonce || ciphertext+tag)>
FILE_MAGIC = b"GFE1"  # file ciphertext: GFE1 <4-byte key id> <12-byte nonce> <ciphertext+tag>
_NONCE_BYTES = 12
_KEY_ID_BYTES = 4

# The normalisation each kind of value gets before hashing: the same person typed two ways
# (spaces, +86, a lower-case x) must give the same blind index.
BLIND_INDEX_KINDS = ("phone", "id_number")


class DecryptionError(Exception):
    """The ciphertext is malformed, was changed, or was made with a key that is not configured."""


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"gongfa-field-key-id:" + key).digest()[:_KEY_ID_BYTES]


def _keys() -> list[bytes]:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise DecryptionError("No FIELD_ENCRYPTION_KEYS configured.")
    return keys


def _key_for(key_id: bytes) -> bytes:
    for key in _keys():
        if hmac.compare_digest(_key_id(key), key_id):
            return key
    raise DecryptionError(f"Ciphertext made with key {key_id.hex()}, which is not in FIELD_ENCRYPTION_KEYS.")


def current_key_id() -> str:
    """The id (hex) of the key that encrypts now: the first of FIELD_ENCRYPTION_KEYS."""
    return _key_id(_keys()[0]).hex()


def encrypt_bytes(data: bytes) -> bytes:
    key = _keys()[0]
    nonce = os.urandom(_NONCE_BYTES)
    return FILE_MAGIC + _key_id(key) + nonce + AESGCM(key).encrypt(nonce, data, FILE_MAGIC)


def is_encrypted_bytes(data: bytes) -> bool:
    return data[: len(FILE_MAGIC)] == FILE_MAGIC


def bytes_key_id(blob: bytes) -> str:
    """The key id (hex) an encrypted blob was made with."""
    if not is_encrypted_bytes(blob):
        raise DecryptionError("Not an encrypted blob.")
    return blob[len(FILE_MAGIC) : len(FILE_MAGIC) + _KEY_ID_BYTES].hex()


def decrypt_bytes(blob: bytes) -> bytes:
    if not is_encrypted_bytes(blob):
        raise DecryptionError("Not an encrypted blob.")
    start = len(FILE_MAGIC)
    key = _key_for(blob[start : start + _KEY_ID_BYTES])
    nonce = blob[start + _KEY_ID_BYTES : start + _KEY_ID_BYTES + _NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[start + _KEY_ID_BYTES + _NONCE_BYTES :], FILE_MAGIC)
    except InvalidTag:
        raise DecryptionError("Ciphertext failed authentication (changed, or a different key).") from None


def encrypt_text(value: str) -> str:
    """Encrypt a string; the empty string stays empty (an absent value is not personal data)."""
    if value == "":
        return ""
    key = _keys()[0]
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, value.encode("utf-8"), TEXT_PREFIX.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{TEXT_PREFIX}{_key_id(key).hex()}:{body}"


def is_encrypted_text(value: str) -> bool:
    return value.startswith(TEXT_PREFIX)


def text_key_id(token: str) -> str:
    """The key id (hex) a text ciphertext was made with."""
    if not is_encrypted_text(token):
        raise DecryptionError("Not an encrypted value.")
    return token[len(TEXT_PREFIX) : len(TEXT_PREFIX) + 2 * _KEY_ID_BYTES]


def decrypt_text(token: str) -> str:
    if token == "":
        return ""
    try:
        prefix_end = len(TEXT_PREFIX)
        key_hex, body = token[prefix_end:].split(":", 1)
        if not is_encrypted_text(token):
            raise ValueError
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        key = _key_for(bytes.fromhex(key_hex))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raise DecryptionError("Malformed encrypted value.") from None
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, sealed, TEXT_PREFIX.encode()).decode("utf-8")
    except InvalidTag:
        raise DecryptionError("Ciphertext failed authentication (changed, or a different key).") from None


def normalise_for_index(value: str, kind: str) -> str:
    value = unicodedata.normalize("NFKC", value or "")
    if kind == "phone":
        return normalize_phone(value).replace("-", "")
    if kind == "id_number":
        return normalize_id_number(value)
    raise ValueError(f"Unknown blind index kind {kind!r}; expected one of {BLIND_INDEX_KINDS}.")


def blind_index(value: str | None, kind: str) -> str:
    """The keyed hash stored beside an encrypted column for exact lookups ("" for no value)."""
    normalised = normalise_for_index(value or "", kind)
    if not normalised:
        return ""
    message = f"{kind}\x00{normalised}".encode()
    return hmac.new(settings.BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()
