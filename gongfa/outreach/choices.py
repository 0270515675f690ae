"""Statuses and kinds of the outreach app, as TextChoices with their Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AudienceGroup(models.TextChoices):
    """Audience groups a talk or event reached (受众群体); 《法治宣传教育法》第24条 names the elderly,
    the disabled and migrant workers for targeted publicity."""

    VILLAGERS = "villagers", _("村(居)民")
    STUDENTS = "students", _("青少年学生")
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    MIGRANT_WORKERS = "migrant_workers", _("农民工")
    WOMEN = "women", _("妇女")
    CADRES = "cadres", _("村(社区)干部")
    ENTERPRISE = "enterprise", _("企业职工")
    OFFICIALS = "officials", _("国家工作人员")
    OTHER = "other", _("其他群众")


class AccessibleFormat(models.TextChoices):
    """Accessible formats used (第24条: voice, large print, braille, sign language)."""

    VOICE = "voice", _("语音/广播")
    LARGE_PRINT = "large_print", _("大字版")
    BRAILLE = "braille", _("盲文")
    SIGN_LANGUAGE = "sign_language", _("手语")
    MINORITY_LANGUAGE = "minority_language", _("少数民族语言")
    SUBTITLES = "subtitles", _("字幕")


class EventType(models.TextChoices):
    """Kinds of legal-publicity event (普法活动类型)."""

    LECTURE = "lecture", _("法治讲座")
    CONSTITUTION_TALK = "constitution_talk", _("宪法宣讲")
    STREET_CONSULTATION = "street_consultation", _("广场咨询/摆摊宣传")
    EXHIBITION = "exhibition", _("展览展板")
    PERFORMANCE = "performance", _("法治文艺演出")
    SCHOOL_CLASS = "school_class", _("法治课进校园")
    ONLINE = "online", _("网络直播/新媒体")
    TRAINING = "training", _("以案释法/培训")
    OTHER = "other", _("其他")


class CampaignTheme(models.TextChoices):
    """Themed campaigns an annual plan sets targets for (主题宣传活动)."""

    CONSTITUTION_DAY = "constitution_day", _("12·4国家宪法日（宪法宣传周）")
    CIVIL_CODE_MONTH = "civil_code_month", _("民法典宣传月（5月）")
    CONSUMER_DAY = "consumer_day", _("3·15消费者权益日")
    NATIONAL_SECURITY = "national_security", _("4·15全民国家安全教育日")
    ANTI_DRUG = "anti_drug", _("6·26国际禁毒日")
    LEGAL_AID = "legal_aid", _("法律援助宣传")
    OTHER = "other", _("其他主题")


class EventStatus(models.TextChoices):
    """A publicity event's life (rules.md §5.8): planned → held → evaluated → archived."""

    PLANNED = "planned", _("计划中")
    HELD = "held", _("已举办")
    EVALUATED = "evaluated", _("已评估")
    ARCHIVED = "archived", _("已归档")
    CANCELLED = "cancelled", _("已取消")


class PromptStatus(models.TextChoices):
    """A publicity prompt to another department (普法提示, 第57条): issued → feedback due → closed."""

    ISSUED = "issued", _("已发出")
    FEEDBACK_DUE = "feedback_due", _("反馈逾期")
    CLOSED = "closed", _("已反馈办结")


class CultureSiteKind(models.TextChoices):
    """Rule-of-law culture sites (法治文化阵地, 第52条)."""

    PARK = "park", _("法治文化公园")
    SQUARE = "square", _("法治文化广场")
    CORRIDOR = "corridor", _("法治长廊")
    MUSEUM = "museum", _("法治教育基地/展馆")
    LIBRARY = "library", _("法治书屋")
    OTHER = "other", _("其他阵地")


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中职")
    NINE_YEAR = "nine_year", _("九年一贯制")
    OTHER = "other", _("其他")


class VicePrincipalEmployer(models.TextChoices):
    """Where a school's rule-of-law vice-principal (法治副校长) works."""

    POLICE = "police", _("公安机关")
    PROCURATORATE = "procuratorate", _("检察院")
    COURT = "court", _("法院")
    JUSTICE = "justice", _("司法行政机关")
    LAW_FIRM = "law_firm", _("律师事务所")
    OTHER = "other", _("其他")


class PublicGoodSource(models.TextChoices):
    """Where a public-good service record comes from (公益法律服务来源)."""

    LEGAL_AID_CASE = "legal_aid_case", _("办理法律援助案件")
    DUTY_SHIFT = "duty_shift", _("值班")
    DUTY_HELP = "duty_help", _("值班律师法律帮助")
    ADVISOR_LOG = "advisor_log", _("村(居)法律顾问服务")
    MEDIATION = "mediation", _("参与人民调解")
    PUBLICITY_TALK = "publicity_talk", _("普法宣讲")
    TYPICAL_CASE = "typical_case", _("典型案例报送")
    MANUAL = "manual", _("其他（人工申报）")


class RecordStatus(models.TextChoices):
    """A public-good record: automatic ones are approved at once; manual ones wait for approval."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已认定")
    REJECTED = "rejected", _("不予认定")


class VolunteerKind(models.TextChoices):
    PUBLIC_LAWYER = "public_lawyer", _("公职律师")
    COMPANY_LAWYER = "company_lawyer", _("公司律师")
    TEACHER = "teacher", _("高校法学教师")
    STUDENT = "student", _("法学院校学生")
    RETIRED = "retired", _("退休政法干警")
    OTHER = "other", _("其他")


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    SUSPENDED = "suspended", _("已暂停")


class TypicalCaseSource(models.TextChoices):
    LEGAL_AID = "legal_aid", _("法律援助")
    MEDIATION = "mediation", _("人民调解")
    CONSULTATION = "consultation", _("法律咨询")


class TypicalCaseStatus(models.TextChoices):
    """A typical case (典型案例): nominated → de-identified → in review → published."""

    NOMINATED = "nominated", _("已推荐")
    DEIDENTIFIED = "deidentified", _("已脱敏")
    IN_REVIEW = "in_review", _("待审核")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("退回修改")
    WITHDRAWN = "withdrawn", _("已撤回")
