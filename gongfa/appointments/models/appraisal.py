"""Judicial-appraisal referral (司法鉴定委托引导, rules.md §3.7, §5.7): the centre records the matter,
the citizen and the chosen institution, by agreement or by a recorded random draw, and tracks the
institution's clocks. In litigation the referral records guidance only: the court commissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import APPRAISAL_OPEN, AppraisalStatus, SelectionMethod
from gongfa.core.fields import BlindIndexedModelMixin, BlindIndexedQuerySet, BlindIndexField, EncryptedCharField
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.core.validators import validate_id_number
from gongfa.network.models import Agency, Region


class AppraisalCategory(models.Model):
    """司法鉴定类别: 法医类, 物证类, 声像资料类, 环境损害类 (2015) and their sub-categories (病理,
    临床, 文书, 电子数据 …), as data (practice.md §d)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    source = models.CharField(_("依据"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("司法鉴定类别")
        verbose_name_plural = _("司法鉴定类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.parent.name}：{self.name}" if self.parent_id and self.parent else self.name


class InstitutionCategory(models.Model):
    """A category (or sub-category) an appraisal institution is registered for (执业类别, from the
    register 名册)."""

    institution = models.ForeignKey(
        Agency,
        verbose_name=_("鉴定机构"),
        on_delete=models.CASCADE,
        related_name="appraisal_categories",
        limit_choices_to={"kind": "appraisal_institution"},
    )
    category = models.ForeignKey(
        AppraisalCategory, verbose_name=_("鉴定类别"), on_delete=models.PROTECT, related_name="institutions"
    )

    class Meta:
        verbose_name = _("鉴定机构执业类别")
        verbose_name_plural = _("鉴定机构执业类别")
        constraints = [
            models.UniqueConstraint(fields=["institution", "category"], name="appointments_institution_category_once")
        ]

    def __str__(self) -> str:
        return f"{self.institution.name}：{self.category.name}"


class AppraisalReferralQuerySet(BlindIndexedQuerySet["AppraisalReferral"]):
    def open(self) -> AppraisalReferralQuerySet:
        return self.filter(status__in=APPRAISAL_OPEN)


class AppraisalReferral(BlindIndexedModelMixin, models.Model):
    """司法鉴定委托引导. `draw_candidates` keeps the eligible institutions' ids in the order the draw
    saw them; with `draw_seed` the draw is reproducible (appointments.services.appraisal)."""

    number = models.CharField(_("编号"), max_length=40, unique=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=AppraisalStatus.choices, default=AppraisalStatus.CREATED, db_index=True
    )
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        AppraisalCategory, verbose_name=_("鉴定类别"), on_delete=models.PROTECT, related_name="referrals"
    )
    matter = models.CharField(_("鉴定事项"), max_length=255)
    purpose = models.CharField(_("鉴定用途"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraisal_referrals",
    )
    applicant_name = models.CharField(_("申请人"), max_length=128)
    applicant_id_number = EncryptedCharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    applicant_id_number_hash = BlindIndexField(_("身份证号盲索引"), source="applicant_id_number", kind="id_number")
    applicant_phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    legal_aid_application = models.ForeignKey(
        "legalaid.LegalAidApplication",
        verbose_name=_("法律援助案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisal_referrals",
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("来源工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisal_referrals",
    )
    # 法律援助法第53条: appraisal fees reduced or waived for legal-aid recipients.
    fee_waiver = models.BooleanField(_("减免鉴定费（法律援助受援人）"), default=False)
    in_litigation = models.BooleanField(_("已在诉讼中"), default=False)
    court_name = models.CharField(_("办案机关"), max_length=128, blank=True)
    guidance = models.TextField(_("引导说明"), blank=True)
    selection_method = models.CharField(_("选定方式"), max_length=16, choices=SelectionMethod.choices, blank=True)
    institution = models.ForeignKey(
        Agency,
        verbose_name=_("鉴定机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisal_referrals",
    )
    draw_seed = models.CharField(_("摇号种子"), max_length=64, blank=True)
    draw_candidates = models.JSONField(_("摇号候选机构"), default=list, blank=True)
    drawn_at = models.DateTimeField(_("摇号时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("摇号人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    draw_witness = models.CharField(_("摇号见证人"), max_length=128, blank=True)
    commissioned_on = models.DateField(_("委托日期"), null=True, blank=True)
    accept_due = models.DateField(_("受理决定期限"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    agreement_signed_on = models.DateField(_("委托协议签订日期"), null=True, blank=True)
    complete_due = models.DateField(_("鉴定完成期限"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长（工作日）"), default=0)
    extension_reason = models.CharField(_("延长理由"), max_length=255, blank=True)
    opinion_issued_on = models.DateField(_("出具鉴定意见日期"), null=True, blank=True)
    opinion_number = models.CharField(_("鉴定意见书编号"), max_length=64, blank=True)
    opinion_summary = models.TextField(_("鉴定意见摘要"), blank=True)
    not_accepted_reason = models.TextField(_("不予受理理由"), blank=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    ended_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AppraisalReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("司法鉴定委托引导")
        verbose_name_plural = _("司法鉴定委托引导")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["institution", "status", "accept_due"], name="appointments_referral_inst"),
            models.Index(fields=["region", "status", "created_at"], name="appointments_referral_region"),
            models.Index(fields=["status", "complete_due"], name="appointments_referral_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.category}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.applicant_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.applicant_phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.applicant_id_number)
