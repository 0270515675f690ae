import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import PersonalDataAccess
from gongfa.audit.services import record_personal_data_access
from gongfa.testing.factories import CitizenFactory, UserFactory


@pytest.fixture
def logged(db):
    actor = UserFactory(role=Role.WINDOW_STAFF)
    citizen = CitizenFactory()
    record_personal_data_access(actor=actor, person=citizen, field="id_number", purpose="核对身份")
    return actor, citizen


def test_administrators_read_both_logs(client, logged):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    client.force_login(admin)
    page = client.get("/admin/audit/personaldataaccess/").content.decode()
    assert "核对身份" in page
    assert client.get("/admin/audit/event/").status_code == 200
    assert client.get("/admin/audit/personaldataaccess/add/").status_code == 403


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.WINDOW_STAFF])
def test_other_roles_cannot_read_the_logs(client, logged, role):
    user = UserFactory(role=role, is_staff=True)  # even with admin-site access
    client.force_login(user)
    assert client.get("/admin/audit/personaldataaccess/").status_code == 403
    assert client.get("/admin/audit/event/").status_code == 403


def test_unknown_fields_are_refused(logged):
    actor, citizen = logged
    from gongfa.core.errors import DomainError

    with pytest.raises(DomainError):
        record_personal_data_access(actor=actor, person=citizen, field="salary")
    assert PersonalDataAccess.objects.count() == 1
