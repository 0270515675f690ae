"""Settings for the test suite: the same settings module, with the testing switch on first."""

import os

os.environ["GONGFA_TESTING"] = "1"
os.environ.setdefault("SMS_BACKEND", "gongfa.accounts.sms.LocmemSmsBackend")

from config.settings import *  # noqa: F403
