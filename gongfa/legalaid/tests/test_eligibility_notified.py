"""Notified defence and representation (通知辩护/代理): 《法律援助法》第二十五条至第二十八条 and
《未成年人保护法》第一百零四条."""

from __future__ import annotations

import pytest

from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import NotifiedGround
from gongfa.legalaid.eligibility import NotifiedFacts, notified_requirements

G = NotifiedGround
ARTICLE_25_1 = {
    G.MINOR: "《法律援助法》第二十五条第一款第一项",
    G.SENSORY_DISABILITY: "《法律援助法》第二十五条第一款第二项",
    G.MENTAL_CAPACITY: "《法律援助法》第二十五条第一款第三项",
    G.LIFE_OR_DEATH: "《法律援助法》第二十五条第一款第四项",
    G.DEATH_REVIEW: "《法律援助法》第二十五条第一款第五项",
    G.IN_ABSENTIA: "《法律援助法》第二十五条第一款第六项",
    G.OTHER: "《法律援助法》第二十五条第一款第七项",
}


def notice(*grounds: str, **kwargs: bool) -> NotifiedFacts:
    return NotifiedFacts(grounds=frozenset(grounds), **kwargs)


@pytest.mark.parametrize(("ground", "article"), ARTICLE_25_1.items(), ids=lambda v: str(v))
def test_article_25_1_grounds_are_mandatory(ground: str, article: str) -> None:
    result = notified_requirements(notice(ground))
    assert result.mandatory is True
    assert result.reasons[0].code == "notified_ground"
    assert result.reasons[0].article == article


def test_article_25_2_is_discretionary() -> None:
    result = notified_requirements(notice(G.DISCRETIONARY))
    assert result.mandatory is False
    assert [r.article for r in result.reasons] == ["《法律援助法》第二十五条第二款"]
    assert (result.senior_years, result.minors_specialist) == (None, False)
    # A mandatory ground beside it makes the case mandatory.
    assert notified_requirements(notice(G.DISCRETIONARY, G.IN_ABSENTIA)).mandatory is True


def test_article_28_compulsory_treatment_is_mandatory() -> None:
    result = notified_requirements(notice(G.COMPULSORY_TREATMENT))
    assert result.mandatory is True
    assert result.reasons[0].article == "《法律援助法》第二十八条"
    assert result.senior_years is None


@pytest.mark.parametrize("ground", list(G), ids=lambda v: str(v))
def test_senior_years_only_for_life_or_death_and_death_review(ground: str) -> None:
    result = notified_requirements(notice(ground))
    senior = ground in {G.LIFE_OR_DEATH, G.DEATH_REVIEW}
    assert result.senior_years == (3 if senior else None)
    codes = [reason.code for reason in result.reasons]
    assert ("senior_counsel" in codes) is senior
    if senior:
        reason = next(r for r in result.reasons if r.code == "senior_counsel")
        assert reason.article == "《法律援助法》第二十六条"
        assert "3年以上" in reason.text
        assert notified_requirements(notice(ground), senior_min_years=5).senior_years == 5


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (notice(G.MINOR), True),
        (notice(G.LIFE_OR_DEATH, is_minor=True), True),
        (notice(G.DISCRETIONARY, is_minor=True), True),
        (notice(G.SENSORY_DISABILITY), False),
        (notice(G.COMPULSORY_TREATMENT), False),
    ],
    ids=["ground-minor", "is_minor-life", "is_minor-discretionary", "adult", "treatment"],
)
def test_minors_specialist(facts: NotifiedFacts, expected: bool) -> None:
    result = notified_requirements(facts)
    assert result.minors_specialist is expected
    articles = [reason.article for reason in result.reasons]
    assert ("《未成年人保护法》第一百零四条第二款" in articles) is expected


def test_has_defender_is_not_mandatory_and_keeps_the_right_to_choose() -> None:
    result = notified_requirements(notice(G.LIFE_OR_DEATH, G.MINOR, has_defender=True, is_minor=True))
    assert result.mandatory is False
    assert result.reasons[0].code == "has_defender"
    assert result.reasons[0].article == "《法律援助法》第二十七条"
    assert "辩护人" in result.reasons[0].text
    assert (result.senior_years, result.minors_specialist) == (None, False)
    treatment = notified_requirements(notice(G.COMPULSORY_TREATMENT, has_defender=True))
    assert treatment.mandatory is False
    assert "诉讼代理人" in treatment.reasons[0].text


def test_reasons_follow_the_order_of_the_statute() -> None:
    result = notified_requirements(notice(G.DEATH_REVIEW, G.MINOR, G.SENSORY_DISABILITY))
    assert [reason.article for reason in result.reasons] == [
        "《法律援助法》第二十五条第一款第一项",
        "《法律援助法》第二十五条第一款第二项",
        "《法律援助法》第二十五条第一款第五项",
        "《法律援助法》第二十六条",
        "《未成年人保护法》第一百零四条第二款",
    ]


def test_empty_or_unknown_grounds_raise() -> None:
    with pytest.raises(DomainError) as raised:
        notified_requirements(notice())
    assert raised.value.field == "grounds"
    assert raised.value.code == "no_notified_ground"
    with pytest.raises(DomainError) as unknown:
        notified_requirements(notice("juvenile"))
    assert unknown.value.field == "grounds"
    with pytest.raises(DomainError) as years:
        notified_requirements(notice(G.LIFE_OR_DEATH), senior_min_years=0)
    assert years.value.field == "senior_min_years"
