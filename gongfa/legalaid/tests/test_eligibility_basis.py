"""Every proposal cites its whole basis (issue #16 item 20): the article that brings the matter
within legal aid (第24、29、31–33条 or the regional rule), beside the means-test article (第34条) or
the exemption (第42条) once the hardship stage is reached; a matter outside the catalogue is refused
with the catalogue's basis named. Each cited article exists in the statute corpus."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongfa.legalaid.eligibility import (
    ART_CATALOGUE,
    OUTSIDE_CATALOGUE_MATTER,
    ApplicationFacts,
    MatterRule,
    assess,
    cite,
    national_matters,
)
from gongfa.legalaid.tests.test_eligibility_matters import LOW_INCOME, MIN_WAGE, POOR, RICH

MATTERS = {matter.code: matter for matter in national_matters()}
LAW = "《法律援助法》"
ART_34 = f"{LAW}第三十四条"
REGIONAL = MatterRule("lost_only_child", "失独家庭请求赔偿", "means_tested", "《某省法律援助条例》第十条")

# (id, matter, facts, standard, outcome, basis)
BASIS_CASES: list[tuple[str, MatterRule, dict[str, Any], Any, str, tuple[str, ...]]] = [
    ("欠薪-收入不高于标准", MATTERS["labour_pay"], POOR, MIN_WAGE, "eligible",
     (f"{LAW}第三十一条第五项", ART_34)),
    ("欠薪-收入高于标准", MATTERS["labour_pay"], RICH, MIN_WAGE, "not_eligible",
     (f"{LAW}第三十一条第五项", ART_34)),
    ("欠薪-农民工免予核查", MATTERS["labour_pay"], {"exempt_group": "migrant_worker", "exempt_proof": True}, MIN_WAGE,
     "eligible", (f"{LAW}第三十一条第五项", f"{LAW}第四十二条第三项")),
    ("欠薪-农民工未交证明", MATTERS["labour_pay"], {"exempt_group": "migrant_worker"}, MIN_WAGE,
     "needs_review", (f"{LAW}第三十一条第五项", f"{LAW}第四十二条第三项")),
    ("欠薪-未说明收入", MATTERS["labour_pay"], {}, MIN_WAGE, "needs_review",
     (f"{LAW}第三十一条第五项", ART_34, f"{LAW}第四十一条第一款")),
    ("欠薪-未设标准", MATTERS["labour_pay"], POOR, None, "needs_review", (f"{LAW}第三十一条第五项", ART_34)),
    ("抚恤金-低收入家庭认定", MATTERS["pension"], {"low_income_certificate": True}, LOW_INCOME, "eligible",
     (f"{LAW}第三十一条第三项", ART_34)),
    ("刑事辩护-其他原因", MATTERS["criminal_defence"], {**RICH, "other_reasons": "被羁押无法联系家属"}, MIN_WAGE,
     "needs_review", (f"{LAW}第二十四条", ART_34)),
    ("被害人-收入不高于标准", MATTERS["criminal_victim"], POOR, MIN_WAGE, "eligible", (f"{LAW}第二十九条", ART_34)),
    ("再审-尚未启动", MATTERS["retrial"], POOR, MIN_WAGE, "not_eligible", (f"{LAW}第三十三条",)),
    ("见义勇为-不受经济困难限制", MATTERS["bravery"], RICH, MIN_WAGE, "eligible", (f"{LAW}第三十二条第二项",)),
    ("已委托代理人", MATTERS["labour_pay"], {**POOR, "has_agent": True}, MIN_WAGE, "not_eligible",
     (f"{LAW}第三十一条第五项",)),
    ("外国人", MATTERS["labour_pay"], {**POOR, "is_foreign": True}, MIN_WAGE, "needs_review",
     (f"{LAW}第三十一条第五项", f"{LAW}第六十九条")),
    ("地方增设事项", REGIONAL, POOR, MIN_WAGE, "eligible", ("《某省法律援助条例》第十条", ART_34)),
    ("目录外事项", OUTSIDE_CATALOGUE_MATTER, POOR, MIN_WAGE, "not_eligible", (ART_CATALOGUE,)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("matter", "facts", "standard", "outcome", "basis"),
    [pytest.param(*case[1:], id=case[0]) for case in BASIS_CASES],
)
def test_each_proposal_cites_the_matter_article_and_the_means_test_or_exemption(
    matter: MatterRule, facts: dict[str, Any], standard: Any, outcome: str, basis: tuple[str, ...]
) -> None:
    proposal = assess(ApplicationFacts(matter=matter, **facts), standard)
    assert proposal.outcome == outcome
    assert proposal.basis == basis
    assert proposal.basis[0] == matter.article  # what brings the matter within legal aid comes first


def test_every_catalogue_matter_reaching_the_means_test_cites_both() -> None:
    for matter in MATTERS.values():
        proposal = assess(ApplicationFacts(matter=matter, retrial_started=True, **POOR), MIN_WAGE)
        if matter.condition == "means_tested":
            assert proposal.basis[:2] == (matter.article, ART_34), matter.code
        else:
            assert proposal.basis == (matter.article,), matter.code


def test_outside_the_catalogue_is_refused_naming_the_catalogue() -> None:
    proposal = assess(ApplicationFacts(matter=OUTSIDE_CATALOGUE_MATTER, **POOR), MIN_WAGE)
    assert proposal.outcome == "not_eligible" and proposal.decisive.code == "outside_catalogue"
    for article in ("第二十四条", "第二十九条", "第三十一条", "第三十二条", "第三十三条"):
        assert article in proposal.decisive.article
    assert "不属于" in proposal.decisive.text and not proposal.hardship_checked


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        ([f"{LAW}第三十一条第五项", ART_34, f"{LAW}第四十三条"], f"{LAW}第三十一条第五项、第三十四条、第四十三条"),
        ([f"{LAW}第二十四条", ART_34, ART_34], f"{LAW}第二十四条、第三十四条"),
        (["《某省法律援助条例》第十条", ART_34], f"《某省法律援助条例》第十条、{ART_34}"),
        ([], ""),
    ],
)
def test_cite_names_each_law_once(articles: list[str], expected: str) -> None:
    assert cite(articles) == expected


@pytest.fixture
def corpus(db, time_machine):
    from gongfa.knowledge.services import import_statutes
    from gongfa.knowledge.sources import bundled_database, read_sqlite

    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC))
    path, source = bundled_database()
    import_statutes(read_sqlite(path), source=source, today=datetime.date(2026, 11, 24))


def test_every_article_a_proposal_or_decision_cites_exists(corpus) -> None:
    """Each national article of the proposals above (and 第43条, under which decisions are made)
    is a current article of the statute corpus (knowledge.citations.check_citations)."""
    from gongfa.knowledge.citations import check_citations

    articles = {article for case in BASIS_CASES for article in case[-1] if article.startswith(LAW)}
    articles |= {matter.article for matter in MATTERS.values()} | {f"{LAW}第四十三条", ART_CATALOGUE}
    for article in sorted(articles):
        checks = check_citations(article)
        assert checks, article
        assert all(check.is_valid for check in checks), [(c.cited, c.verdict) for c in checks]
    assert len(check_citations(ART_CATALOGUE)) == 5


@pytest.mark.django_db
def test_a_matter_outside_the_catalogue_is_registered_and_refused_naming_the_catalogue(network, reviewer, frozen):
    from gongfa.legalaid.models import LegalAidNotice
    from gongfa.legalaid.services import receive_application, refuse
    from gongfa.testing.factories import make_id_number
    from gongfa.workbench.legalaid_forms import StaffApplicationForm

    form = StaffApplicationForm(regions=[], matters=[])
    assert "outside_catalogue" in str(form.fields["matter_code"].choices)  # type: ignore[attr-defined]
    data = {
        "applicant_name": "钱某",
        "id_number": make_id_number(seq=77),
        "phone": "13800138000",
        "matter_code": "outside_catalogue",
        "facts": "请求帮助起草商业合同。",
    }
    application = receive_application(actor=reviewer, region=network.villages[0], data=data)
    assert application.proposal_outcome == "not_eligible" and application.matter_article == ART_CATALOGUE
    refused = refuse(application=application, actor=reviewer, reasons="不属于法律援助事项。")
    notice = refused.notices.get(kind=LegalAidNotice.Kind.REFUSAL)
    assert notice.body["articles"] == [ART_CATALOGUE, f"{LAW}第四十三条"]
    assert notice.body["basis"] == f"{ART_CATALOGUE}、第四十三条"
