"""The pass a document goes through before it is made (生成前核验): the elements the law requires of
its kind are there, the amounts add up, and every article cited in the free text is in force.

The elements by kind, and the article that requires them:
- 起诉状 (民事诉讼法 第一百二十四条): the plaintiff and the defendant, each named with an address;
  the claims; the facts and reasons; the evidence; the court.
- 劳动仲裁申请书 (劳动争议调解仲裁法 第二十八条): the employee and the employer; the claims with
  their facts and reasons; the evidence.
- 答辩状 (民事诉讼法 第一百二十八条): the defendant (答辩人) named with an address; the answer to the
  claims (答辩意见); the court it goes to.
- 离婚协议书 (民法典 第一千零七十六条): both spouses; that both wish to divorce; what they agreed on
  the children, and on the property and the debts.
- 人民调解申请书 (人民调解法 第十七条, the party's right to apply; no article lists an application's
  contents): the applicant; the other party; the facts of the dispute; what is asked.
A definition maps each element to its answers in `layout.elements` (element -> field names; a
group's field as group.field: at least one item must have it).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop

from gongfa.core.errors import Problems
from gongfa.drafting.compute import Computation
from gongfa.drafting.definitions import Definition

ELEMENTS_BY_KIND: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "complaint": (
        "《中华人民共和国民事诉讼法》第一百二十四条",
        (
            ("plaintiff", gettext_noop("原告的姓名和住所")),
            ("defendant", gettext_noop("被告的姓名或者名称、住所")),
            ("claims", gettext_noop("诉讼请求")),
            ("facts", gettext_noop("事实和理由")),
            ("evidence", gettext_noop("证据和证据来源")),
            ("court", gettext_noop("受诉人民法院")),
        ),
    ),
    "arbitration": (
        "《中华人民共和国劳动争议调解仲裁法》第二十八条",
        (
            ("applicant", gettext_noop("劳动者的姓名、性别、年龄、职业、工作单位和住所")),
            ("employer", gettext_noop("用人单位的名称、住所和法定代表人或者主要负责人的姓名")),
            ("claims", gettext_noop("仲裁请求")),
            ("facts", gettext_noop("所根据的事实、理由")),
            ("evidence", gettext_noop("证据和证据来源")),
        ),
    ),
    "defence": (
        "《中华人民共和国民事诉讼法》第一百二十八条",
        (
            ("respondent", gettext_noop("答辩人的姓名和住所")),
            ("responses", gettext_noop("对诉讼请求的答辩意见")),
            ("court", gettext_noop("受诉人民法院")),
        ),
    ),
    "divorce_agreement": (
        "《中华人民共和国民法典》第一千零七十六条",
        (
            ("parties", gettext_noop("男女双方的姓名和公民身份号码")),
            ("consent", gettext_noop("双方自愿离婚的意思表示")),
            ("children", gettext_noop("对子女抚养协商一致的意见")),
            ("property", gettext_noop("对财产以及债务处理协商一致的意见")),
        ),
    ),
    "mediation_application": (
        "《中华人民共和国人民调解法》第十七条",
        (
            ("applicant", gettext_noop("申请人的姓名和住址")),
            ("other_party", gettext_noop("对方当事人")),
            ("facts", gettext_noop("纠纷的主要事实")),
            ("request", gettext_noop("申请调解的事项")),
        ),
    ),
}


def _answered(value: Any) -> bool:
    if value is None or value == "" or value == []:
        return False
    if isinstance(value, Decimal):
        return value > 0
    return True


def _element_present(fields: list[str], answers: dict[str, Any], computation: Computation) -> bool:
    for name in fields:
        group, _, inner = name.partition(".")
        if inner:
            items = computation.groups.get(group) or answers.get(group) or []
            if not any(_answered(item.get(inner)) for item in items):
                return False
        elif not _answered(computation.values.get(name, answers.get(name))):
            return False
    return True


def check_before_output(definition: Definition, answers: dict[str, Any], computation: Computation) -> Problems:
    """Every problem that keeps the document from being made, each with the element or field it is
    about (empty when it may be made)."""
    from gongfa.knowledge.citations import check_citations, law_index

    problems = Problems()
    basis, elements = ELEMENTS_BY_KIND.get(definition.kind, ("", ()))
    mapping = definition.layout.get("elements") or {}
    for element, label in elements:
        fields = mapping.get(element)
        if not fields:
            problems.add(
                element,
                gettext("模板没有指明“{label}”由哪些问题构成，请联系管理员。").format(label=gettext(label)),
                code="template_element_missing",
            )
        elif not _element_present(list(fields), answers, computation):
            problems.add(
                element,
                gettext("缺少{basis}要求的“{label}”。").format(basis=basis, label=gettext(label)),
                code="element_missing",
            )
    laws = None
    for spec in definition.all_fields():
        if spec.type != "textarea":
            continue
        texts = [answers.get(spec.name)] + [
            item.get(spec.name) for group in computation.groups.values() for item in group
        ]
        for text in texts:
            if not isinstance(text, str) or "《" not in text:
                continue
            laws = law_index() if laws is None else laws
            for check in check_citations(text, laws):
                if not check.is_valid:
                    problems.add(
                        spec.name,
                        gettext("“{label}”中引用的{cited}：{verdict}。").format(
                            label=spec.label, cited=check.cited, verdict=check.verdict_label
                        ),
                        code="citation_not_in_force",
                    )
    return problems
