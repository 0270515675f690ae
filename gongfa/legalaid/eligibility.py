"""Legal-aid eligibility engine (法律援助资格审查建议): pure functions, no database.

`assess()` turns the facts of one application (依申请, rules.md §1.4–1.6) and the hardship
standard in force (经济困难标准, §1.5 / §6 `la.hardship.region_rule`) into a proposal: eligible,
not eligible or needs review, with every reason in plain Chinese and the article behind it. The
reviewer reads the reasons, and the same sentences go into the decision or the one-time
supplement notice (一次性告知, 第43条).

`notified_requirements()` does the same for notified defence and representation (通知辩护/代理,
第25–28条): whether the agency must assign, and what the assignee needs.

Services convert model rows into the frozen dataclasses below; nothing here reads the database,
the clock or settings, so the result depends on the arguments only (deterministic, cacheable and
cheap enough for batch re-assessment).
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Final

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import ALL_SPECIAL_GROUPS, SpecialGroup
from gongfa.core.errors import DomainError
from gongfa.core.i18n import Label, stored_text
from gongfa.legalaid.choices import (
    ExemptGroup,
    HardshipBasis,
    IncomeUnit,
    MaterialKind,
    MatterCondition,
    NotifiedGround,
    ProposalOutcome,
    VerificationMethod,
)

DATA_FILE: Final = Path(__file__).resolve().parent / "data" / "matters.json"
CENT: Final = Decimal("0.01")
LAW: Final = "《法律援助法》"


class ReasonCode:
    """Stable machine codes of `Reason.code` (not a model field, so plain constants)."""

    FOREIGN: Final = "foreign"
    HAS_AGENT: Final = "has_agent"
    RETRIAL_NOT_STARTED: Final = "retrial_not_started"
    NO_MEANS_TEST: Final = "no_means_test"
    EXEMPT_GROUP: Final = "exempt_group"
    MISSING_EXEMPT_PROOF: Final = "missing_exempt_proof"
    EXEMPT_GROUP_NOT_APPLICABLE: Final = "exempt_group_not_applicable"
    NO_STANDARD: Final = "no_standard"
    STANDARD_UNVERIFIED: Final = "standard_unverified"
    LOW_INCOME_HOUSEHOLD: Final = "low_income_household"
    MISSING_LOW_INCOME_CERTIFICATE: Final = "missing_low_income_certificate"
    MISSING_INCOME: Final = "missing_income"
    CREDIT_COMMITMENT_BARRED: Final = "credit_commitment_barred"
    CREDIT_COMMITMENT: Final = "credit_commitment"
    INCOME_WITHIN: Final = "income_within"
    INCOME_ABOVE: Final = "income_above"
    OTHER_REASONS: Final = "other_reasons"
    PRIORITY: Final = "priority"
    OUTSIDE_CATALOGUE: Final = "outside_catalogue"
    # Notified route (通知辩护/代理).
    NOTIFIED_GROUND: Final = "notified_ground"
    HAS_DEFENDER: Final = "has_defender"
    SENIOR_COUNSEL: Final = "senior_counsel"
    MINORS_SPECIALIST: Final = "minors_specialist"


# ---------------------------------------------------------------------------------------------
# Data shapes.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MatterRule:
    """One entry of the matter catalogue (法律援助事项目录, §6 `la.means_tested_matters[]` /
    `la.no_means_test_matters[]`)."""

    code: str
    name: str
    condition: str
    article: str
    exempt_groups: frozenset[str] = frozenset()
    requires_retrial_started: bool = False
    other_reasons_review: bool = False
    criminal: bool = False
    region_code: str = ""
    individual_income_when_opponent_co_resident: bool = False


@dataclass(frozen=True, slots=True)
class HardshipRule:
    """One region's hardship standard in force (经济困难标准, 第34条; §6 `la.hardship.region_rule`).

    `monthly_threshold` is already resolved to yuan per person (or per individual) per month, see
    `resolve_threshold()`; it is None for the low-income-household basis (低收入家庭认定)."""

    region_name: str
    basis: str
    monthly_threshold: Decimal | None
    income_unit: str = IncomeUnit.HOUSEHOLD_PER_CAPITA
    switch_to_individual: bool = True
    effective_from: datetime.date | None = None
    verified: bool = True
    source: str = ""
    credit_commitment_allowed: bool = True


@dataclass(frozen=True, slots=True)
class ApplicationFacts:
    """What the application says (申请事项、经济状况、核查方式), converted from the models."""

    matter: MatterRule
    has_agent: bool = False
    retrial_started: bool = False
    other_reasons: str = ""
    exempt_group: str = ""
    exempt_proof: bool = False
    household_size: int | None = None
    household_monthly_income: Decimal | None = None
    applicant_monthly_income: Decimal | None = None
    opponent_co_resident: bool = False
    verification: str = ""
    credit_commitment_barred: bool = False
    low_income_certificate: bool = False
    is_foreign: bool = False
    special_groups: int = 0  # gongfa.core.choices.SpecialGroup flags (rules.md §1.4(d) priority)


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of a proposal (审查理由): a code, one Chinese sentence, and its article."""

    code: str
    text: str
    article: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """The engine's proposal (审查建议); the agency still decides (第43条)."""

    outcome: str
    reasons: tuple[Reason, ...]
    hardship_checked: bool
    verification_exempt: bool
    means_test_applies: bool
    missing: tuple[str, ...]
    per_capita_income: Decimal | None = None
    threshold: Decimal | None = None
    # The whole basis (依据) of the outcome, in citing order: the article that brings the matter
    # within legal aid (第24、29、31–33条 or the regional rule), the means-test article (第34条) or
    # the exemption (第42条) where the hardship stage was reached, and the decisive reason's own.
    basis: tuple[str, ...] = ()

    @property
    def decisive(self) -> Reason:
        """The reason that settles the outcome (the first one; cautions and priority come after)."""
        return self.reasons[0]


@dataclass(frozen=True, slots=True)
class NotifiedFacts:
    """A notice from a court, procuratorate or police (通知辩护/通知代理, 第25、28、36条)."""

    grounds: frozenset[str]
    has_defender: bool = False
    is_minor: bool = False


@dataclass(frozen=True, slots=True)
class ProviderRequirements:
    """What a notified case needs from the agency (指派要求)."""

    mandatory: bool
    senior_years: int | None
    minors_specialist: bool
    reasons: tuple[Reason, ...]


# ---------------------------------------------------------------------------------------------
# Articles and labels. Article strings follow the statute's own numbering in Chinese numerals.
# ---------------------------------------------------------------------------------------------
ART_FOREIGN: Final = f"{LAW}第六十九条"
ART_RETRIAL: Final = f"{LAW}第三十三条"
ART_STANDARD: Final = f"{LAW}第三十四条"
ART_STATEMENT: Final = f"{LAW}第四十一条第一款"
ART_VERIFICATION: Final = f"{LAW}第四十一条第二款"
ART_OTHER_REASONS: Final = f"{LAW}第二十四条"
ART_SENIOR: Final = f"{LAW}第二十六条"
ART_CHOOSE_COUNSEL: Final = f"{LAW}第二十七条"
ART_MINORS: Final = "《未成年人保护法》第一百零四条第二款"

EXEMPT_ARTICLES: Final[dict[str, str]] = {
    ExemptGroup.NO_FIXED_INCOME: f"{LAW}第四十二条第一项",
    ExemptGroup.SOCIAL_ASSISTANCE: f"{LAW}第四十二条第二项",
    ExemptGroup.MIGRANT_WORKER: f"{LAW}第四十二条第三项",
}
# A group added by a regional rule falls under 第42条第四项 (法律、法规、规章规定的其他人员).
EXEMPT_OTHER_ARTICLE: Final = f"{LAW}第四十二条第四项"
EXEMPT_SHORT: Final[dict[str, str]] = {
    ExemptGroup.NO_FIXED_INCOME: "无固定生活来源的未成年人、老年人、残疾人等特定群体",
    ExemptGroup.SOCIAL_ASSISTANCE: "社会救助、司法救助或者优抚对象",
    ExemptGroup.MIGRANT_WORKER: "进城务工人员",
}

# Priority is not exemption (rules.md §1.4(d)). The groups are the one list of special groups
# (SpecialGroup flags); those a law gives legal-aid priority carry that law's article, the others
# (农民工、困难群众、下岗失业人员) are recorded for service statistics and give no priority reason.
PRIORITY_ARTICLES: Final[dict[int, str]] = {
    SpecialGroup.MILITARY_FAMILY: "《军人地位和权益保障法》第六十一条",
    SpecialGroup.VETERAN: "《退役军人保障法》第七十条",
    SpecialGroup.ELDERLY: "《老年人权益保障法》第五十六条",
    SpecialGroup.DISABLED: "《残疾人保障法》第六十条",
    SpecialGroup.WOMEN: "《妇女权益保障法》第七十二条",
    SpecialGroup.MINOR: "《未成年人保护法》第一百零四条",
}
# Reasons are immutable, so each priority reason is built once (in the list's order: stable output).
PRIORITY_REASONS: Final[dict[int, Reason]] = {
    int(group.value): Reason(
        ReasonCode.PRIORITY,
        f"申请人属于{stored_text(group.label)}，依法优先办理法律援助（优先办理不免除经济困难条件的审查）。",
        PRIORITY_ARTICLES[group.value],
    )
    for group in SpecialGroup
    if group.value in PRIORITY_ARTICLES
}

# A matter outside the catalogue (事项目录): what the catalogue rests on is named in the refusal.
OUTSIDE_CATALOGUE: Final = "outside_catalogue"
ART_CATALOGUE: Final = f"{LAW}第二十四条、第二十九条、第三十一条、第三十二条、第三十三条"
OUTSIDE_CATALOGUE_NAME: Final = "不属于法律援助事项目录的事项"
OUTSIDE_CATALOGUE_MATTER: Final = MatterRule(
    code=OUTSIDE_CATALOGUE, name=OUTSIDE_CATALOGUE_NAME, condition=MatterCondition.MEANS_TESTED, article=ART_CATALOGUE
)

NOTIFIED_ARTICLES: Final[dict[str, str]] = {
    NotifiedGround.MINOR: f"{LAW}第二十五条第一款第一项",
    NotifiedGround.SENSORY_DISABILITY: f"{LAW}第二十五条第一款第二项",
    NotifiedGround.MENTAL_CAPACITY: f"{LAW}第二十五条第一款第三项",
    NotifiedGround.LIFE_OR_DEATH: f"{LAW}第二十五条第一款第四项",
    NotifiedGround.DEATH_REVIEW: f"{LAW}第二十五条第一款第五项",
    NotifiedGround.IN_ABSENTIA: f"{LAW}第二十五条第一款第六项",
    NotifiedGround.OTHER: f"{LAW}第二十五条第一款第七项",
    NotifiedGround.DISCRETIONARY: f"{LAW}第二十五条第二款",
    NotifiedGround.COMPULSORY_TREATMENT: f"{LAW}第二十八条",
}
_MUST: Final = "没有委托辩护人的，应当通知法律援助机构指派律师担任辩护人。"
NOTIFIED_TEXT: Final[dict[str, Label]] = {
    NotifiedGround.MINOR: f"犯罪嫌疑人、被告人是未成年人，{_MUST}",
    NotifiedGround.SENSORY_DISABILITY: f"犯罪嫌疑人、被告人是视力、听力、言语残疾人，{_MUST}",
    NotifiedGround.MENTAL_CAPACITY: f"犯罪嫌疑人、被告人是不能完全辨认自己行为的成年人，{_MUST}",
    NotifiedGround.LIFE_OR_DEATH: f"犯罪嫌疑人、被告人可能被判处无期徒刑、死刑，{_MUST}",
    NotifiedGround.DEATH_REVIEW: f"死刑复核案件被告人申请法律援助，{_MUST}",
    NotifiedGround.IN_ABSENTIA: f"缺席审判案件的被告人，{_MUST}",
    NotifiedGround.OTHER: f"犯罪嫌疑人、被告人属于法律法规规定的其他人员，{_MUST}",
    NotifiedGround.DISCRETIONARY: (
        _(
            "其他适用普通程序审理的刑事案件，被告人没有委托辩护人的，人民法院可以通知指派律师担任辩护人，"
            "不属于应当指派的情形。"
        )
    ),
    NotifiedGround.COMPULSORY_TREATMENT: (
        _("强制医疗案件的被申请人或者被告人没有委托诉讼代理人的，人民法院应当通知法律援助机构指派律师提供法律援助。")
    ),
}
NOTIFIED_ORDER: Final = tuple(NotifiedGround.values)
MANDATORY_GROUNDS: Final = frozenset(NOTIFIED_ORDER) - {NotifiedGround.DISCRETIONARY}
SENIOR_GROUNDS: Final = frozenset({NotifiedGround.LIFE_OR_DEATH, NotifiedGround.DEATH_REVIEW})

CONDITIONS: Final = frozenset(MatterCondition.values)
# Plain strings, not enum members: proposals compare, hash and serialise as ordinary values.
ELIGIBLE: Final[str] = ProposalOutcome.ELIGIBLE.value
NOT_ELIGIBLE: Final[str] = ProposalOutcome.NOT_ELIGIBLE.value
NEEDS_REVIEW: Final[str] = ProposalOutcome.NEEDS_REVIEW.value
VERIFICATIONS: Final = frozenset(["", *VerificationMethod.values])
BASIS_LABELS: Final[dict[str, str]] = {str(value): str(label) for value, label in HardshipBasis.choices}


# ---------------------------------------------------------------------------------------------
# Input checks (also used by forms and services before they save anything).
# ---------------------------------------------------------------------------------------------
INCOME_LABELS: Final[dict[str, Label]] = {
    "household_monthly_income": _("家庭月收入"),
    "applicant_monthly_income": _("申请人个人月收入"),
}


def _money(value: object, field: str) -> Decimal | None:
    """str / int / Decimal (or a finite float) → a non-negative Decimal; None stays None."""
    if value is None:
        return None
    if type(value) is Decimal:  # the common case first: services pass Decimals
        amount = value
    elif isinstance(value, bool):  # bool is an int, but True yuan is a data error
        amount = Decimal("NaN")
    elif isinstance(value, int | str):
        try:
            amount = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            amount = Decimal("NaN")
    elif isinstance(value, float | Decimal):
        # repr() of a float is its shortest round-trip form: 1200.5 → "1200.5", not the binary tail.
        amount = Decimal(repr(value)) if isinstance(value, float) else value
    else:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0:
        raise DomainError(
            gettext("{value}应为不小于0的金额（元）。").format(value=INCOME_LABELS[field]),
            code="invalid_income",
            field=field,
        )
    return amount


def _size(value: object) -> int | None:
    """A household size (家庭人口数): an integer ≥ 1 (int, or a str/Decimal holding one)."""
    if value is None:
        return None
    size: int | None = None
    if type(value) is int:
        size = value
    elif isinstance(value, str) and value.strip().isdecimal():  # not isdigit(): int("²") fails
        size = int(value.strip())
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        size = int(value)
    if size is None or size < 1:
        raise DomainError(
            gettext("家庭人口数应为不小于1的整数。"), code="invalid_household_size", field="household_size"
        )
    return size


def _clean_inputs(
    household_size: object, household_monthly_income: object, applicant_monthly_income: object
) -> tuple[int | None, Decimal | None, Decimal | None]:
    size = _size(household_size)
    household = _money(household_monthly_income, "household_monthly_income")
    applicant = _money(applicant_monthly_income, "applicant_monthly_income")
    if household is not None and applicant is not None and applicant > household:
        raise DomainError(
            gettext("申请人个人月收入不能高于家庭月收入（家庭月收入包括申请人本人的收入）。"),
            code="applicant_income_above_household",
            field="applicant_monthly_income",
        )
    return size, household, applicant


def validate_income_inputs(
    household_size: int | str | Decimal | None,
    household_monthly_income: Decimal | int | str | float | None,
    applicant_monthly_income: Decimal | int | str | float | None,
) -> None:
    """Check the income figures of a hardship statement (经济困难状况说明); raise DomainError
    with a Chinese message and the field at fault. None means "not given yet" and passes."""
    _clean_inputs(household_size, household_monthly_income, applicant_monthly_income)


def _threshold_error(message: str, field: str) -> DomainError:
    return DomainError(message, code="invalid_threshold", field=field)


def _positive(value: object, field: str, label: str) -> Decimal:
    """A configured amount or multiplier: a finite number > 0."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        amount = Decimal("NaN")
    if isinstance(value, bool | float) or not amount.is_finite() or amount <= 0:
        raise _threshold_error(gettext("{label}应为大于0的数。").format(label=label), field)
    return amount


def resolve_threshold(
    basis: str, *, base_amount: Decimal | None, multiplier: Decimal | None, fixed_amount: Decimal | None
) -> Decimal | None:
    """The monthly threshold in yuan (经济困难标准金额) of a region rule (§6 `la.hardship.region_rule`):
    min_wage = base × (multiplier or 1) (最低工资标准); dibao_multiple = base × multiplier
    (低保标准的倍数); fixed_amount = the amount (固定金额); low_income_household = None (a
    certificate decides, not a number). Rounded to 0.01 yuan, half up. Bad combinations raise
    DomainError naming the field."""
    given = {"base_amount": base_amount, "multiplier": multiplier, "fixed_amount": fixed_amount}
    labels = {"base_amount": "基准金额", "multiplier": "倍数", "fixed_amount": "固定金额"}
    allowed: dict[str, tuple[str, ...]] = {
        HardshipBasis.MIN_WAGE: ("base_amount", "multiplier"),
        HardshipBasis.DIBAO_MULTIPLE: ("base_amount", "multiplier"),
        HardshipBasis.FIXED_AMOUNT: ("fixed_amount",),
        HardshipBasis.LOW_INCOME_HOUSEHOLD: (),
    }
    if basis not in allowed:
        raise _threshold_error(gettext("经济困难标准的依据不在可选范围内。"), "basis")
    for field, value in given.items():
        if value is not None and field not in allowed[basis]:
            raise _threshold_error(
                gettext("以“{value}”为经济困难标准时不应填写{value2}。").format(
                    value=BASIS_LABELS[basis], value2=labels[field]
                ),
                field,
            )

    if basis == HardshipBasis.LOW_INCOME_HOUSEHOLD:
        return None
    if basis == HardshipBasis.FIXED_AMOUNT:
        if fixed_amount is None:
            raise _threshold_error(gettext("以固定金额为经济困难标准时，须填写固定金额。"), "fixed_amount")
        amount = _positive(fixed_amount, "fixed_amount", gettext("固定金额"))
    else:
        base_label = gettext("最低工资标准") if basis == HardshipBasis.MIN_WAGE else gettext("最低生活保障标准")
        if base_amount is None:
            raise _threshold_error(
                gettext("以{value}为经济困难标准时，须填写{base_label}金额。").format(
                    value=BASIS_LABELS[basis], base_label=base_label
                ),
                "base_amount",
            )
        amount = _positive(base_amount, "base_amount", f"{base_label}金额")
        if multiplier is not None:
            amount *= _positive(multiplier, "multiplier", gettext("倍数"))
        elif basis == HardshipBasis.DIBAO_MULTIPLE:  # a bare 低保 amount is not a multiple: say which
            raise _threshold_error(gettext("以最低生活保障标准的倍数为经济困难标准时，须填写倍数。"), "multiplier")
    return amount.quantize(CENT, ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# The matter catalogue.
# ---------------------------------------------------------------------------------------------
def _matter_from_json(entry: dict[str, object]) -> MatterRule:
    groups = entry.get("exempt_groups", [])
    if not isinstance(groups, list):
        raise ValueError(f"matters.json: exempt_groups of {entry.get('code')!r} must be a list")
    matter = MatterRule(
        code=str(entry["code"]),
        name=str(entry["name"]),
        condition=str(entry["condition"]),
        article=str(entry["article"]),
        exempt_groups=frozenset(str(group) for group in groups),
        requires_retrial_started=bool(entry.get("requires_retrial_started", False)),
        other_reasons_review=bool(entry.get("other_reasons_review", False)),
        criminal=bool(entry.get("criminal", False)),
        region_code=str(entry.get("region_code", "")),
        individual_income_when_opponent_co_resident=bool(
            entry.get("individual_income_when_opponent_co_resident", False)
        ),
    )
    if matter.condition not in CONDITIONS or not matter.exempt_groups <= set(ExemptGroup.values):
        raise ValueError(f"matters.json: bad condition or exempt group in {matter.code!r}")
    return matter


@functools.cache
def _national_matters() -> tuple[MatterRule, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    matters = tuple(_matter_from_json(entry) for entry in data["matters"])
    if len({matter.code for matter in matters}) != len(matters):
        raise ValueError("matters.json: duplicate matter codes")
    return matters


def national_matters() -> list[MatterRule]:
    """The national catalogue (全国法律援助事项目录) from data/matters.json, read once."""
    return list(_national_matters())


def national_matter(code: str) -> MatterRule:
    """One national matter by code; DomainError when the catalogue has no such matter."""
    for matter in _national_matters():
        if matter.code == code:
            return matter
    raise DomainError(gettext("申请事项不在法律援助事项目录中。"), code="unknown_matter", field="matter")


# ---------------------------------------------------------------------------------------------
# assess(): the application route (依申请).
# ---------------------------------------------------------------------------------------------
def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}元"


def _agent_word(matter: MatterRule) -> str:
    """The statute's own word for the representative the applicant must not already have."""
    if matter.other_reasons_review:  # 第24条: 辩护人
        return "辩护人"
    if matter.criminal:  # 第29条: 诉讼代理人
        return "诉讼代理人"
    if matter.requires_retrial_started:  # 第33条
        return "辩护人或者诉讼代理人"
    return "代理人"


def _priority_reasons(groups: int) -> list[Reason]:
    if not groups:
        return []
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 0 or groups & ~ALL_SPECIAL_GROUPS:
        raise DomainError(gettext("特殊群体不在可选范围内。"), code="invalid_special_group", field="special_groups")
    return [reason for group, reason in PRIORITY_REASONS.items() if group & groups]


def _unique(articles: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(article for article in articles if article))


def cite(articles: list[str] | tuple[str, ...]) -> str:
    """Articles as one citation, each law named once: [《法律援助法》第三十一条第五项,
    《法律援助法》第三十四条, 《法律援助法》第四十三条] → 《法律援助法》第三十一条第五项、第三十四条、第四十三条."""
    parts: list[str] = []
    law = ""
    for article in _unique(list(articles)):
        head, sep, rest = article.partition("》")
        if sep and head + sep == law:
            parts.append("、" + rest)
        else:
            law = head + sep if sep else ""
            parts.append(("、" if parts else "") + article)
    return "".join(parts)


def _proposal(
    outcome: str,
    reasons: list[Reason],
    facts: ApplicationFacts,
    *,
    means_test: bool = True,
    hardship_checked: bool = False,
    verification_exempt: bool = False,
    missing: tuple[str, ...] = (),
    figure: Decimal | None = None,
    threshold: Decimal | None = None,
    means_article: str = "",
) -> Proposal:
    """`means_article`: 第34条 (the means test) or the 第42条 item (the exemption) where the
    hardship stage was reached; '' for the early answers (第32条 matters, an agent already
    retained, retrial not started, a foreign applicant), which rest on their own article."""
    basis = _unique([facts.matter.article, means_article, reasons[0].article])
    reasons.extend(_priority_reasons(facts.special_groups))
    return Proposal(
        outcome=outcome,
        reasons=tuple(reasons),
        hardship_checked=hardship_checked,
        verification_exempt=verification_exempt,
        means_test_applies=means_test,
        missing=missing,
        per_capita_income=figure,
        threshold=threshold,
        basis=basis,
    )


def assess(facts: ApplicationFacts, rule: HardshipRule | None) -> Proposal:
    """Propose a review outcome (审查建议) for one application under the region's hardship
    standard `rule` (None: the region has not set one). Pure: raises DomainError on bad input."""
    matter = facts.matter
    size, household, applicant = _clean_inputs(
        facts.household_size, facts.household_monthly_income, facts.applicant_monthly_income
    )
    if matter.condition not in CONDITIONS:
        raise DomainError(gettext("申请事项的经济困难条件设置有误。"), code="invalid_matter", field="matter")
    if facts.verification not in VERIFICATIONS:
        raise DomainError(
            gettext("经济困难状况核查方式不在可选范围内。"), code="invalid_verification", field="verification"
        )
    means_test = matter.condition == MatterCondition.MEANS_TESTED
    needs_review, eligible, not_eligible = NEEDS_REVIEW, ELIGIBLE, NOT_ELIGIBLE

    # Outside the catalogue (第24、29、31–33条 and the regional rules): refused, the catalogue named.
    if matter.code == OUTSIDE_CATALOGUE:
        text = (
            "申请事项不属于《法律援助法》第二十四条、第二十九条、第三十一条至第三十三条规定的法律援助事项，"
            "也不属于本地区法规、规章规定的其他情形，不符合法律援助条件。"
        )
        reason = Reason(ReasonCode.OUTSIDE_CATALOGUE, text, ART_CATALOGUE)
        return _proposal(not_eligible, [reason], facts, means_test=False)

    # 第69条: whether the Law applies at all depends on law, treaty or reciprocity: a person decides.
    if facts.is_foreign:
        text = "申请人为外国人或者无国籍人，须根据我国法律、缔结或者参加的国际条约或者互惠原则审查能否提供法律援助。"
        return _proposal(needs_review, [Reason(ReasonCode.FOREIGN, text, ART_FOREIGN)], facts, means_test=means_test)

    if facts.has_agent:
        word = _agent_word(matter)
        text = f"申请人已委托{word}，不符合“没有委托{word}”的申请条件。"
        return _proposal(
            not_eligible, [Reason(ReasonCode.HAS_AGENT, text, matter.article)], facts, means_test=means_test
        )

    if matter.requires_retrial_started and not facts.retrial_started:
        text = (
            "申诉、申请再审案件须在人民法院决定、裁定再审或者人民检察院提出抗诉后才能申请法律援助，目前尚未启动再审。"
        )
        reason = Reason(ReasonCode.RETRIAL_NOT_STARTED, text, ART_RETRIAL)
        return _proposal(not_eligible, [reason], facts, means_test=means_test)

    # 第32条 (§1.4(b)): income is not looked at, whatever was declared.
    if not means_test:
        text = f"申请事项属于{matter.name}，申请法律援助不受经济困难条件的限制，无需审查经济困难状况。"
        return _proposal(eligible, [Reason(ReasonCode.NO_MEANS_TEST, text, matter.article)], facts, means_test=False)

    # Notes that qualify the decisive reason; the decisive reason always comes first.
    notes: list[Reason] = []
    group = facts.exempt_group
    if group:
        article = EXEMPT_ARTICLES.get(group, EXEMPT_OTHER_ARTICLE)
        label = EXEMPT_SHORT.get(group, group)
        if group in matter.exempt_groups:
            if facts.exempt_proof:  # 第42条 (§1.4(c)): proof of status replaces the hardship check
                text = f"申请事项属于{matter.name}，申请人为{label}并已提供证明，免予核查经济困难状况。"
                reason = Reason(ReasonCode.EXEMPT_GROUP, text, article)
                return _proposal(eligible, [reason], facts, verification_exempt=True, means_article=article)
            text = f"申请人称属于{label}，但尚未提供证明材料；提供证明后免予核查经济困难状况。"
            reason = Reason(ReasonCode.MISSING_EXEMPT_PROOF, text, article)
            missing = (MaterialKind.EXEMPT_PROOF.value,)
            return _proposal(needs_review, [reason], facts, missing=missing, means_article=article)
        text = (
            f"申请人称属于{label}，但该群体免予核查经济困难状况的规定不适用于本申请事项（{matter.name}），"
            "仍须审查经济困难状况。"
        )
        notes.append(Reason(ReasonCode.EXEMPT_GROUP_NOT_APPLICABLE, text, article))

    if rule is None or (rule.basis != HardshipBasis.LOW_INCOME_HOUSEHOLD and rule.monthly_threshold is None):
        text = "本地区尚未设定经济困难标准，须人工审查申请人的经济困难状况。"
        reasons = [Reason(ReasonCode.NO_STANDARD, text, ART_STANDARD), *notes]
        return _proposal(needs_review, reasons, facts, means_article=ART_STANDARD)

    if not rule.verified:  # ⚠ data: the outcome stands, the reviewer is warned
        source = f"（{rule.source}）" if rule.source else ""
        text = f"{rule.region_name}经济困难标准{source}尚未核对官方文本，请在作出决定前核实。"
        caution = [Reason(ReasonCode.STANDARD_UNVERIFIED, text, "")]
    else:
        caution = []

    if rule.basis == HardshipBasis.LOW_INCOME_HOUSEHOLD:
        if facts.low_income_certificate:
            text = "申请人已提供低收入家庭认定证明，符合本地区经济困难标准（低收入家庭认定）。"
            reasons = [Reason(ReasonCode.LOW_INCOME_HOUSEHOLD, text, ART_STANDARD), *notes, *caution]
            return _proposal(eligible, reasons, facts, hardship_checked=True, means_article=ART_STANDARD)
        text = "本地区以低收入家庭认定为经济困难标准，申请人尚未提供认定证明，须补充经济困难状况说明及相关证明。"
        reasons = [Reason(ReasonCode.MISSING_LOW_INCOME_CERTIFICATE, text, ART_STANDARD), *notes, *caution]
        missing = (MaterialKind.HARDSHIP_STATEMENT.value,)
        return _proposal(needs_review, reasons, facts, missing=missing, means_article=ART_STANDARD)

    # 2012 Rules 第15条 (◐/⚠): when the opponent lives with the applicant, their income is not the applicant's means.
    switched = (
        facts.opponent_co_resident and matter.individual_income_when_opponent_co_resident and rule.switch_to_individual
    )
    individual = switched or rule.income_unit == IncomeUnit.INDIVIDUAL
    figure: Decimal | None = None
    if individual:
        what = needed = "申请人个人月收入"
        if applicant is not None:
            figure = applicant.quantize(CENT, ROUND_HALF_UP)
        if switched:
            what += "（对方当事人为共同生活的家庭成员，只计算申请人本人收入）"
    else:
        what, needed = "家庭人均月收入", "家庭人口数和家庭月收入"
        if household is not None and size is not None:
            figure = (household / size).quantize(CENT, ROUND_HALF_UP)
    if figure is None:
        text = f"尚未说明{needed}，无法按本地区标准审查经济困难状况，请如实填写经济困难状况说明表。"
        reasons = [Reason(ReasonCode.MISSING_INCOME, text, ART_STATEMENT), *notes, *caution]
        missing = (MaterialKind.HARDSHIP_STATEMENT.value,)
        return _proposal(needs_review, reasons, facts, missing=missing, means_article=ART_STANDARD)

    threshold = rule.monthly_threshold
    assert threshold is not None  # checked above (no_standard)
    threshold = threshold.quantize(CENT, ROUND_HALF_UP)
    within = figure <= threshold  # 不高于: exactly the standard is still hardship
    comparison = (
        f"{what}{_yuan(figure)}，{'不高于' if within else '高于'}本地区标准{_yuan(threshold)}"
        f"（{BASIS_LABELS.get(rule.basis, rule.basis)}），{'' if within else '不'}符合经济困难条件。"
    )
    income = Reason(ReasonCode.INCOME_WITHIN if within else ReasonCode.INCOME_ABOVE, comparison, ART_STANDARD)

    def checked(outcome: str, reasons: list[Reason]) -> Proposal:
        return _proposal(
            outcome,
            reasons,
            facts,
            hardship_checked=True,
            figure=figure,
            threshold=threshold,
            means_article=ART_STANDARD,
        )

    commitment: list[Reason] = []
    if facts.verification == VerificationMethod.CREDIT_COMMITMENT:
        if facts.credit_commitment_barred or not rule.credit_commitment_allowed:
            if facts.credit_commitment_barred:  # §6 la.credit_commitment.blocklist (Sichuan ◐)
                text = (
                    "申请人有严重失信记录或者曾作虚假承诺，不适用个人诚信承诺，应当通过信息共享查询核查经济困难状况。"
                )
            else:
                text = "本地区不接受以个人诚信承诺核查经济困难状况，应当通过信息共享查询核查。"
            reasons = [Reason(ReasonCode.CREDIT_COMMITMENT_BARRED, text, ART_VERIFICATION), income, *notes, *caution]
            return checked(needs_review, reasons)
        text = (
            "申请人以个人诚信承诺说明经济困难状况，承诺予以接受并将事后核查；"
            "承诺不实的，终止或者不予法律援助并依法追究责任。"
        )
        commitment.append(Reason(ReasonCode.CREDIT_COMMITMENT, text, ART_VERIFICATION))

    if within:
        return checked(eligible, [income, *notes, *commitment, *caution])
    said = facts.other_reasons.strip()
    if matter.other_reasons_review and said:
        # 第24条 "经济困难或者其他原因": "other reasons" is undefined, so a person weighs them.
        said = said if len(said) <= 60 else said[:60] + "…"
        text = f"申请人说明了没有委托辩护人的其他原因（{said}），须人工审查是否属于“其他原因”。"
        reasons = [Reason(ReasonCode.OTHER_REASONS, text, ART_OTHER_REASONS), income, *notes, *commitment, *caution]
        return checked(needs_review, reasons)
    return checked(not_eligible, [income, *notes, *commitment, *caution])


# ---------------------------------------------------------------------------------------------
# notified_requirements(): the notified route (通知辩护/代理).
# ---------------------------------------------------------------------------------------------
def notified_requirements(facts: NotifiedFacts, *, senior_min_years: int = 3) -> ProviderRequirements:
    """What the agency owes on a notice (通知辩护/代理): whether it must assign (第25条第一款、
    第28条; 第25条第二款 is discretionary), the senior-lawyer rule (第26条, §6
    `la.senior_counsel_min_years`) and a lawyer familiar with minors (《未成年人保护法》第104条)."""
    if not facts.grounds:
        raise DomainError(
            gettext("通知辩护、通知代理至少应有一项通知理由。"), code="no_notified_ground", field="grounds"
        )
    if not facts.grounds <= NOTIFIED_ARTICLES.keys():
        raise DomainError(gettext("通知理由不在可选范围内。"), code="invalid_notified_ground", field="grounds")
    if isinstance(senior_min_years, bool) or not isinstance(senior_min_years, int) or senior_min_years < 1:
        raise DomainError(
            gettext("资深律师执业年限应为不小于1的整数。"), code="invalid_parameter", field="senior_min_years"
        )

    grounds = [
        Reason(ReasonCode.NOTIFIED_GROUND, stored_text(NOTIFIED_TEXT[ground]), NOTIFIED_ARTICLES[ground])
        for ground in NOTIFIED_ORDER
        if ground in facts.grounds
    ]
    if facts.has_defender:
        # 第27条: the notice must not restrict the person's own choice of counsel; nothing to assign.
        word = "诉讼代理人" if facts.grounds == {NotifiedGround.COMPULSORY_TREATMENT} else "辩护人"
        text = f"已有自行委托的{word}，无须指派；通知不得限制或者损害其委托{word}的权利。"
        reason = Reason(ReasonCode.HAS_DEFENDER, text, ART_CHOOSE_COUNSEL)
        return ProviderRequirements(False, None, False, (reason, *grounds))

    reasons = list(grounds)
    senior: int | None = None
    if facts.grounds & SENIOR_GROUNDS:
        senior = senior_min_years
        text = f"可能判处无期徒刑、死刑或者死刑复核的案件，应当指派具有{senior}年以上相关执业经历的律师担任辩护人。"
        reasons.append(Reason(ReasonCode.SENIOR_COUNSEL, text, ART_SENIOR))
    minors = facts.is_minor or NotifiedGround.MINOR in facts.grounds
    if minors:
        text = "受援人是未成年人，应当指派熟悉未成年人身心特点的律师。"
        reasons.append(Reason(ReasonCode.MINORS_SPECIALIST, text, ART_MINORS))
    return ProviderRequirements(
        mandatory=bool(facts.grounds & MANDATORY_GROUNDS),
        senior_years=senior,
        minors_specialist=minors,
        reasons=tuple(reasons),
    )
