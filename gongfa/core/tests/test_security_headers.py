"""Security headers with DEBUG off: CSP without inline script, HSTS behind its setting,
Referrer-Policy and Permissions-Policy (安全响应头)."""

from django.test import override_settings


@override_settings(DEBUG=False)
def test_the_content_security_policy_allows_no_inline_code(client, db):
    response = client.get("/")
    assert response.status_code == 200
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    policy = dict(directives)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@override_settings(DEBUG=False)
def test_the_pages_carry_no_inline_script_or_handler(client, db):
    page = client.get("/").content.decode()
    # htmx is told not to evaluate code or inject styles; scripts come only from files.
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page
    for tag in page.split("<script")[1:]:
        assert tag.split(">", 1)[0].strip().startswith("src=") or " src=" in tag.split(">", 1)[0]


@override_settings(DEBUG=False)
def test_permissions_and_referrer_policy(client, db):
    response = client.get("/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


@override_settings(DEBUG=False, SECURE_HSTS_SECONDS=0)
def test_no_hsts_by_default(client, db):
    response = client.get("/", secure=True)
    assert "Strict-Transport-Security" not in response


@override_settings(DEBUG=False, SECURE_HSTS_SECONDS=31536000)
def test_hsts_when_set(client, db):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


@override_settings(DEBUG=True)
def test_debug_pages_get_no_csp(client, db):
    assert "Content-Security-Policy" not in client.get("/")
