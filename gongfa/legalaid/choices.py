"""Statuses and code lists of legal aid (rules.md §1, §5.2–5.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """States of a legal-aid case (rules.md §5.2 application route, §5.3 notified route)."""

    DRAFT = "draft", _("草稿")
    RECEIVED = "received", _("已受理待审查")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("待补充材料")
    UNDER_REVIEW = "under_review", _("审查中")
    ADVANCE_AID = "advance_aid", _("先行提供援助")
    GRANTED = "granted", _("决定给予援助")
    ASSIGNED = "assigned", _("已指派")
    IN_SERVICE = "in_service", _("承办中")
    CLOSING_REVIEW = "closing_review", _("结案审查")
    CLOSED = "closed", _("已结案")
    REFUSED = "refused", _("决定不予援助")
    TERMINATED = "terminated", _("已终止援助")
    OBJECTION_PENDING = "objection_pending", _("异议审查中")
    OBJECTION_UPHELD = "objection_upheld", _("异议审查维持原决定")
    REDIRECTED = "redirected", _("已告知向有管辖权机构申请")
    WITHDRAWN = "withdrawn", _("已撤回")
    DEEMED_WITHDRAWN = "deemed_withdrawn", _("视为撤回")


class Route(models.TextChoices):
    """How a case starts (rules.md §1.3)."""

    APPLICATION = "application", _("依申请")
    NOTIFIED = "notified", _("通知辩护/代理")


class IntakeChannel(models.TextChoices):
    """Where an application was received (rules.md §1.7, §5.2)."""

    PORTAL = "portal", _("网上申请")
    WINDOW = "window", _("窗口代为录入")
    ORAL = "oral", _("口头申请（记录）")
    CUSTODY_FORWARD = "custody_forward", _("羁押场所转交")
    DUTY_LAWYER_FORWARD = "duty_lawyer_forward", _("值班律师转交")


class MatterCondition(models.TextChoices):
    """Whether a matter needs economic hardship (rules.md §1.4)."""

    MEANS_TESTED = "means_tested", _("须经济困难（第24、29、31、33条）")
    NO_MEANS_TEST = "no_means_test", _("不受经济困难条件限制（第32条）")


class ExemptGroup(models.TextChoices):
    """Groups whose hardship is taken as proven on documents (免予核查，《法律援助法》第42条)."""

    NO_FIXED_INCOME = "no_fixed_income", _("无固定生活来源的未成年人、老年人、残疾人等特定群体")
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助、司法救助或者优抚对象")
    MIGRANT_WORKER = "migrant_worker", _("申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员")


# Priority groups (rules.md §1.4(d)) are the one list of special groups, gongfa.core.choices.SpecialGroup
# (bit flags, like work orders'); the legal-aid articles behind each are in legalaid.eligibility.


class Capacity(models.TextChoices):
    """The applicant's civil capacity (民事行为能力, 《民法典》第17–24条): who may apply (第40条)."""

    FULL = "full", _("完全民事行为能力")
    LIMITED = "limited", _("限制民事行为能力")
    NONE = "none", _("无民事行为能力")


class AgentRelation(models.TextChoices):
    """Who applies on the applicant's behalf (代为申请, 《法律援助法》第40条)."""

    GUARDIAN = "guardian", _("监护人（法定代理人）")
    OTHER_GUARDIAN = "other_guardian", _("其他法定代理人（法定代理人侵害其合法权益）")
    CLOSE_RELATIVE = "close_relative", _("近亲属")


class HardshipBasis(models.TextChoices):
    """What a region's hardship threshold is measured against (rules.md §1.5, §6)."""

    MIN_WAGE = "min_wage", _("最低工资标准")
    DIBAO_MULTIPLE = "dibao_multiple", _("最低生活保障标准的倍数")
    LOW_INCOME_HOUSEHOLD = "low_income_household", _("低收入家庭认定")
    FIXED_AMOUNT = "fixed_amount", _("固定金额")


class IncomeUnit(models.TextChoices):
    HOUSEHOLD_PER_CAPITA = "household_per_capita", _("家庭人均月收入")
    INDIVIDUAL = "individual", _("申请人个人月收入")


class VerificationMethod(models.TextChoices):
    """How hardship is checked (rules.md §1.6, 第41–42条)."""

    STATEMENT = "statement", _("经济困难状况说明表")
    DATA_SHARING = "data_sharing", _("信息共享查询")
    CREDIT_COMMITMENT = "credit_commitment", _("个人诚信承诺")
    EXEMPT_PROOF = "exempt_proof", _("免予核查群体证明")


class ProposalOutcome(models.TextChoices):
    ELIGIBLE = "eligible", _("符合条件")
    NOT_ELIGIBLE = "not_eligible", _("不符合条件")
    NEEDS_REVIEW = "needs_review", _("需人工审查")


class TerminationGround(models.TextChoices):
    """《法律援助法》第48条."""

    DECEPTION = "deception", _("以欺骗或者其他不正当手段获得法律援助（第48条第一项）")
    CONCEALMENT = "concealment", _("故意隐瞒重要事实或者提供虚假证据（第48条第二项）")
    ILLEGAL_USE = "illegal_use", _("利用法律援助从事违法活动（第48条第三项）")
    NO_LONGER_HARDSHIP = "no_longer_hardship", _("经济状况发生变化，不再符合法律援助条件（第48条第四项）")
    PROCEEDINGS_ENDED = "proceedings_ended", _("案件终止审理或者已经被撤销（第48条第五项）")
    OWN_COUNSEL = "own_counsel", _("受援人自行委托律师或者其他代理人（第48条第六项）")
    RECIPIENT_REQUEST = "recipient_request", _("受援人有正当理由要求终止法律援助（第48条第七项）")
    OTHER = "other", _("法律法规规定的其他情形（第48条第八项）")


class NotifyingOrgan(models.TextChoices):
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    POLICE = "police", _("公安机关")


class NotifiedGround(models.TextChoices):
    """Why a notified defence/representation is due (《法律援助法》第25、28条)."""

    MINOR = "minor", _("未成年人（第25条第一款第一项）")
    SENSORY_DISABILITY = "sensory_disability", _("视力、听力、言语残疾人（第25条第一款第二项）")
    MENTAL_CAPACITY = "mental_capacity", _("不能完全辨认自己行为的成年人（第25条第一款第三项）")
    LIFE_OR_DEATH = "life_or_death", _("可能被判处无期徒刑、死刑的人（第25条第一款第四项）")
    DEATH_REVIEW = "death_review", _("申请法律援助的死刑复核案件被告人（第25条第一款第五项）")
    IN_ABSENTIA = "in_absentia", _("缺席审判案件的被告人（第25条第一款第六项）")
    DISCRETIONARY = "discretionary", _("其他适用普通程序审理的刑事案件（第25条第二款）")
    COMPULSORY_TREATMENT = "compulsory_treatment", _("强制医疗案件（第28条）")
    OTHER = "other", _("法律法规规定的其他人员")


class DutyHelpKind(models.TextChoices):
    """Duty-lawyer help (rules.md §5.4; 《法律援助法》第30条)."""

    CONSULTATION = "consultation", _("法律咨询")
    PROCEDURE_ADVICE = "procedure_advice", _("程序选择建议")
    COERCIVE_MEASURE = "coercive_measure", _("申请变更强制措施")
    CASE_OPINION = "case_opinion", _("对案件处理提出意见")
    PLEA_PRESENCE = "plea_presence", _("认罪认罚具结书签署在场")


class MaterialKind(models.TextChoices):
    """Application materials (rules.md §1.8)."""

    APPLICATION_FORM = "application_form", _("法律援助申请表（或口头申请记录）")
    IDENTITY = "identity", _("身份证件")
    AGENT_AUTHORITY = "agent_authority", _("代理权限证明")
    HARDSHIP_STATEMENT = "hardship_statement", _("经济困难状况说明表")
    CREDIT_COMMITMENT = "credit_commitment", _("诚信承诺书及核查授权书")
    EXEMPT_PROOF = "exempt_proof", _("免予核查群体证明")
    CASE_MATERIALS = "case_materials", _("案件相关材料")
    OTHER = "other", _("其他材料")
    # The provider's documents (承办文书): copies filed for the closing review (第50条).
    JUDGMENT = "judgment", _("判决书")
    RULING = "ruling", _("裁定书")
    MEDIATION_STATEMENT = "mediation_statement", _("调解书")
    COMPLAINT = "complaint", _("起诉状")
    DEFENCE_STATEMENT = "defence_statement", _("答辩状")
    REPRESENTATION_STATEMENT = "representation_statement", _("代理词")


# What an applicant files (申请材料, rules.md §1.8): the kinds a supplement notice may ask for.
APPLICATION_MATERIAL_KINDS: tuple[str, ...] = (
    MaterialKind.APPLICATION_FORM,
    MaterialKind.IDENTITY,
    MaterialKind.AGENT_AUTHORITY,
    MaterialKind.HARDSHIP_STATEMENT,
    MaterialKind.CREDIT_COMMITMENT,
    MaterialKind.EXEMPT_PROOF,
    MaterialKind.CASE_MATERIALS,
    MaterialKind.OTHER,
)
# What the provider files (承办文书, 第50条: copies of the legal documents), offered first on the
# provider's upload form and named in the closing-review checklist.
PROVIDER_DOCUMENT_KINDS: tuple[str, ...] = (
    MaterialKind.JUDGMENT,
    MaterialKind.RULING,
    MaterialKind.MEDIATION_STATEMENT,
    MaterialKind.COMPLAINT,
    MaterialKind.DEFENCE_STATEMENT,
    MaterialKind.REPRESENTATION_STATEMENT,
)
