import pytest

from gongfa.catalog.models import ServiceType
from gongfa.catalog.selectors import active_service_types, default_service_type, service_type_by_code
from gongfa.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_active_types_in_display_order_without_inactive_ones():
    ServiceType.objects.filter(code="other").update(is_active=False)
    codes = [t.code for t in active_service_types()]
    assert codes[:2] == ["consultation", "legal_aid"]
    assert "other" not in codes and len(codes) == ServiceType.objects.count() - 1


def test_lookup_by_code():
    assert service_type_by_code("mediation").name == "人民调解"
    assert service_type_by_code(" mediation ").code == "mediation"


@pytest.mark.parametrize("code", ["nope", "", "Consultation"])
def test_unknown_code_is_a_domain_error(code):
    with pytest.raises(DomainError, match="未知的服务类型") as info:
        service_type_by_code(code)
    assert info.value.code == "unknown_service_type"


def test_inactive_code_is_a_domain_error():
    ServiceType.objects.filter(code="appraisal").update(is_active=False)
    with pytest.raises(DomainError, match="未知的服务类型"):
        service_type_by_code("appraisal")


def test_default_service_type_is_consultation_while_active():
    default = default_service_type()
    assert default is not None and default.code == "consultation"
    ServiceType.objects.filter(code="consultation").update(is_active=False)
    assert default_service_type() is None
