from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    """The five administrative levels (行政区划层级)."""

    PROVINCE = 1, _("省")
    CITY = 2, _("市")
    COUNTY = 3, _("县(区)")
    TOWNSHIP = 4, _("乡镇(街道)")
    VILLAGE = 5, _("村(社区)")


# Length of the significant prefix of a 12-digit statistical division code at each level:
# 33 / 3301 / 330102 / 330102001 / 330102001001.
CODE_PREFIX_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
}


class PointTier(models.TextChoices):
    """Tiers of the physical network (实体平台)."""

    CENTRE = "centre", _("公共法律服务中心")
    STATION = "station", _("公共法律服务工作站")
    ROOM = "room", _("公共法律服务工作室")


# Which region levels each tier may sit at: centres at province/city/county, stations at
# townships, rooms at villages and communities.
TIER_LEVELS = {
    PointTier.CENTRE: {RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY},
    PointTier.STATION: {RegionLevel.TOWNSHIP},
    PointTier.ROOM: {RegionLevel.VILLAGE},
}


class ServiceKind(models.TextChoices):
    """Services a point or agency offers (the catalogue of issue #3 refines these)."""

    CONSULTATION = "consultation", _("法律咨询")
    LEGAL_AID = "legal_aid", _("法律援助")
    MEDIATION = "mediation", _("人民调解")
    NOTARIZATION = "notarization", _("公证")
    APPRAISAL = "appraisal", _("司法鉴定")
    LAWYER_REFERRAL = "lawyer_referral", _("律师服务")
    PUBLICITY = "publicity", _("法治宣传")
    DOCUMENT_DRAFTING = "document_drafting", _("法律文书代书")
    ARBITRATION = "arbitration", _("仲裁指引")


class AgencyKind(models.TextChoices):
    """Kinds of legal service agencies (法律服务机构)."""

    LEGAL_AID_CENTRE = "legal_aid_centre", _("法律援助中心")
    MEDIATION_COMMITTEE = "mediation_committee", _("人民调解委员会")
    INDUSTRY_MEDIATION_COMMITTEE = "industry_mediation_committee", _("行业性专业性人民调解委员会")
    NOTARY_OFFICE = "notary_office", _("公证处")
    APPRAISAL_INSTITUTION = "appraisal_institution", _("司法鉴定机构")
    LAW_FIRM = "law_firm", _("律师事务所")
    GRASSROOTS_LEGAL_SERVICE_OFFICE = "grassroots_legal_service_office", _("基层法律服务所")
    JUSTICE_BUREAU = "justice_bureau", _("司法行政机关")
    # Gathered into the centres (seed plans): commercial arbitration (《仲裁法》) and the labour and
    # personnel dispute arbitration committee (《劳动争议调解仲裁法》第5条).
    ARBITRATION_COMMISSION = "arbitration_commission", _("仲裁委员会（含劳动人事争议仲裁委员会）")


class DayCountMode(models.TextChoices):
    """How short legal periods are counted (rules.md "Day-count convention")."""

    CALENDAR = "calendar", _("自然日（末日遇节假日顺延）")
    WORKING = "working", _("工作日")
