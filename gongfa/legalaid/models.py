"""Legal aid (法律援助): the case from application (or notice) to closing.

One LegalAidApplication per matter and applicant, linked to the work order it came from. Its
status moves only through legalaid.services and the transition table in legalaid.states; the
eligibility proposal (legalaid.eligibility) is stored with it so the reviewer and the notices show
the same reasons.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import special_groups_of
from gongfa.core.crypto import decrypt_bytes, is_encrypted_bytes
from gongfa.core.fields import BlindIndexedModelMixin, BlindIndexedQuerySet, BlindIndexField, EncryptedCharField
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.core.validators import validate_id_number
from gongfa.legalaid.choices import (
    AgentRelation,
    ApplicationStatus,
    Capacity,
    HardshipBasis,
    IncomeUnit,
    IntakeChannel,
    MaterialKind,
    MatterCondition,
    NotifyingOrgan,
    ProposalOutcome,
    Route,
    TerminationGround,
    VerificationMethod,
)

if TYPE_CHECKING:
    from gongfa.legalaid.eligibility import HardshipRule, MatterRule

# A second application for the same matter is refused while one of these is open (第43条 review
# would otherwise run twice); enforced by a partial unique index as well as by the service.
OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.RECEIVED,
    ApplicationStatus.SUPPLEMENT_REQUESTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.ADVANCE_AID,
    ApplicationStatus.GRANTED,
    ApplicationStatus.ASSIGNED,
    ApplicationStatus.IN_SERVICE,
    ApplicationStatus.CLOSING_REVIEW,
    ApplicationStatus.OBJECTION_PENDING,
)
# Submitted and still open: at most one per applicant and matter (drafts may be many).
SUBMITTED_OPEN_STATUSES = tuple(status for status in OPEN_STATUSES if status != ApplicationStatus.DRAFT)
# Statuses in which the 7-day review clock runs (第43条).
REVIEW_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW)
# Open statuses in which the agency (or, for an objection, its justice bureau) acts next: the
# reviewer queue (legalaid.queue). Drafts are the citizen's; ASSIGNED/IN_SERVICE the provider's.
QUEUE_STATUSES: tuple[str, ...] = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.SUPPLEMENT_REQUESTED,
    ApplicationStatus.GRANTED,
    ApplicationStatus.ADVANCE_AID,
    ApplicationStatus.CLOSING_REVIEW,
    ApplicationStatus.OBJECTION_PENDING,
)
# Statuses in which a provider is handling the case.
SERVICE_STATUSES = (ApplicationStatus.ASSIGNED, ApplicationStatus.IN_SERVICE, ApplicationStatus.ADVANCE_AID)


class RegionalMatter(models.Model):
    """A matter a province or city adds to the national catalogue (第31条第九项 “其他情形”)."""

    region = models.ForeignKey("network.Region", verbose_name=_("适用区划"), on_delete=models.PROTECT)
    code = models.SlugField(_("代码"), max_length=48)
    name = models.CharField(_("事项名称"), max_length=128)
    condition = models.CharField(
        _("经济困难条件"), max_length=20, choices=MatterCondition.choices, default=MatterCondition.MEANS_TESTED
    )
    article = models.CharField(_("依据"), max_length=200, help_text=_("如：《某省法律援助条例》第十条"))
    exempt_groups = models.JSONField(_("适用的免予核查群体"), default=list, blank=True)
    criminal = models.BooleanField(_("刑事事项"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("地方增设援助事项")
        verbose_name_plural = _("地方增设援助事项")
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="legalaid_regional_matter_code")]

    def __str__(self) -> str:
        return f"{self.name}（{self.region}）"

    def rule(self) -> MatterRule:
        from gongfa.legalaid.eligibility import MatterRule

        return MatterRule(
            code=self.code,
            name=self.name,
            condition=self.condition,
            article=self.article,
            exempt_groups=frozenset(self.exempt_groups),
            criminal=self.criminal,
            region_code=self.region.code,
        )


class HardshipStandard(models.Model):
    """A region's economic-hardship standard (经济困难标准, 《法律援助法》第34条), by effective date.

    Set by the province; a city or county row overrides it for its subtree (minimum wages are
    tiered by county). The row in force on a date is the latest effective_from ≤ that date at the
    nearest region up the tree.
    """

    region = models.ForeignKey(
        "network.Region", verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="hardship_standards"
    )
    basis = models.CharField(_("标准依据"), max_length=24, choices=HardshipBasis.choices)
    base_amount = models.DecimalField(
        _("基数（元/月）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("最低工资标准或低保标准的金额"),
    )
    multiplier = models.DecimalField(_("倍数"), max_digits=5, decimal_places=2, null=True, blank=True)
    fixed_amount = models.DecimalField(
        _("固定金额（元/月）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    income_unit = models.CharField(
        _("收入口径"), max_length=24, choices=IncomeUnit.choices, default=IncomeUnit.HOUSEHOLD_PER_CAPITA
    )
    switch_to_individual = models.BooleanField(
        _("对方为共同生活家庭成员时按个人收入"),
        default=True,
        help_text=_("2012年规定第15条（据转载文本，2023年规定中的对应条款未核实）"),
    )
    credit_commitment_allowed = models.BooleanField(_("允许个人诚信承诺"), default=True)
    effective_from = models.DateField(_("施行日期"))
    verified = models.BooleanField(_("已核实"), default=False, help_text=_("未核实（⚠）的标准在审查建议中提示"))
    source = models.CharField(_("来源"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("经济困难标准")
        verbose_name_plural = _("经济困难标准")
        ordering = ["region__code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="legalaid_hardship_region_date")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.get_basis_display()}（{self.effective_from} 起）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from gongfa.core.errors import DomainError
        from gongfa.legalaid.eligibility import resolve_threshold

        try:
            resolve_threshold(
                self.basis, base_amount=self.base_amount, multiplier=self.multiplier, fixed_amount=self.fixed_amount
            )
        except DomainError as exc:
            raise ValidationError(exc.message) from None

    def rule(self) -> HardshipRule:
        from gongfa.legalaid.eligibility import HardshipRule, resolve_threshold

        return HardshipRule(
            region_name=self.region.name,
            basis=self.basis,
            monthly_threshold=resolve_threshold(
                self.basis, base_amount=self.base_amount, multiplier=self.multiplier, fixed_amount=self.fixed_amount
            ),
            income_unit=self.income_unit,
            switch_to_individual=self.switch_to_individual,
            effective_from=self.effective_from,
            verified=self.verified,
            source=self.source,
            credit_commitment_allowed=self.credit_commitment_allowed,
        )


class ProviderProfile(models.Model):
    """What the assignment needs to know about a legal-aid provider (承办人员): experience,
    specialisms, whether they take legal aid, and the parties they may not act against."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="legalaid_profile"
    )
    agency = models.ForeignKey(
        "network.Agency", verbose_name=_("执业机构"), on_delete=models.PROTECT, related_name="legalaid_providers"
    )
    criminal_defence_years = models.PositiveSmallIntegerField(_("刑事辩护执业年限"), default=0)
    minors_specialist = models.BooleanField(_("熟悉未成年人身心特点"), default=False)
    accepts_legal_aid = models.BooleanField(_("承办法律援助"), default=True)
    published = models.BooleanField(_("列入公示名册（可供点援）"), default=False)
    conflict_parties = models.TextField(
        _("利益冲突当事人"), blank=True, help_text=_("本人或近亲属有利益冲突的当事人姓名，每行一个（《律师法》第39条）")
    )
    last_assigned_at = models.DateTimeField(_("最近指派时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("法律援助承办人员")
        verbose_name_plural = _("法律援助承办人员")
        indexes = [models.Index(fields=["agency", "accepts_legal_aid"], name="legalaid_provider_agency")]

    def __str__(self) -> str:
        return f"{self.user}（{self.agency}）"

    def conflicts_with(self, party: str) -> bool:
        names = {line.strip() for line in self.conflict_parties.splitlines() if line.strip()}
        return bool(party.strip()) and party.strip() in names


class LegalAidApplicationQuerySet(BlindIndexedQuerySet["LegalAidApplication"]):
    def open(self) -> LegalAidApplicationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def in_service(self) -> LegalAidApplicationQuerySet:
        return self.filter(status__in=SERVICE_STATUSES)


class LegalAidApplication(BlindIndexedModelMixin, models.Model):
    """A legal-aid case (法律援助案件): an application, or a notice from a court, procuratorate
    or police, through review, assignment and service to closing."""

    number = models.CharField(_("案件编号"), max_length=24, unique=True, null=True, blank=True)
    route = models.CharField(_("受理途径"), max_length=16, choices=Route.choices, default=Route.APPLICATION)
    intake_channel = models.CharField(
        _("申请方式"), max_length=24, choices=IntakeChannel.choices, default=IntakeChannel.PORTAL
    )
    status = models.CharField(
        _("状态"), max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("来源工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_cases",
    )
    region = models.ForeignKey(
        "network.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="legal_aid_cases"
    )
    agency = models.ForeignKey(
        "network.Agency",
        verbose_name=_("法律援助机构"),
        on_delete=models.PROTECT,
        related_name="legal_aid_cases",
        help_text=_("作出决定的县级以上法律援助机构（第12条）"),
    )
    received_point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("收件服务点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Applicant (申请人) — the person aid is for; an agent may apply for them (第40条).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_applications",
    )
    applicant_name = models.CharField(_("申请人姓名"), max_length=64)
    # Encrypted at rest; exact lookups (one open application per matter) use the blind index.
    id_number = EncryptedCharField(_("身份证号"), max_length=18, validators=[validate_id_number])
    id_number_hash = BlindIndexField(_("身份证号盲索引"), source="id_number", kind="id_number")
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("住址"), max_length=255, blank=True)
    # Capacity and the one who applies for a person without full capacity (代为申请, 第40条).
    applicant_capacity = models.CharField(
        _("申请人民事行为能力"), max_length=8, choices=Capacity.choices, default=Capacity.FULL
    )
    agent_name = models.CharField(_("代为申请人"), max_length=64, blank=True)
    agent_relation = models.CharField(_("与申请人关系"), max_length=32, choices=AgentRelation.choices, blank=True)
    agent_id_number = EncryptedCharField(
        _("代为申请人身份证号"), max_length=18, blank=True, validators=[validate_id_number]
    )
    agent_phone = EncryptedCharField(_("代为申请人联系电话"), max_length=20, blank=True)
    opponent_name = models.CharField(_("对方当事人"), max_length=128, blank=True)
    facts = models.TextField(_("案情及申请理由"), blank=True)
    # The matter (申请事项), kept as written at the time: the catalogue may change later.
    matter_code = models.CharField(_("事项代码"), max_length=48)
    matter_name = models.CharField(_("申请事项"), max_length=128)
    matter_article = models.CharField(_("事项依据"), max_length=200)
    # Facts the eligibility engine reads (rules.md §1.4–1.6).
    has_agent = models.BooleanField(_("已委托代理人或辩护人"), default=False)
    retrial_started = models.BooleanField(_("已决定再审或已提出抗诉"), default=False)
    other_reasons = models.CharField(_("其他原因（第24条）"), max_length=255, blank=True)
    exempt_group = models.CharField(_("免予核查群体"), max_length=32, blank=True)
    household_size = models.PositiveSmallIntegerField(_("共同生活家庭人口"), null=True, blank=True)
    household_monthly_income = models.DecimalField(
        _("家庭月收入（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    applicant_monthly_income = models.DecimalField(
        _("申请人月收入（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opponent_co_resident = models.BooleanField(_("对方为共同生活的家庭成员"), default=False)
    verification = models.CharField(
        _("经济困难核查方式"), max_length=24, choices=VerificationMethod.choices, blank=True
    )
    credit_commitment_barred = models.BooleanField(_("不得适用诚信承诺"), default=False)
    low_income_certificate = models.BooleanField(_("持低收入家庭认定证明"), default=False)
    is_foreign = models.BooleanField(_("外国人或无国籍人"), default=False)
    # Priority groups (rules.md §1.4(d)): the one list of special groups, as work orders' bit flags.
    special_groups = models.PositiveIntegerField(_("特殊群体"), default=0)
    green_channel = models.BooleanField(_("绿色通道"), default=False)
    home_visit_requested = models.BooleanField(_("申请上门服务"), default=False)
    # The engine's proposal, stored as shown to the reviewer.
    proposal_outcome = models.CharField(
        _("审查建议"), max_length=16, choices=ProposalOutcome.choices, blank=True, db_index=True
    )
    proposal = models.JSONField(_("审查建议理由"), default=dict, blank=True)
    # Notified route (通知辩护/代理, 第25、28、36条).
    notifying_organ = models.CharField(_("通知机关类别"), max_length=16, choices=NotifyingOrgan.choices, blank=True)
    notifying_organ_name = models.CharField(_("通知机关"), max_length=128, blank=True)
    notified_grounds = models.JSONField(_("通知理由"), default=list, blank=True)
    senior_years_required = models.PositiveSmallIntegerField(_("承办人最低刑辩年限"), null=True, blank=True)
    minors_specialist_required = models.BooleanField(_("须熟悉未成年人身心特点"), default=False)
    # Forwarded applications (第39条, 24 hours).
    forwarded_by = models.CharField(_("转交单位"), max_length=128, blank=True)
    forward_requested_at = models.DateTimeField(_("提出申请时间（转交）"), null=True, blank=True)
    forward_overdue = models.BooleanField(_("转交超过24小时"), default=False)
    # Clocks (computed, never typed).
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("收到申请时间"), null=True, blank=True)
    review_due = models.DateField(_("审查期限"), null=True, blank=True)
    review_target = models.DateField(_("内部目标期限"), null=True, blank=True)
    review_paused_on = models.DateField(_("审查计时暂停于"), null=True, blank=True)
    review_days_used = models.PositiveSmallIntegerField(_("已用审查期间"), default=0)
    deadline_warnings = models.JSONField(_("时限提示"), default=list, blank=True)
    advance_aid = models.BooleanField(_("先行提供法律援助"), default=False)
    urgent_reason = models.CharField(_("紧急情形（第44条）"), max_length=255, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reasons = models.TextField(_("决定理由"), blank=True)
    assign_due = models.DateField(_("指派期限"), null=True, blank=True)
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_cases_handled",
    )
    provider_agency = models.ForeignKey(
        "network.Agency",
        verbose_name=_("承办机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_cases_provided",
    )
    assigned_at = models.DateTimeField(_("指派时间"), null=True, blank=True)
    chosen_by_applicant = models.BooleanField(_("受援人点援"), default=False)
    engagement_due = models.DateField(_("签订委托协议期限"), null=True, blank=True)
    engaged_at = models.DateTimeField(_("签订委托协议时间"), null=True, blank=True)
    termination_ground = models.CharField(_("终止事由"), max_length=24, choices=TerminationGround.choices, blank=True)
    closing_report = models.TextField(_("结案报告"), blank=True)
    closing_report_at = models.DateTimeField(_("提交结案报告时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    subsidy_amount = models.DecimalField(_("办案补贴（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = LegalAidApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("法律援助案件")
        verbose_name_plural = _("法律援助案件")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash", "matter_code"],
                condition=Q(status__in=SUBMITTED_OPEN_STATUSES) & Q(route=Route.APPLICATION),
                name="legalaid_one_open_application_per_matter",
            ),
        ]
        indexes = [
            # The reviewer queue: open cases of an agency by clock; green channel first.
            models.Index(fields=["agency", "status", "green_channel", "review_due"], name="legalaid_queue"),
            models.Index(fields=["provider", "status"], name="legalaid_provider_cases"),
            models.Index(fields=["applicant", "status"], name="legalaid_applicant_cases"),
            models.Index(fields=["status", "review_due"], name="legalaid_status_review_due"),
            models.Index(fields=["status", "assign_due"], name="legalaid_status_assign_due"),
            # The queue page, its counters and the supervisors' region filter read only this (an
            # index-only scan on PostgreSQL: benchmarks/legalaid_queue.py, page ids 4.7 → 1.4 ms).
            models.Index(
                fields=["agency", "green_channel"],
                include=["status", "review_due", "assign_due", "review_paused_on", "region", "id"],
                condition=Q(status__in=QUEUE_STATUSES),
                name="legalaid_open_queue_cover",
            ),
            # Applicant-name prefix search in an agency (the collation is not C: pattern ops).
            models.Index(
                fields=["agency", "applicant_name"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                name="legalaid_agency_name_prefix",
            ),
            # Cases closed in a period: quality index, peer-review sampling, statistics.
            models.Index(fields=["status", "closed_at"], name="legalaid_status_closed_at"),
        ]

    def __str__(self) -> str:
        return self.number or f"法律援助申请（草稿 {self.pk}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_name(self) -> str:
        return mask_name(self.applicant_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_agent_name(self) -> str:
        return mask_name(self.agent_name) if self.agent_name else ""

    @property
    def masked_agent_id_number(self) -> str:
        return mask_id_number(self.agent_id_number) if self.agent_id_number else ""

    @property
    def masked_agent_phone(self) -> str:
        return mask_phone(self.agent_phone) if self.agent_phone else ""

    @property
    def special_group_list(self) -> list[str]:
        return [str(group.label) for group in special_groups_of(self.special_groups)]

    def is_review_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in REVIEW_STATUSES and self.review_due is not None and today > self.review_due

    def is_assignment_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == ApplicationStatus.GRANTED and self.assign_due is not None and today > self.assign_due

    @property
    def means_tested(self) -> bool:
        return bool(self.proposal.get("means_test_applies", True))


class SupplementRequest(models.Model):
    """The one-time supplement notice (一次性告知补充材料, 第43条第2款): every missing item at once."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="supplement_requests"
    )
    items = models.JSONField(_("需补充的材料"), help_text="[{kind, label, note}]")
    issued_at = models.DateTimeField(_("通知时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审查人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(_("补充期限"))
    fulfilled_at = models.DateTimeField(_("补齐时间"), null=True, blank=True)
    lapsed_at = models.DateTimeField(_("逾期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("补充材料通知")
        verbose_name_plural = _("补充材料通知")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["due", "fulfilled_at", "lapsed_at"], name="legalaid_supplement_due")]

    def __str__(self) -> str:
        return f"{self.application} 补充材料（{self.due} 前）"

    @property
    def is_open(self) -> bool:
        return self.fulfilled_at is None and self.lapsed_at is None


def upload_path(instance: Material, filename: str) -> str:
    # The stored name is ours, never the uploader's (no path tricks, no personal data in names).
    suffix = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.content_type, "bin")
    return f"legalaid/{instance.application_id}/{timezone.now():%Y%m%d%H%M%S%f}.{suffix}"


# Identity documents (身份证件) are stored encrypted (gongfa.core.crypto); read them with read_content().
ENCRYPTED_MATERIAL_KINDS = frozenset({MaterialKind.IDENTITY.value})


class Material(models.Model):
    """A document filed with the case (申请材料), PDF/JPEG/PNG only, size limited. Identity
    documents are encrypted at rest."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("材料类别"), max_length=24, choices=MaterialKind.choices)
    file = models.FileField(_("文件"), upload_to=upload_path)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["uploaded_at"]
        indexes = [models.Index(fields=["application", "kind"], name="legalaid_material_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"

    # Read by `manage.py rotate_keys` (gongfa.core.key_rotation).
    ENCRYPTED_FILE_FIELDS = ("file",)

    def must_encrypt_files(self) -> bool:
        return self.kind in ENCRYPTED_MATERIAL_KINDS

    def read_content(self) -> bytes:
        """The bytes as uploaded: decrypted when the stored file is encrypted."""
        with self.file.open("rb") as handle:
            data = handle.read()
        return decrypt_bytes(data) if is_encrypted_bytes(data) else data


class Objection(models.Model):
    """An objection (异议, 第49条) to a refusal or a termination, decided by the justice bureau in
    5 days: upheld, or the agency is ordered to correct."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("维持原决定")
        CORRECTED = "corrected", _("责令改正")

    application = models.ForeignKey(
        LegalAidApplication, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="objections"
    )
    against_status = models.CharField(_("异议对象"), max_length=24, choices=ApplicationStatus.choices)
    reason = models.TextField(_("异议理由"))
    lodged_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    due = models.DateField(_("审查期限"))
    outcome = models.CharField(_("审查结果"), max_length=16, choices=Outcome.choices, blank=True)
    decision = models.TextField(_("审查意见"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-lodged_at"]

    def __str__(self) -> str:
        return f"{self.application} 异议"


class ProgressUpdate(models.Model):
    """A provider's progress note (办案进展, 第46条: keep the recipient informed)."""

    application = models.ForeignKey(
        LegalAidApplication, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写人"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("进展"))
    visible_to_applicant = models.BooleanField(_("受援人可见"), default=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办案进展")
        verbose_name_plural = _("办案进展")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.application} {self.created_at:%Y-%m-%d}"


class LegalAidNotice(models.Model):
    """A numbered notice or decision (文书) issued on a case; the PDF is rendered from it."""

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("补充材料通知书")
        GRANT = "grant", _("给予法律援助决定书")
        REFUSAL = "refusal", _("不予法律援助决定书")
        ASSIGNMENT = "assignment", _("指派通知书")
        TERMINATION = "termination", _("终止法律援助决定书")
        OBJECTION = "objection", _("异议审查决定书")
        DEEMED_WITHDRAWAL = "deemed_withdrawal", _("视为撤回申请告知书")
        ADVANCE_AID = "advance_aid", _("先行提供法律援助决定书")

    application = models.ForeignKey(
        LegalAidApplication, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("文书种类"), max_length=24, choices=Kind.choices)
    number = models.CharField(_("文号"), max_length=40, unique=True)
    body = models.JSONField(_("内容"), default=dict)
    issued_at = models.DateTimeField(_("制发时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("制发人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.FileField("PDF", upload_to="legalaid/notices/", blank=True)

    class Meta:
        verbose_name = _("法律援助文书")
        verbose_name_plural = _("法律援助文书")
        ordering = ["issued_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class NoticeSequence(models.Model):
    """Per-year, per-kind counters for notice numbers (文号)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("文书种类"), max_length=24)
    last_value = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("文书编号")
        verbose_name_plural = _("文书编号")
        constraints = [models.UniqueConstraint(fields=["year", "kind"], name="legalaid_notice_sequence")]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.last_value}"


# Quality control (质量控制, 《法律援助法》第57、59条; rules.md §1.14): case reviews against the
# scoring checklist (legalaid/data/quality_checklist.json), peer-review samples, return visits.


class QualityReview(models.Model):
    """办案质量评查: one scoring of a case against the checklist, by the provider (自查), the legal
    aid agency (机构评查) or a peer reviewer (同行评估, 第57条)."""

    class Kind(models.TextChoices):
        SELF_CHECK = "self_check", _("承办人员自查")
        AGENCY_REVIEW = "agency_review", _("法律援助机构评查")
        PEER_REVIEW = "peer_review", _("同行评估")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        GOOD = "good", _("合格")
        BASIC = "basic", _("基本合格")
        FAIL = "fail", _("不合格")

    application = models.ForeignKey(
        LegalAidApplication, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="quality_reviews"
    )
    kind = models.CharField(_("评查方式"), max_length=16, choices=Kind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评查人"), on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(_("各项得分"), default=dict, help_text=_("{评查项目代码: 得分}"))
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2)
    grade = models.CharField(_("等次"), max_length=12, choices=Grade.choices)
    comments = models.TextField(_("评查意见"), blank=True)
    checklist_version = models.CharField(_("评查标准版本"), max_length=32)
    created_at = models.DateTimeField(_("评查时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办案质量评查")
        verbose_name_plural = _("办案质量评查")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "reviewer"], name="legalaid_one_quality_review_per_reviewer"
            ),
        ]
        indexes = [models.Index(fields=["application", "kind"], name="legalaid_quality_case_kind")]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} {self.total}分"


class PeerReviewSample(models.Model):
    """A closed case drawn for peer review (同行评估抽查, 第57条); a case is drawn at most once."""

    application = models.OneToOneField(
        LegalAidApplication, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="peer_review_sample"
    )
    agency = models.ForeignKey(
        "network.Agency", verbose_name=_("法律援助机构"), on_delete=models.PROTECT, related_name="peer_review_samples"
    )
    period_start = models.DateField(_("结案期间自"))
    period_end = models.DateField(_("结案期间至"))
    percent = models.DecimalField(_("抽查比例（%）"), max_digits=5, decimal_places=2)
    seed = models.BigIntegerField(_("随机种子"), null=True, blank=True)
    sampled_at = models.DateTimeField(_("抽取时间"), default=timezone.now)
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评估人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="peer_review_samples",
    )

    class Meta:
        verbose_name = _("同行评估抽查")
        verbose_name_plural = _("同行评估抽查")
        ordering = ["-sampled_at", "pk"]
        indexes = [models.Index(fields=["agency", "period_start", "period_end"], name="legalaid_peer_sample_period")]

    def __str__(self) -> str:
        return f"{self.application} 同行评估（{self.period_start}—{self.period_end}）"


class ReturnVisit(models.Model):
    """回访受援人 (《法律援助法》第59条): a call or visit to the recipient at the closing review."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话回访")
        HOME = "home", _("上门回访")
        ONLINE = "online", _("网上回访")

    application = models.ForeignKey(
        LegalAidApplication, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="return_visits"
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回访人"), on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField(_("回访时间"))
    method = models.CharField(_("回访方式"), max_length=8, choices=Method.choices)
    satisfied = models.BooleanField(_("受援人满意"))
    opinion = models.TextField(_("受援人意见"), blank=True)
    issues = models.TextField(_("反映的问题"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("法律援助回访")
        verbose_name_plural = _("法律援助回访")
        ordering = ["visited_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} 回访（{self.visited_at:%Y-%m-%d}）"


class DutyHelpLog(models.Model):
    """法律帮助登记: a duty lawyer's help to a suspect or defendant without a defender at a court,
    procuratorate or detention centre (《法律援助法》第14、30、37条; rules.md §1.15, §5.4)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("已提出法律帮助请求")
        HELP_GIVEN = "help_given", _("已提供法律帮助")
        CLOSED = "closed", _("已办结")
        APPLICATION_FORWARDED = "application_forwarded", _("已转交法律援助申请")

    agency = models.ForeignKey(
        "network.Agency",
        verbose_name=_("法律援助机构"),
        on_delete=models.PROTECT,
        related_name="duty_help_logs",
        help_text=_("派驻值班律师的法律援助中心（第14条）"),
    )
    station = models.CharField(_("值班地点"), max_length=128, help_text=_("看守所、人民法院或人民检察院名称"))
    duty_lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("值班律师"), on_delete=models.PROTECT, related_name="duty_help_logs"
    )
    person_name = models.CharField(_("犯罪嫌疑人、被告人姓名"), max_length=64)
    id_number = EncryptedCharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    help_kinds = models.JSONField(_("法律帮助内容"), default=list, blank=True, help_text=_("DutyHelpKind 值的列表"))
    requested_at = models.DateTimeField(_("提出请求时间"))
    helped_at = models.DateTimeField(_("提供帮助时间"), null=True, blank=True)
    notes = models.TextField(_("帮助情况"), blank=True)
    plea_presence = models.BooleanField(
        _("认罪认罚具结书签署在场"), default=False, help_text=_("《刑事诉讼法》第174条")
    )
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    forwarded_application = models.ForeignKey(
        LegalAidApplication,
        verbose_name=_("转交的法律援助申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_help_logs",
    )
    forwarded_at = models.DateTimeField(_("转交时间"), null=True, blank=True)
    forward_overdue = models.BooleanField(_("转交超过时限"), default=False, help_text=_("《法律援助法》第39条第2款"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("值班律师法律帮助登记")
        verbose_name_plural = _("值班律师法律帮助登记")
        ordering = ["-requested_at", "pk"]
        indexes = [
            models.Index(fields=["agency", "status", "requested_at"], name="legalaid_duty_agency_status"),
            models.Index(fields=["duty_lawyer", "status"], name="legalaid_duty_lawyer_status"),
        ]

    def __str__(self) -> str:
        return f"{self.station} 法律帮助（{self.masked_name}，{self.requested_at:%Y-%m-%d}）"

    @property
    def masked_name(self) -> str:
        return mask_name(self.person_name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""
