"""Choices of the appointments app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeLimitKind(models.TextChoices):
    """How fast a notarial matter must be issued once accepted (rules.md §3.4; practice.md §d)."""

    GENERAL = "general", _("一般时限（15个工作日，《公证法》第30条）")
    SPEED_10 = "speed_10", _("提速清单：10个工作日")
    SPEED_5 = "speed_5", _("提速清单：5个工作日")
    SAME_DAY = "same_day", _("当日出证")


# Working days allowed to issue (0: the same day). Time for supplements, verification and force
# majeure is not counted (《公证法》第30条): the case's clock pauses for them.
WORKING_DAYS = {
    TimeLimitKind.GENERAL: 15,
    TimeLimitKind.SPEED_10: 10,
    TimeLimitKind.SPEED_5: 5,
    TimeLimitKind.SAME_DAY: 0,
}


class MatterCategory(models.TextChoices):
    """What is certified (《公证法》第11条: legal acts, facts of legal significance, documents)."""

    LEGAL_ACT = "legal_act", _("民事法律行为")
    FACT = "fact", _("有法律意义的事实")
    DOCUMENT = "document", _("有法律意义的文书")
    OTHER = "other", _("其他公证事务")


class FeeWaiver(models.TextChoices):
    """Who pays less or nothing (rules.md §3.6)."""

    LEGAL_AID_RECIPIENT = "legal_aid_recipient", _("法律援助受援人（必须减免：《公证法》第34条、《法律援助法》第53条）")
    ELDERLY = "elderly", _("老年人（鼓励减免：《老年人权益保障法》第56条第2款）")
    LOCAL_LIST = "local_list", _("地方减免名单所列人员")


# ---------------------------------------------------------------------------------------------
# Booking (预约)


class ResourceKind(models.TextChoices):
    """What a weekly slot template belongs to: one booking per slot of it at a time."""

    ROOM = "room", _("业务室（窗口）")
    NOTARY = "notary", _("公证员")
    HOME_VISIT = "home_visit", _("上门服务")
    AGENCY_POINT = "agency_point", _("代办点")
    VIDEO = "video", _("视频公证")


class BookingMode(models.TextChoices):
    """Where the appointment takes place. Home visits and agency points use the same model."""

    AT_OFFICE = "at_office", _("到公证处办理")
    HOME_VISIT = "home_visit", _("上门办理（特殊群体）")
    AGENCY_POINT = "agency_point", _("在代办点办理")
    VIDEO = "video", _("视频办理（境外人员等）")


# The mode a resource's slots are booked in.
MODE_OF_RESOURCE = {
    ResourceKind.ROOM: BookingMode.AT_OFFICE,
    ResourceKind.NOTARY: BookingMode.AT_OFFICE,
    ResourceKind.HOME_VISIT: BookingMode.HOME_VISIT,
    ResourceKind.AGENCY_POINT: BookingMode.AGENCY_POINT,
    ResourceKind.VIDEO: BookingMode.VIDEO,
}


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    ATTENDED = "attended", _("已到场")
    NO_SHOW = "no_show", _("未到场（爽约）")


# Statuses that hold the slot: the partial unique constraint covers exactly these.
SLOT_HOLDING_STATUSES = (BookingStatus.BOOKED, BookingStatus.ATTENDED)


class SpecialGroup(models.TextChoices):
    """Who may ask for a home visit (上门服务): people who cannot come to the office."""

    ELDERLY = "elderly", _("高龄老人")
    DISABLED = "disabled", _("残疾人")
    SERIOUSLY_ILL = "seriously_ill", _("重病患者、行动不便")
    OTHER = "other", _("其他确有困难的人员")


class BookingChannel(models.TextChoices):
    PORTAL = "portal", _("网上预约")
    HOTLINE = "hotline", _("12348热线代约")
    WINDOW = "window", _("窗口代约")
    API = "api", _("接口")


# ---------------------------------------------------------------------------------------------
# Notarization case (公证案件, rules.md §5.6)


class NotarizationStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    ACCEPTED = "accepted", _("已受理（办理中）")
    SUPPLEMENTING = "supplementing", _("补充材料（暂停计时）")
    VERIFYING = "verifying", _("核实中（暂停计时）")
    REFUSED = "refused", _("不予办理")
    TERMINATED = "terminated", _("终止公证")
    ISSUED = "issued", _("已出证")
    ARCHIVED = "archived", _("已归档")
    REVIEW_PENDING = "review_pending", _("复查中")


NOTARIZATION_OPEN = (
    NotarizationStatus.APPLIED,
    NotarizationStatus.ACCEPTED,
    NotarizationStatus.SUPPLEMENTING,
    NotarizationStatus.VERIFYING,
)
# The issuing clock (《公证法》第30条) stops in these: supplements and verification are not counted.
NOTARIZATION_PAUSED = (NotarizationStatus.SUPPLEMENTING, NotarizationStatus.VERIFYING)


class NonAcceptanceGround(models.TextChoices):
    """The acceptance conditions of the 公证程序规则 (◐ rules.md §3.2), each as a ground to decline."""

    OUTSIDE_AREA = "outside_area", _("不属于本公证机构执业区域（告知有管辖权的公证机构）")
    NO_INTEREST = "no_interest", _("申请人与申请公证的事项没有利害关系")
    DISPUTED = "disputed", _("当事人之间对申请公证的事项有争议")
    NOT_NOTARIZABLE = "not_notarizable", _("申请公证的事项不属于公证事项")


class RefusalGround(models.TextChoices):
    """《公证法》第31条: the office must refuse in these cases."""

    NO_CAPACITY = "no_capacity", _("（一）无民事行为能力人或者限制民事行为能力人没有监护人代理申请办理公证的")
    NO_INTEREST = "no_interest", _("（二）当事人与申请公证的事项没有利害关系的")
    TECHNICAL_APPRAISAL = "technical_appraisal", _("（三）申请公证的事项属专业技术鉴定、评估事项的")
    DISPUTED = "disputed", _("（四）当事人之间对申请公证的事项有争议的")
    FALSE_FACTS = "false_facts", _("（五）当事人虚构、隐瞒事实，或者提供虚假证明材料的")
    INSUFFICIENT_PROOF = "insufficient_proof", _("（六）当事人提供的证明材料不充分或者拒绝补充证明材料的")
    UNTRUE_OR_UNLAWFUL = "untrue_or_unlawful", _("（七）申请公证的事项不真实、不合法的")
    AGAINST_MORALITY = "against_morality", _("（八）申请公证的事项违背社会公德的")
    REFUSES_FEE = "refuses_fee", _("（九）当事人拒绝按照规定支付公证费的")


class TerminationGround(models.TextChoices):
    """Termination under the 公证程序规则 (⚠ article number not confirmed; rules.md §3.5)."""

    STALLED_SIX_MONTHS = "stalled", _("因当事人的原因致使公证事项在六个月内不能办结")
    WITHDRAWN = "withdrawn", _("公证书出具前当事人撤回公证申请")
    PARTY_DIED = "party_died", _("当事人死亡或法人、其他组织终止，不能继续办理或继续办理已无意义")
    OBSTRUCTION = "obstruction", _("当事人阻挠、妨碍公证机构及承办公证员按规定的程序、期限办理公证")
    OTHER = "other", _("其他应当终止的情形")


class ReviewRequester(models.TextChoices):
    """Who asks for review (复查, 《公证法》第39条): the window differs (公证程序规则第61条 ◐)."""

    PARTY = "party", _("当事人（收到公证书之日起一年内）")
    INTERESTED = "interested", _("公证事项的利害关系人（知道或应当知道之日起一年内）")


class ReviewOutcome(models.TextChoices):
    """公证程序规则第63条 ◐."""

    UPHELD = "upheld", _("维持公证书")
    CORRECTED = "corrected", _("更正（收回重出或出具补正公证书）")
    REVOKED = "revoked", _("撤销公证书（公告，当日报公证协会）")


# ---------------------------------------------------------------------------------------------
# Judicial-appraisal referral (司法鉴定委托引导, rules.md §3.7, §5.7)


class AppraisalStatus(models.TextChoices):
    CREATED = "created", _("已登记")
    GUIDANCE_GIVEN = "guidance_given", _("已告知经办案机关委托（诉讼中）")
    COMMISSIONED = "commissioned", _("已委托，待鉴定机构决定受理")
    ACCEPTED = "accepted", _("鉴定机构已受理，待签订委托协议")
    IN_APPRAISAL = "in_appraisal", _("鉴定中")
    OPINION_ISSUED = "opinion_issued", _("已出具鉴定意见")
    NOT_ACCEPTED = "not_accepted", _("鉴定机构不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


APPRAISAL_OPEN = (
    AppraisalStatus.CREATED,
    AppraisalStatus.COMMISSIONED,
    AppraisalStatus.ACCEPTED,
    AppraisalStatus.IN_APPRAISAL,
)


class SelectionMethod(models.TextChoices):
    """How the institution is chosen (practice.md §d: by agreement, or public random draw 摇号)."""

    AGREEMENT = "agreement", _("当事人协商选定")
    RANDOM_DRAW = "random_draw", _("随机摇号")
