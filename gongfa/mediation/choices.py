"""The fixed vocabularies of people's mediation (人民调解). Dispute categories are data
(DisputeCategory), not choices: a province adds its own."""

from django.db import models


class CommitteeType(models.TextChoices):
    """Kinds of mediation committee (调委会类型, 《人民调解法》第8条、第34条)."""

    VILLAGE = "village", "村民委员会人民调解委员会"
    RESIDENTS = "residents", "居民委员会人民调解委员会"
    TOWNSHIP = "township", "乡镇人民调解委员会"
    STREET = "street", "街道人民调解委员会"
    INDUSTRY = "industry", "行业性专业性人民调解委员会"
    ENTERPRISE = "enterprise", "企事业单位人民调解委员会"
    COURT = "court", "派驻法院人民调解委员会（诉调对接）"
    POLICE = "police", "派驻公安派出所人民调解委员会（警调对接）"
    PETITION = "petition", "派驻信访部门人民调解委员会（访调对接）"
    OTHER = "other", "其他人民调解组织"


# Committees whose catchment is their own village or township: the coverage view looks for them.
GRASSROOTS_TYPES = (CommitteeType.VILLAGE, CommitteeType.RESIDENTS)
TOWNSHIP_TYPES = (CommitteeType.TOWNSHIP, CommitteeType.STREET)
# Stationed committees receive cases handed over by their host (police, court, petition office).
STATIONED_TYPES = (CommitteeType.COURT, CommitteeType.POLICE, CommitteeType.PETITION)


class IndustryField(models.TextChoices):
    """Fields of an industry or specialised committee (行业性专业性调解领域)."""

    TRAFFIC = "traffic", "道路交通"
    MEDICAL = "medical", "医疗纠纷"
    LABOUR = "labour", "劳动争议"
    PROPERTY = "property", "物业纠纷"
    FAMILY = "family", "婚姻家庭"
    COMMERCIAL = "commercial", "商事纠纷"
    OTHER = "other", "其他领域"


class MemberRole(models.TextChoices):
    """A member's office on the committee (第9条: a chair, vice-chairs as needed, members)."""

    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"


class Gender(models.TextChoices):
    FEMALE = "F", "女"
    MALE = "M", "男"


class Employment(models.TextChoices):
    """Full- or part-time mediator (专职 / 兼职)."""

    FULL_TIME = "full_time", "专职"
    PART_TIME = "part_time", "兼职"


class MediatorGrade(models.TextChoices):
    """Mediator grades (人民调解员等级), 一级 highest (全国人民调解员协会意见)."""

    NONE = "none", "无等级"
    FOURTH = "4", "四级"
    THIRD = "3", "三级"
    SECOND = "2", "二级"
    FIRST = "1", "一级"


# Lowest to highest: a grade is granted one step at a time above the current one.
GRADE_ORDER = (MediatorGrade.NONE, MediatorGrade.FOURTH, MediatorGrade.THIRD, MediatorGrade.SECOND, MediatorGrade.FIRST)


class GradeAwardStatus(models.TextChoices):
    """A grading from proposal to grant (评定 → 公示 → 授予), or its withdrawal (撤销)."""

    PROPOSED = "proposed", "拟评定"
    PUBLICISED = "publicised", "公示中"
    GRANTED = "granted", "已授予"
    REJECTED = "rejected", "不予授予"
    WITHDRAWN = "withdrawn", "已撤销"


class InsuranceKind(models.TextChoices):
    ACCIDENT = "accident", "人身意外伤害保险"
    LIABILITY = "liability", "执业责任保险"
    OTHER = "other", "其他保险"


class CaseSource(models.TextChoices):
    """Where a case came from (案件来源, 结案报告表)."""

    PARTY_APPLICATION = "party_application", "当事人申请"
    OWN_INITIATIVE = "own_initiative", "调委会主动调解"
    POLICE_HANDOVER = "police_handover", "公安机关移交"
    COURT_ENTRUSTMENT = "court_entrustment", "审判机关委托"
    GOVERNMENT_ASSIGNMENT = "government_assignment", "政府部门指定"


# Sources with a sender who is owed feedback on the result (委托移送调解).
REFERRED_SOURCES = (CaseSource.POLICE_HANDOVER, CaseSource.COURT_ENTRUSTMENT, CaseSource.GOVERNMENT_ASSIGNMENT)


class ApplicationForm(models.TextChoices):
    """How a party applied (Mediation Provisions: written or oral, each registered)."""

    WRITTEN = "written", "书面申请"
    ORAL = "oral", "口头申请"


class IntakeChannel(models.TextChoices):
    PORTAL = "portal", "网上申请"
    WINDOW = "window", "窗口"
    VILLAGE_ROOM = "village_room", "村（居）法律服务室"
    HOTLINE = "hotline", "12348热线"
    REFERRAL = "referral", "委托移送"
    COMMITTEE = "committee", "调委会排查"


class CaseStatus(models.TextChoices):
    """The mediation case's states (rules.md §5.5)."""

    APPLIED = "applied", "已登记"
    CONSENT_PENDING = "consent_pending", "征询对方意愿"
    NOT_MEDIATED = "not_mediated", "一方拒绝，不予调解"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    ACCEPTED = "accepted", "已受理"
    MEDIATOR_ASSIGNED = "mediator_assigned", "已指定调解员"
    IN_MEDIATION = "in_mediation", "调解中"
    TERMINATED_BY_PARTY = "terminated_by_party", "当事人要求终止"
    FAILED = "failed", "调解不成"
    AGREEMENT_EFFECTIVE = "agreement_effective", "协议已生效"
    JC_FILED = "jc_filed", "已申请司法确认"
    JC_CONFIRMED = "jc_confirmed", "司法确认有效"
    NONPERFORMANCE = "nonperformance", "未履行，督促中"
    PERFORMED = "performed", "已履行"
    REFERRED_TO_COURT = "referred_to_court", "告知诉讼或申请执行"
    CLOSED = "closed", "已结案归档"


# A case in these states is finished with; only closing (归档, with the 卷宗 complete) follows.
ENDED_STATUSES = (
    CaseStatus.NOT_MEDIATED,
    CaseStatus.NOT_ACCEPTED,
    CaseStatus.TERMINATED_BY_PARTY,
    CaseStatus.FAILED,
    CaseStatus.PERFORMED,
    CaseStatus.REFERRED_TO_COURT,
)
# The case has not reached a mediator's hands yet: the committee acts next.
INTAKE_STATUSES = (CaseStatus.APPLIED, CaseStatus.CONSENT_PENDING, CaseStatus.ACCEPTED)
# A mediator is working the case: the one-month clock runs in IN_MEDIATION.
HANDLING_STATUSES = (CaseStatus.MEDIATOR_ASSIGNED, CaseStatus.IN_MEDIATION)
# An agreement is in force and its performance is followed.
AGREED_STATUSES = (
    CaseStatus.AGREEMENT_EFFECTIVE,
    CaseStatus.JC_FILED,
    CaseStatus.JC_CONFIRMED,
    CaseStatus.NONPERFORMANCE,
    CaseStatus.PERFORMED,
)
OPEN_STATUSES = tuple(status for status in CaseStatus.values if status not in (*ENDED_STATUSES, CaseStatus.CLOSED))


class Outcome(models.TextChoices):
    """How the mediation ended (调解结果), kept once the case is closed."""

    NONE = "", "未结束"
    WRITTEN_AGREEMENT = "written_agreement", "达成书面协议"
    ORAL_AGREEMENT = "oral_agreement", "达成口头协议"
    FAILED = "failed", "调解不成"
    TERMINATED = "terminated", "当事人要求终止"
    REFUSED = "refused", "一方拒绝调解"
    NOT_ACCEPTED = "not_accepted", "不予受理"


SUCCESS_OUTCOMES = (Outcome.WRITTEN_AGREEMENT, Outcome.ORAL_AGREEMENT)


class NonAcceptanceReason(models.TextChoices):
    """Why a dispute is not accepted (Mediation Provisions 第22条 ◐, 人民调解法第2条)."""

    SPECIALISED_AUTHORITY = "specialised_authority", "属于专门机关管辖或法律禁止民间调解的事项"
    ALREADY_HANDLED = "already_handled", "人民法院、公安机关或其他行政机关已经受理或者解决"
    NOT_CIVIL_DISPUTE = "not_civil_dispute", "不属于民间纠纷"


class PartySide(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class ConsentDecision(models.TextChoices):
    """The other party's answer to the invitation to mediate (第17条)."""

    PENDING = "pending", "待答复"
    CONSENTED = "consented", "同意调解"
    REFUSED = "refused", "拒绝调解"


class ConsentMethod(models.TextChoices):
    LINK = "link", "本人通过邀请链接答复"
    IN_PERSON = "in_person", "当面表示"
    PHONE = "phone", "电话表示"
    WRITTEN = "written", "书面答复"


class MediatorRole(models.TextChoices):
    PRESIDING = "presiding", "主持调解"
    ASSISTING = "assisting", "参与调解"


class RecusalBasis(models.TextChoices):
    """Why a mediator stepped aside (回避: a party's request, or the mediator's own declaration)."""

    PARTY_REQUEST = "party_request", "当事人申请回避"
    DECLARATION = "declaration", "调解员自行回避"


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", "现场调解"
    VIDEO = "video", "视频调解"
    PHONE = "phone", "电话调解"


class EscalationRisk(models.TextChoices):
    """What a dispute may turn into (第25条: 防止民转刑、防止群体性上访)."""

    CRIMINAL = "criminal", "可能激化为治安、刑事案件（民转刑）"
    GROUP_PETITION = "group_petition", "可能引发群体性上访"
    SELF_HARM = "self_harm", "可能引发自杀、自伤"


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", "已申请会诊"
    ANSWERED = "answered", "已会诊"
    CANCELLED = "cancelled", "已取消"


class AgreementForm(models.TextChoices):
    """Written agreement (调解协议书, 第28–29条) or oral agreement record (口头协议, 第28、30条)."""

    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    FINALISED = "finalised", "定稿待签"
    EFFECTIVE = "effective", "已生效"
    VOID = "void", "已作废"


class SignatureMethod(models.TextChoices):
    PAPER = "paper", "纸质签名（捺印）"
    LINK = "link", "本人通过确认链接确认"


class CourtDecision(models.TextChoices):
    PENDING = "pending", "待裁定"
    CONFIRMED = "confirmed", "裁定协议有效"
    REJECTED = "rejected", "裁定驳回申请"


class Performance(models.TextChoices):
    """履行情况 recorded by a return visit."""

    PERFORMED = "performed", "已履行"
    PARTLY = "partly", "部分履行"
    NOT_PERFORMED = "not_performed", "未履行"
    NOT_DUE = "not_due", "未到履行期限"


class Satisfaction(models.TextChoices):
    """满意程度 recorded by a return visit."""

    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class ReturnVisitStatus(models.TextChoices):
    DUE = "due", "待回访"
    DONE = "done", "已回访"


class DocumentKind(models.TextChoices):
    """The 13 documents of a mediation file (调解卷宗, practice.md §a)."""

    APPLICATION = "application", "申请书或受理登记表"
    RIGHTS_NOTICE = "rights_notice", "权利义务告知书"
    IDENTITY = "identity", "身份证明"
    POWER_OF_ATTORNEY = "power_of_attorney", "授权委托书"
    INVESTIGATION = "investigation", "调查记录"
    EVIDENCE = "evidence", "证据"
    SESSION_RECORD = "session_record", "调解记录"
    AGREEMENT = "agreement", "调解协议书"
    PERFORMANCE_PROOF = "performance_proof", "履行凭证"
    RETURN_VISIT = "return_visit", "回访记录"
    JUDICIAL_CONFIRMATION = "judicial_confirmation", "司法确认材料"
    FILE_NOTE = "file_note", "卷宗情况说明"
    BACK_COVER = "back_cover", "封底"
    # Not among the 13 but part of some files: the notices the law requires.
    NON_ACCEPTANCE_NOTICE = "non_acceptance_notice", "不予受理告知书"
    ROUTES_NOTICE = "routes_notice", "终止调解告知书（告知其他救济途径）"
    ORAL_AGREEMENT_RECORD = "oral_agreement_record", "口头协议登记表"


# practice.md §a: the standard file's mandatory documents (必须); the others are as needed (按需).
MANDATORY_DOCUMENTS = (
    DocumentKind.APPLICATION,
    DocumentKind.RIGHTS_NOTICE,
    DocumentKind.IDENTITY,
    DocumentKind.SESSION_RECORD,
    DocumentKind.AGREEMENT,
    DocumentKind.BACK_COVER,
)
# The standard file order (卷内目录), the notices after the documents they follow.
FILE_ORDER = (
    DocumentKind.APPLICATION,
    DocumentKind.NON_ACCEPTANCE_NOTICE,
    DocumentKind.RIGHTS_NOTICE,
    DocumentKind.IDENTITY,
    DocumentKind.POWER_OF_ATTORNEY,
    DocumentKind.INVESTIGATION,
    DocumentKind.EVIDENCE,
    DocumentKind.SESSION_RECORD,
    DocumentKind.AGREEMENT,
    DocumentKind.ORAL_AGREEMENT_RECORD,
    DocumentKind.ROUTES_NOTICE,
    DocumentKind.PERFORMANCE_PROOF,
    DocumentKind.RETURN_VISIT,
    DocumentKind.JUDICIAL_CONFIRMATION,
    DocumentKind.FILE_NOTE,
    DocumentKind.BACK_COVER,
)
