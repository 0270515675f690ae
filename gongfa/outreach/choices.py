"""Statuses and kinds of the outreach app, as TextChoices with their Chinese labels."""

from django.db import models


class AudienceGroup(models.TextChoices):
    """Audience groups a talk or event reached (受众群体); 《法治宣传教育法》第24条 names the elderly,
    the disabled and migrant workers for targeted publicity."""

    VILLAGERS = "villagers", "村(居)民"
    STUDENTS = "students", "青少年学生"
    ELDERLY = "elderly", "老年人"
    DISABLED = "disabled", "残疾人"
    MIGRANT_WORKERS = "migrant_workers", "农民工"
    WOMEN = "women", "妇女"
    CADRES = "cadres", "村(社区)干部"
    ENTERPRISE = "enterprise", "企业职工"
    OFFICIALS = "officials", "国家工作人员"
    OTHER = "other", "其他群众"


class AccessibleFormat(models.TextChoices):
    """Accessible formats used (第24条: voice, large print, braille, sign language)."""

    VOICE = "voice", "语音/广播"
    LARGE_PRINT = "large_print", "大字版"
    BRAILLE = "braille", "盲文"
    SIGN_LANGUAGE = "sign_language", "手语"
    MINORITY_LANGUAGE = "minority_language", "少数民族语言"
    SUBTITLES = "subtitles", "字幕"


class EventType(models.TextChoices):
    """Kinds of legal-publicity event (普法活动类型)."""

    LECTURE = "lecture", "法治讲座"
    CONSTITUTION_TALK = "constitution_talk", "宪法宣讲"
    STREET_CONSULTATION = "street_consultation", "广场咨询/摆摊宣传"
    EXHIBITION = "exhibition", "展览展板"
    PERFORMANCE = "performance", "法治文艺演出"
    SCHOOL_CLASS = "school_class", "法治课进校园"
    ONLINE = "online", "网络直播/新媒体"
    TRAINING = "training", "以案释法/培训"
    OTHER = "other", "其他"


class CampaignTheme(models.TextChoices):
    """Themed campaigns an annual plan sets targets for (主题宣传活动)."""

    CONSTITUTION_DAY = "constitution_day", "12·4国家宪法日（宪法宣传周）"
    CIVIL_CODE_MONTH = "civil_code_month", "民法典宣传月（5月）"
    CONSUMER_DAY = "consumer_day", "3·15消费者权益日"
    NATIONAL_SECURITY = "national_security", "4·15全民国家安全教育日"
    ANTI_DRUG = "anti_drug", "6·26国际禁毒日"
    LEGAL_AID = "legal_aid", "法律援助宣传"
    OTHER = "other", "其他主题"


class EventStatus(models.TextChoices):
    """A publicity event's life (rules.md §5.8): planned → held → evaluated → archived."""

    PLANNED = "planned", "计划中"
    HELD = "held", "已举办"
    EVALUATED = "evaluated", "已评估"
    ARCHIVED = "archived", "已归档"
    CANCELLED = "cancelled", "已取消"


class PromptStatus(models.TextChoices):
    """A publicity prompt to another department (普法提示, 第57条): issued → feedback due → closed."""

    ISSUED = "issued", "已发出"
    FEEDBACK_DUE = "feedback_due", "反馈逾期"
    CLOSED = "closed", "已反馈办结"


class CultureSiteKind(models.TextChoices):
    """Rule-of-law culture sites (法治文化阵地, 第52条)."""

    PARK = "park", "法治文化公园"
    SQUARE = "square", "法治文化广场"
    CORRIDOR = "corridor", "法治长廊"
    MUSEUM = "museum", "法治教育基地/展馆"
    LIBRARY = "library", "法治书屋"
    OTHER = "other", "其他阵地"


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    VOCATIONAL = "vocational", "中职"
    NINE_YEAR = "nine_year", "九年一贯制"
    OTHER = "other", "其他"


class VicePrincipalEmployer(models.TextChoices):
    """Where a school's rule-of-law vice-principal (法治副校长) works."""

    POLICE = "police", "公安机关"
    PROCURATORATE = "procuratorate", "检察院"
    COURT = "court", "法院"
    JUSTICE = "justice", "司法行政机关"
    LAW_FIRM = "law_firm", "律师事务所"
    OTHER = "other", "其他"


class PublicGoodSource(models.TextChoices):
    """Where a public-good service record comes from (公益法律服务来源)."""

    LEGAL_AID_CASE = "legal_aid_case", "办理法律援助案件"
    DUTY_SHIFT = "duty_shift", "值班"
    DUTY_HELP = "duty_help", "值班律师法律帮助"
    ADVISOR_LOG = "advisor_log", "村(居)法律顾问服务"
    MEDIATION = "mediation", "参与人民调解"
    PUBLICITY_TALK = "publicity_talk", "普法宣讲"
    TYPICAL_CASE = "typical_case", "典型案例报送"
    MANUAL = "manual", "其他（人工申报）"


class RecordStatus(models.TextChoices):
    """A public-good record: automatic ones are approved at once; manual ones wait for approval."""

    PENDING = "pending", "待审核"
    APPROVED = "approved", "已认定"
    REJECTED = "rejected", "不予认定"


class VolunteerKind(models.TextChoices):
    PUBLIC_LAWYER = "public_lawyer", "公职律师"
    COMPANY_LAWYER = "company_lawyer", "公司律师"
    TEACHER = "teacher", "高校法学教师"
    STUDENT = "student", "法学院校学生"
    RETIRED = "retired", "退休政法干警"
    OTHER = "other", "其他"


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
    SUSPENDED = "suspended", "已暂停"


class TypicalCaseSource(models.TextChoices):
    LEGAL_AID = "legal_aid", "法律援助"
    MEDIATION = "mediation", "人民调解"
    CONSULTATION = "consultation", "法律咨询"


class TypicalCaseStatus(models.TextChoices):
    """A typical case (典型案例): nominated → de-identified → in review → published."""

    NOMINATED = "nominated", "已推荐"
    DEIDENTIFIED = "deidentified", "已脱敏"
    IN_REVIEW = "in_review", "待审核"
    PUBLISHED = "published", "已发布"
    RETURNED = "returned", "退回修改"
    WITHDRAWN = "withdrawn", "已撤回"
