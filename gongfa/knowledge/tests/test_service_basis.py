"""The services line of an answer (可以办理的服务 … 依据) names each article once (issue #16 item 14)."""

import pytest

from gongfa.knowledge.qa import merge_bases, suggest_services


@pytest.mark.parametrize(
    ("bases", "line"),
    [
        (["《法律援助法》第三十一条、第四十二条", "《法律援助法》第三十一条"], "《法律援助法》第三十一条、第四十二条"),
        (
            ["《人民调解法》第四条、第三十一条、第三十三条", "《人民调解法》第二条、第四条"],
            "《人民调解法》第四条、第三十一条、第三十三条、第二条",
        ),
        (
            ["《仲裁法》第四条；《劳动争议调解仲裁法》第五条", "《劳动争议调解仲裁法》第五条、第二十七条"],
            "《仲裁法》第四条；《劳动争议调解仲裁法》第五条、第二十七条",
        ),
        (["司法部指导意见", "司法部指导意见"], "司法部指导意见"),
        ([], ""),
    ],
)
def test_merge_bases(bases, line):
    assert merge_bases(bases) == line


@pytest.mark.django_db
def test_wages_after_a_traffic_accident_name_article_31_once():
    suggestions = suggest_services("车祸受伤后单位还拖欠工资", "traffic_accident")
    legal_aid = next(s for s in suggestions if s.code == "legal_aid")
    assert legal_aid.basis == "《法律援助法》第三十一条、第四十二条"
    assert legal_aid.basis.count("第三十一条") == 1


@pytest.mark.django_db
def test_a_neighbour_dispute_names_each_mediation_article_once():
    suggestions = suggest_services("邻居占了我家宅基地", "real_estate")
    mediation = next(s for s in suggestions if s.code == "mediation")
    articles = mediation.basis.removeprefix("《人民调解法》").split("、")
    assert len(articles) == len(set(articles)) and "第四条" in articles and "第二条" in articles
