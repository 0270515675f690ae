"""The fixed development keys for personal data at rest (DEBUG and tests only).

Production refuses to start without FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY (config/settings.py).
Benchmarks that seed data under DEBUG=1 and then serve it with DEBUG=0 pass these same keys, so
the server can read what the seeding wrote.
"""

DEV_FIELD_ENCRYPTION_KEY = b"gongfa-dev-only-field-key-000001"  # 32 bytes
DEV_BLIND_INDEX_KEY = b"gongfa-dev-only-blind-index-0001"  # 32 bytes
