import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gongfa.core.errors import DomainError
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region, ancestor_codes, level_of_code, subtree_bounds
from gongfa.network.services import create_region


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("330000000000", RegionLevel.PROVINCE),
        ("330100000000", RegionLevel.CITY),
        ("330102000000", RegionLevel.COUNTY),
        ("330102001000", RegionLevel.TOWNSHIP),
        ("330102001001", RegionLevel.VILLAGE),
        ("110101000000", RegionLevel.COUNTY),
    ],
)
def test_level_follows_from_the_code(code, level):
    assert level_of_code(code) == level


@pytest.mark.parametrize("code", ["33010200100", "3301020010011", "33010200100A", "000000000000"])
def test_malformed_codes_are_rejected(code):
    with pytest.raises(ValidationError):
        level_of_code(code)


def test_a_township_directly_under_a_city_has_the_city_as_parent(db):
    """东莞-style codes: prefecture-level cities without counties (county segment 00)."""
    create_region("440000000000", "广东省")
    create_region("441900000000", "东莞市")
    township = create_region("441900003000", "东城街道")
    assert township.level == RegionLevel.TOWNSHIP
    assert township.parent is not None
    assert township.parent.code == "441900000000"


def test_ancestors_and_bounds_come_from_the_code():
    assert ancestor_codes("330102001001", RegionLevel.VILLAGE) == [
        "330000000000",
        "330100000000",
        "330102000000",
        "330102001000",
    ]
    assert subtree_bounds("330102001000", RegionLevel.TOWNSHIP) == ("330102001000", "330102001999")


def test_create_region_derives_level_and_parent(network):
    village = create_region("330102001099", "新村")
    assert village.level == RegionLevel.VILLAGE
    assert village.parent == network.townships[0]


def test_create_region_refuses_unknown_parent(db):
    with pytest.raises(DomainError, match="上级区划 330000000000 不存在"):
        create_region("330100000000", "孤儿市")
    assert not Region.objects.exists()


def test_create_region_refuses_duplicates_and_bad_codes(network):
    with pytest.raises(DomainError, match="已存在"):
        create_region(network.villages[0].code, "重复")
    with pytest.raises(DomainError, match="12位数字"):
        create_region("12345", "短码")
    with pytest.raises(DomainError, match="区划名称"):
        create_region("330102001098", "  ")


def test_region_clean_checks_parent_consistency(network):
    wrong = Region(code="330102002099", name="错位村", level=RegionLevel.VILLAGE, parent=network.townships[0])
    with pytest.raises(ValidationError, match="330102002000"):
        wrong.full_clean()


def test_subtree_is_one_query_and_exact(network, django_assert_num_queries):
    other = Region.objects.create(
        code="330103000000", name="邻县", level=RegionLevel.COUNTY, parent=network.city
    )  # sibling county: must not leak into the subtree
    township = network.townships[0]
    with django_assert_num_queries(1):
        codes = sorted(Region.objects.subtree(township).values_list("code", flat=True))
    assert codes == sorted([township.code, *[v.code for v in network.villages if v.parent_id == township.pk]])
    county_codes = set(Region.objects.subtree(network.county).values_list("code", flat=True))
    assert other.code not in county_codes
    assert len(county_codes) == 1 + len(network.townships) + len(network.villages)
    assert network.county.code not in set(
        Region.objects.subtree(network.county, include_self=False).values_list("code", flat=True)
    )


def test_subtree_query_uses_the_code_index(network):
    sql, params = Region.objects.subtree(network.county).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "USING" in plan and "INDEX" in plan, plan
            assert "SCAN network_region" not in plan.replace("COVERING INDEX", ""), plan
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            assert "Index" in plan and "code" in plan, plan


def test_contains_and_full_name(network):
    village = network.villages[0]
    assert network.county.contains(village)
    assert not network.townships[1].contains(village)
    assert village.full_name.startswith(network.county.name)
