"""The anonymous Q&A limit keys on the real client address: a forged X-Forwarded-For does not
reset it, and a trusted proxy's header is honoured (gongfa.core.http.client_ip)."""

from django.test import Client

from gongfa.knowledge.models import QuestionLog

URL = "/api/v1/qa/ask"


def _ask(client, remote, xff):
    return client.post(
        URL, {"question": "拖欠工资"}, content_type="application/json", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=xff
    )


def test_a_new_forwarded_for_on_each_request_does_not_bypass_the_limit(statute_corpus, settings):
    settings.TRUSTED_PROXIES = []
    client = Client()
    limit = settings.QA_ASK_PER_MINUTE
    statuses = [_ask(client, "203.0.113.7", f"198.51.100.{n}").status_code for n in range(limit + 1)]
    assert statuses[:-1] == [200] * limit
    assert statuses[-1] == 429
    assert QuestionLog.objects.count() == limit


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(statute_corpus, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client = Client()
    limit = settings.QA_ASK_PER_MINUTE
    first = [_ask(client, "10.0.0.1", "6.6.6.6, 198.51.100.1").status_code for _ in range(limit + 1)]
    assert first[-1] == 429 and first[:-1] == [200] * limit
    # Another citizen behind the same proxy is not throttled by the first one's questions.
    assert _ask(client, "10.0.0.1", "198.51.100.2").status_code == 200
    # The first citizen cannot escape by prepending a new address to the header.
    assert _ask(client, "10.0.0.1", "7.7.7.7, 198.51.100.1").status_code == 429
