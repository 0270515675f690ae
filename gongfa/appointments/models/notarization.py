"""The notarization case (公证案件, rules.md §5.6): from the application with its materials checked
against the matter's list to issue, refusal or termination, archiving and review (复查).

The certificate itself is issued in the office's own system; the platform records its number and
date. Statuses move only through appointments.services.notarization and states.NOTARIZATION."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import (
    NOTARIZATION_OPEN,
    FeeWaiver,
    NonAcceptanceGround,
    NotarizationStatus,
    RefusalGround,
    ReviewOutcome,
    ReviewRequester,
    TerminationGround,
)
from gongfa.appointments.models.booking import Booking
from gongfa.appointments.models.matters import NotarialMatter
from gongfa.core.fields import BlindIndexedModelMixin, BlindIndexedQuerySet, BlindIndexField, EncryptedCharField
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.core.validators import validate_id_number
from gongfa.network.models import Agency


class NotarizationCaseQuerySet(BlindIndexedQuerySet["NotarizationCase"]):
    def open(self) -> NotarizationCaseQuerySet:
        return self.filter(status__in=NOTARIZATION_OPEN)


class NotarizationCase(BlindIndexedModelMixin, models.Model):
    """公证案件. `materials` keeps the matter's list at application time, each item with whether it
    was provided (or replaced by a written commitment, 告知承诺, where data-sharing allows)."""

    number = models.CharField(_("案号"), max_length=40, unique=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=NotarizationStatus.choices, default=NotarizationStatus.APPLIED, db_index=True
    )
    office = models.ForeignKey(
        Agency,
        verbose_name=_("公证处"),
        on_delete=models.PROTECT,
        related_name="notarization_cases",
    )
    matter = models.ForeignKey(
        NotarialMatter, verbose_name=_("公证事项"), on_delete=models.PROTECT, related_name="notarization_cases"
    )
    booking = models.OneToOneField(
        Booking,
        verbose_name=_("预约"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notarization_case",
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("来源工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notarization_cases",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notarization_cases",
    )
    applicant_name = models.CharField(_("申请人"), max_length=128)
    applicant_id_number = EncryptedCharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    applicant_id_number_hash = BlindIndexField(_("身份证号盲索引"), source="applicant_id_number", kind="id_number")
    applicant_phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    agent_name = models.CharField(
        _("代理人"),
        max_length=64,
        blank=True,
        help_text=_("委托他人代为申请时填写（《公证法》第26条）"),
    )
    purpose = models.CharField(_("用途"), max_length=128, blank=True, help_text=_("如：出国留学、办理房产过户"))
    destination = models.CharField(_("使用地（国家或地区）"), max_length=64, blank=True)
    materials = models.JSONField(_("申请材料"), default=list, blank=True)
    notary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办公证员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notarizations_handled",
    )
    recused_notaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("已回避公证员"), blank=True, related_name="+"
    )
    # Clock (《公证法》第30条): working days from acceptance, paused while supplementing or verifying.
    time_limit_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), null=True, blank=True)
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    due_on = models.DateField(_("出证期限"), null=True, blank=True)
    paused_on = models.DateField(_("暂停计时于"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(_("已扣除工作日"), default=0)
    legal_meaning_notice_signed = models.BooleanField(_("已告知法律意义并签署笔录"), default=False)
    national_system_entered = models.BooleanField(_("已录入全国公证管理系统"), default=False)
    fee_yuan = models.DecimalField(
        _("应收公证费（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee_waiver = models.CharField(_("减免"), max_length=24, choices=FeeWaiver.choices, blank=True)
    fee_waived_yuan = models.DecimalField(
        _("减免金额（元）"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    non_acceptance_ground = models.CharField(
        _("不予受理理由"), max_length=24, choices=NonAcceptanceGround.choices, blank=True
    )
    competent_office = models.ForeignKey(
        Agency,
        verbose_name=_("告知有管辖权的公证机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competent_office_name = models.CharField(_("有管辖权的公证机构（其他地区）"), max_length=128, blank=True)
    supplement_request = models.TextField(_("补充材料通知"), blank=True)
    verification_note = models.CharField(_("核实事项或受托核实机构"), max_length=255, blank=True)
    certificate_number = models.CharField(_("公证书编号"), max_length=64, blank=True)
    issued_on = models.DateField(_("出证日期"), null=True, blank=True)
    refusal_ground = models.CharField(_("不予办理理由"), max_length=24, choices=RefusalGround.choices, blank=True)
    termination_ground = models.CharField(_("终止理由"), max_length=16, choices=TerminationGround.choices, blank=True)
    decision_note = models.TextField(_("决定说明"), blank=True)
    refund_note = models.CharField(_("退费说明"), max_length=255, blank=True)
    ended_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    # Review (复查, 《公证法》第39条; 公证程序规则第61、63条 ◐).
    review_requested_on = models.DateField(_("复查申请日期"), null=True, blank=True)
    review_requester = models.CharField(_("复查申请人"), max_length=16, choices=ReviewRequester.choices, blank=True)
    review_known_on = models.DateField(
        _("利害关系人知道或应当知道之日"), null=True, blank=True, help_text=_("利害关系人申请复查时填写")
    )
    review_reason = models.TextField(_("复查理由"), blank=True)
    review_due = models.DateField(_("复查决定期限"), null=True, blank=True)
    review_outcome = models.CharField(_("复查结论"), max_length=16, choices=ReviewOutcome.choices, blank=True)
    review_decided_on = models.DateField(_("复查决定日期"), null=True, blank=True)
    review_note = models.TextField(_("复查处理说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = NotarizationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("公证案件")
        verbose_name_plural = _("公证案件")
        ordering = ["-applied_at"]
        indexes = [
            models.Index(fields=["office", "status", "due_on"], name="appointments_case_queue"),
            models.Index(fields=["notary", "status", "due_on"], name="appointments_case_notary"),
            models.Index(fields=["status", "due_on"], name="appointments_case_due"),
            models.Index(fields=["matter", "status"], name="appointments_case_matter"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.matter}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.applicant_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.applicant_phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.applicant_id_number)

    @property
    def clock_paused(self) -> bool:
        return self.paused_on is not None

    def missing_materials(self) -> list[str]:
        """Names of required materials neither provided nor covered by a written commitment."""
        return [
            str(item.get("name", ""))
            for item in self.materials
            if item.get("required", True) and not item.get("provided") and not item.get("by_commitment")
        ]
