"""The fixed vocabularies of people's mediation (人民调解). Dispute categories are data
(DisputeCategory), not choices: a province adds its own."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeType(models.TextChoices):
    """Kinds of mediation committee (调委会类型, 《人民调解法》第8条、第34条)."""

    VILLAGE = "village", _("村民委员会人民调解委员会")
    RESIDENTS = "residents", _("居民委员会人民调解委员会")
    TOWNSHIP = "township", _("乡镇人民调解委员会")
    STREET = "street", _("街道人民调解委员会")
    INDUSTRY = "industry", _("行业性专业性人民调解委员会")
    ENTERPRISE = "enterprise", _("企事业单位人民调解委员会")
    COURT = "court", _("派驻法院人民调解委员会（诉调对接）")
    POLICE = "police", _("派驻公安派出所人民调解委员会（警调对接）")
    PETITION = "petition", _("派驻信访部门人民调解委员会（访调对接）")
    OTHER = "other", _("其他人民调解组织")


# Committees whose catchment is their own village or township: the coverage view looks for them.
GRASSROOTS_TYPES = (CommitteeType.VILLAGE, CommitteeType.RESIDENTS)
TOWNSHIP_TYPES = (CommitteeType.TOWNSHIP, CommitteeType.STREET)
# Stationed committees receive cases handed over by their host (police, court, petition office).
STATIONED_TYPES = (CommitteeType.COURT, CommitteeType.POLICE, CommitteeType.PETITION)


class IndustryField(models.TextChoices):
    """Fields of an industry or specialised committee (行业性专业性调解领域)."""

    TRAFFIC = "traffic", _("道路交通")
    MEDICAL = "medical", _("医疗纠纷")
    LABOUR = "labour", _("劳动争议")
    PROPERTY = "property", _("物业纠纷")
    FAMILY = "family", _("婚姻家庭")
    COMMERCIAL = "commercial", _("商事纠纷")
    OTHER = "other", _("其他领域")


class MemberRole(models.TextChoices):
    """A member's office on the committee (第9条: a chair, vice-chairs as needed, members)."""

    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")


class Gender(models.TextChoices):
    FEMALE = "F", _("女")
    MALE = "M", _("男")


class Employment(models.TextChoices):
    """Full- or part-time mediator (专职 / 兼职)."""

    FULL_TIME = "full_time", _("专职")
    PART_TIME = "part_time", _("兼职")


class MediatorGrade(models.TextChoices):
    """Mediator grades (人民调解员等级), 一级 highest (全国人民调解员协会意见)."""

    NONE = "none", _("无等级")
    FOURTH = "4", _("四级")
    THIRD = "3", _("三级")
    SECOND = "2", _("二级")
    FIRST = "1", _("一级")


# Lowest to highest: a grade is granted one step at a time above the current one.
GRADE_ORDER = (MediatorGrade.NONE, MediatorGrade.FOURTH, MediatorGrade.THIRD, MediatorGrade.SECOND, MediatorGrade.FIRST)


class GradeAwardStatus(models.TextChoices):
    """A grading from proposal to grant (评定 → 公示 → 授予), or its withdrawal (撤销)."""

    PROPOSED = "proposed", _("拟评定")
    PUBLICISED = "publicised", _("公示中")
    GRANTED = "granted", _("已授予")
    REJECTED = "rejected", _("不予授予")
    WITHDRAWN = "withdrawn", _("已撤销")


class InsuranceKind(models.TextChoices):
    ACCIDENT = "accident", _("人身意外伤害保险")
    LIABILITY = "liability", _("执业责任保险")
    OTHER = "other", _("其他保险")


class CaseSource(models.TextChoices):
    """Where a case came from (案件来源, 结案报告表)."""

    PARTY_APPLICATION = "party_application", _("当事人申请")
    OWN_INITIATIVE = "own_initiative", _("调委会主动调解")
    POLICE_HANDOVER = "police_handover", _("公安机关移交")
    COURT_ENTRUSTMENT = "court_entrustment", _("审判机关委托")
    GOVERNMENT_ASSIGNMENT = "government_assignment", _("政府部门指定")


# Sources with a sender who is owed feedback on the result (委托移送调解).
REFERRED_SOURCES = (CaseSource.POLICE_HANDOVER, CaseSource.COURT_ENTRUSTMENT, CaseSource.GOVERNMENT_ASSIGNMENT)


class ApplicationForm(models.TextChoices):
    """How a party applied (Mediation Provisions: written or oral, each registered)."""

    WRITTEN = "written", _("书面申请")
    ORAL = "oral", _("口头申请")


class IntakeChannel(models.TextChoices):
    PORTAL = "portal", _("网上申请")
    WINDOW = "window", _("窗口")
    VILLAGE_ROOM = "village_room", _("村（居）法律服务室")
    HOTLINE = "hotline", _("12348热线")
    REFERRAL = "referral", _("委托移送")
    COMMITTEE = "committee", _("调委会排查")


class CaseStatus(models.TextChoices):
    """The mediation case's states (rules.md §5.5)."""

    APPLIED = "applied", _("已登记")
    CONSENT_PENDING = "consent_pending", _("征询对方意愿")
    NOT_MEDIATED = "not_mediated", _("一方拒绝，不予调解")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    ACCEPTED = "accepted", _("已受理")
    MEDIATOR_ASSIGNED = "mediator_assigned", _("已指定调解员")
    IN_MEDIATION = "in_mediation", _("调解中")
    TERMINATED_BY_PARTY = "terminated_by_party", _("当事人要求终止")
    FAILED = "failed", _("调解不成")
    AGREEMENT_EFFECTIVE = "agreement_effective", _("协议已生效")
    JC_FILED = "jc_filed", _("已申请司法确认")
    JC_CONFIRMED = "jc_confirmed", _("司法确认有效")
    NONPERFORMANCE = "nonperformance", _("未履行，督促中")
    PERFORMED = "performed", _("已履行")
    REFERRED_TO_COURT = "referred_to_court", _("告知诉讼或申请执行")
    CLOSED = "closed", _("已结案归档")


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

    NONE = "", _("未结束")
    WRITTEN_AGREEMENT = "written_agreement", _("达成书面协议")
    ORAL_AGREEMENT = "oral_agreement", _("达成口头协议")
    FAILED = "failed", _("调解不成")
    TERMINATED = "terminated", _("当事人要求终止")
    REFUSED = "refused", _("一方拒绝调解")
    NOT_ACCEPTED = "not_accepted", _("不予受理")


SUCCESS_OUTCOMES = (Outcome.WRITTEN_AGREEMENT, Outcome.ORAL_AGREEMENT)


class NonAcceptanceReason(models.TextChoices):
    """Why a dispute is not accepted (Mediation Provisions 第22条 ◐, 人民调解法第2条)."""

    SPECIALISED_AUTHORITY = "specialised_authority", _("属于专门机关管辖或法律禁止民间调解的事项")
    ALREADY_HANDLED = "already_handled", _("人民法院、公安机关或其他行政机关已经受理或者解决")
    NOT_CIVIL_DISPUTE = "not_civil_dispute", _("不属于民间纠纷")


class PartySide(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class ConsentDecision(models.TextChoices):
    """The other party's answer to the invitation to mediate (第17条)."""

    PENDING = "pending", _("待答复")
    CONSENTED = "consented", _("同意调解")
    REFUSED = "refused", _("拒绝调解")


class ConsentMethod(models.TextChoices):
    LINK = "link", _("本人通过邀请链接答复")
    IN_PERSON = "in_person", _("当面表示")
    PHONE = "phone", _("电话表示")
    WRITTEN = "written", _("书面答复")


class MediatorRole(models.TextChoices):
    PRESIDING = "presiding", _("主持调解")
    ASSISTING = "assisting", _("参与调解")


class RecusalBasis(models.TextChoices):
    """Why a mediator stepped aside (回避: a party's request, or the mediator's own declaration)."""

    PARTY_REQUEST = "party_request", _("当事人申请回避")
    DECLARATION = "declaration", _("调解员自行回避")


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("现场调解")
    VIDEO = "video", _("视频调解")
    PHONE = "phone", _("电话调解")


class EscalationRisk(models.TextChoices):
    """What a dispute may turn into (第25条: 防止民转刑、防止群体性上访)."""

    CRIMINAL = "criminal", _("可能激化为治安、刑事案件（民转刑）")
    GROUP_PETITION = "group_petition", _("可能引发群体性上访")
    SELF_HARM = "self_harm", _("可能引发自杀、自伤")


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", _("已申请会诊")
    ANSWERED = "answered", _("已会诊")
    CANCELLED = "cancelled", _("已取消")


class AgreementForm(models.TextChoices):
    """Written agreement (调解协议书, 第28–29条) or oral agreement record (口头协议, 第28、30条)."""

    WRITTEN = "written", _("书面协议")
    ORAL = "oral", _("口头协议")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FINALISED = "finalised", _("定稿待签")
    EFFECTIVE = "effective", _("已生效")
    VOID = "void", _("已作废")


class SignatureMethod(models.TextChoices):
    PAPER = "paper", _("纸质签名（捺印）")
    LINK = "link", _("本人通过确认链接确认")


class CourtDecision(models.TextChoices):
    PENDING = "pending", _("待裁定")
    CONFIRMED = "confirmed", _("裁定协议有效")
    REJECTED = "rejected", _("裁定驳回申请")


class Performance(models.TextChoices):
    """履行情况 recorded by a return visit."""

    PERFORMED = "performed", _("已履行")
    PARTLY = "partly", _("部分履行")
    NOT_PERFORMED = "not_performed", _("未履行")
    NOT_DUE = "not_due", _("未到履行期限")


class Satisfaction(models.TextChoices):
    """满意程度 recorded by a return visit."""

    SATISFIED = "satisfied", _("满意")
    FAIRLY = "fairly", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class ReturnVisitStatus(models.TextChoices):
    DUE = "due", _("待回访")
    DONE = "done", _("已回访")


class DocumentKind(models.TextChoices):
    """The 13 documents of a mediation file (调解卷宗, practice.md §a)."""

    APPLICATION = "application", _("申请书或受理登记表")
    RIGHTS_NOTICE = "rights_notice", _("权利义务告知书")
    IDENTITY = "identity", _("身份证明")
    POWER_OF_ATTORNEY = "power_of_attorney", _("授权委托书")
    INVESTIGATION = "investigation", _("调查记录")
    EVIDENCE = "evidence", _("证据")
    SESSION_RECORD = "session_record", _("调解记录")
    AGREEMENT = "agreement", _("调解协议书")
    PERFORMANCE_PROOF = "performance_proof", _("履行凭证")
    RETURN_VISIT = "return_visit", _("回访记录")
    JUDICIAL_CONFIRMATION = "judicial_confirmation", _("司法确认材料")
    FILE_NOTE = "file_note", _("卷宗情况说明")
    BACK_COVER = "back_cover", _("封底")
    # Not among the 13 but part of some files: the notices the law requires.
    NON_ACCEPTANCE_NOTICE = "non_acceptance_notice", _("不予受理告知书")
    ROUTES_NOTICE = "routes_notice", _("终止调解告知书（告知其他救济途径）")
    ORAL_AGREEMENT_RECORD = "oral_agreement_record", _("口头协议登记表")


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
