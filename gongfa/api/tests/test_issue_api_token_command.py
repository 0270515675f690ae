"""manage.py issue_api_token: prints the token once; --revoke PREFIX revokes it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongfa.api.models import ApiToken
from gongfa.api.tokens import authenticate_token
from gongfa.testing.factories import UserFactory


def run(*args):
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out)
    return out.getvalue()


def test_issue_prints_a_working_token_once(db):
    UserFactory(username="kiosk01")
    output = run(
        "kiosk01", "--scope", "workorders:create", "--scope", "workorders:read", "--name", "大厅终端", "--days", "30"
    )
    plain = next(line for line in output.splitlines() if line.startswith("gf_"))
    token = authenticate_token(plain)
    assert token.name == "大厅终端" and token.scopes == ["workorders:create", "workorders:read"]
    assert token.expires_at is not None
    assert "shown only this once" in output
    assert plain.split("_")[-1] not in str(ApiToken.objects.values().get())


def test_revoke(db):
    UserFactory(username="kiosk01")
    output = run("kiosk01", "--scope", "workorders:read")
    prefix = ApiToken.objects.get().prefix
    assert "revoked" in run("--revoke", prefix)
    assert ApiToken.objects.get().revoked_at is not None
    assert output


@pytest.mark.parametrize(
    "args",
    [
        ("nobody", "--scope", "workorders:read"),
        ("kiosk01",),
        (),
        ("kiosk01", "--scope", "workorders:read", "--days", "0"),
        ("--revoke", "ffffffff"),
    ],
)
def test_errors(db, args):
    UserFactory(username="kiosk01")
    with pytest.raises(CommandError):
        run(*args)
    assert not ApiToken.objects.exists()


def test_unknown_scopes_are_refused_by_the_parser(db):
    UserFactory(username="kiosk01")
    with pytest.raises(CommandError):
        run("kiosk01", "--scope", "everything")
