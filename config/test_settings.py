"""Settings for the test suite: the same settings module, with the testing switch on first."""

import os

os.environ["GONGFA_TESTING"] = "1"
os.environ.setdefault("SMS_BACKEND", "gongfa.accounts.sms.LocmemSmsBackend")

from config.settings import *  # noqa: F403

# Tests run tasks in-process; the Redis round trip has its own test (tests/test_celery_redis.py),
# which starts a real worker against CELERY_BROKER_URL when CI provides one.
CELERY_TASK_ALWAYS_EAGER = True

# Triage in tests uses the keyword table unless a test (or the environment) names a classifier: the
# default one searches the statute index, which would be built under the real VAR_DIR.
TOPIC_CLASSIFIER = os.environ.get("TOPIC_CLASSIFIER", "")

# Each test's database differs from the last: the question memory checks what it knows on every
# question (production: every 10 s), so no test sees the memory an earlier test built.
QA_MEMORY_RECHECK_SECONDS = 0

# Files the code under test stores (uploads, stored PDFs) go to a throwaway folder per test process,
# never into var/media of the checkout; a test that looks at its files still sets its own tmp_path.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gongfa-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
