"""Admin: administrators list tokens and revoke them; nobody sees a secret or adds one there."""

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.api.models import ApiToken
from gongfa.api.tokens import issue_token
from gongfa.testing.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True))
    return client


@pytest.fixture
def token(db):
    return issue_token(
        user=UserFactory(username="gw12345", real_name="12345网关"), scopes=["12345:inbound"], name="12345对接"
    )


def test_the_list_shows_prefix_name_user_scopes_but_no_secret(admin_client, token):
    row, plain = token
    page = admin_client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert f"gf_{row.prefix}_…" in page and "12345对接" in page and "12345:inbound" in page and "12345网关" in page
    assert "有效" in page
    assert plain not in page and row.key_hash not in page
    detail = admin_client.get(reverse("admin:api_apitoken_change", args=[row.pk])).content.decode()
    assert plain[-40:] not in detail and row.key_hash not in detail


def test_revoke_action(admin_client, token):
    row, _ = token
    response = admin_client.post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [row.pk]}, follow=True
    )
    assert response.status_code == 200
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    listed = admin_client.get(reverse("admin:api_apitoken_changelist"), {"state": "revoked"}).content.decode()
    assert f"gf_{row.prefix}_…" in listed
    active = admin_client.get(reverse("admin:api_apitoken_changelist"), {"state": "active"}).content.decode()
    assert f"gf_{row.prefix}_…" not in active


def test_no_adding_or_deleting_in_the_admin(admin_client, token):
    assert admin_client.get(reverse("admin:api_apitoken_add")).status_code == 403
    row, _ = token
    assert admin_client.get(reverse("admin:api_apitoken_delete", args=[row.pk])).status_code == 403


def test_other_staff_do_not_see_tokens(client, token):
    client.force_login(UserFactory(role=Role.SUPERVISOR, is_staff=True))
    assert client.get(reverse("admin:api_apitoken_changelist")).status_code == 403
