"""A mediation case (调解案件) from the dispute to the closed file: parties, consent, mediators,
sessions, escalation reports, expert consultations, the agreement and its signatures, judicial
confirmation, return visits and the file's documents. Statuses move only through
mediation.services and the table in mediation.states."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.core.fields import BlindIndexedModelMixin, BlindIndexedQuerySet, BlindIndexField, EncryptedCharField
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.core.validators import validate_id_number
from gongfa.mediation.choices import OPEN_STATUSES as OPEN_CASE_STATUSES
from gongfa.mediation.choices import (
    AgreementForm,
    AgreementStatus,
    ApplicationForm,
    CaseSource,
    CaseStatus,
    ConsentDecision,
    ConsentMethod,
    ConsultationStatus,
    CourtDecision,
    DocumentKind,
    EscalationRisk,
    IntakeChannel,
    MediatorRole,
    NonAcceptanceReason,
    Outcome,
    PartyKind,
    PartySide,
    Performance,
    RecusalBasis,
    ReturnVisitStatus,
    Satisfaction,
    SessionMode,
    SignatureMethod,
)
from gongfa.mediation.models.organisation import Committee, Mediator


class DisputeCategory(models.Model):
    """A dispute category (纠纷类型): data, the 15 of the Huangshi report by default."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=32)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_labour = models.BooleanField(
        _("劳动争议"),
        default=False,
        help_text=_("劳动争议：申请调解之日起15日未达成协议，可申请仲裁（劳动争议调解仲裁法第14条）"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("纠纷类型")
        verbose_name_plural = _("纠纷类型")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class CaseSequence(models.Model):
    """Per-year, per-committee counters for case numbers (案号)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    committee = models.ForeignKey(Committee, verbose_name=_("调委会"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("编号种类"), max_length=16, default="case")
    last_value = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("调解编号")
        verbose_name_plural = _("调解编号")
        constraints = [models.UniqueConstraint(fields=["year", "committee", "kind"], name="mediation_case_sequence")]

    def __str__(self) -> str:
        return f"{self.year} {self.committee_id} {self.kind} {self.last_value}"


class MediationCaseQuerySet(models.QuerySet["MediationCase"]):
    def open(self) -> MediationCaseQuerySet:
        return self.filter(status__in=OPEN_CASE_STATUSES)


class MediationCase(models.Model):
    """A people's mediation case (人民调解案件), registered when a party applies, the committee acts on
    its own, or the police, a court or a department hands a dispute over (rules.md §5.5)."""

    number = models.CharField(_("案号"), max_length=40, unique=True)
    status = models.CharField(
        _("状态"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.APPLIED, db_index=True
    )
    outcome = models.CharField(_("调解结果"), max_length=24, choices=Outcome.choices, default=Outcome.NONE, blank=True)
    committee = models.ForeignKey(
        Committee, verbose_name=_("受理调委会"), on_delete=models.PROTECT, related_name="cases"
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("纠纷发生地"),
        on_delete=models.PROTECT,
        related_name="mediation_cases",
        help_text=_("纠纷发生的村（社区）或乡镇，用于统计村级化解占比"),
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("来源工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    category = models.ForeignKey(
        DisputeCategory, verbose_name=_("纠纷类型"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("案件来源"), max_length=24, choices=CaseSource.choices)
    application_form = models.CharField(
        _("申请形式"), max_length=8, choices=ApplicationForm.choices, default=ApplicationForm.ORAL
    )
    intake_channel = models.CharField(_("登记渠道"), max_length=16, choices=IntakeChannel.choices)
    # A hand-over, entrustment or assignment: who sent it, their reference, and when they expect to
    # hear the result (反馈).
    sender_name = models.CharField(_("移送（委托、指定）单位"), max_length=128, blank=True)
    sender_reference = models.CharField(_("来文编号"), max_length=64, blank=True)
    feedback_due_on = models.DateField(_("反馈期限"), null=True, blank=True)
    feedback_sent_at = models.DateTimeField(_("已反馈时间"), null=True, blank=True)
    summary = models.CharField(_("纠纷简要"), max_length=200)
    facts = models.TextField(_("纠纷事实"), blank=True)
    claims = models.TextField(_("当事人请求"), blank=True)
    amount_in_dispute = models.DecimalField(
        _("争议金额（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    non_acceptance_reason = models.CharField(
        _("不予受理理由"), max_length=32, choices=NonAcceptanceReason.choices, blank=True
    )
    redirect_to = models.CharField(_("告知途径"), max_length=200, blank=True, help_text=_("应向哪个机关或法院申请"))
    # Clocks. The one-month soft limit runs from the start of mediation (Mediation Provisions 第33条
    # ◐; a setting); an extension needs both parties' consent.
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    mediation_started_at = models.DateTimeField(_("开始调解时间"), null=True, blank=True)
    due_on = models.DateField(_("调结期限"), null=True, blank=True)
    extended_until = models.DateField(_("延长至"), null=True, blank=True)
    extension_reason = models.CharField(_("延长理由"), max_length=255, blank=True)
    labour_arbitration_from = models.DateField(
        _("可申请劳动仲裁日"),
        null=True,
        blank=True,
        help_text=_("劳动争议：申请调解之日起15日（劳动争议调解仲裁法第14条）"),
    )
    ended_at = models.DateTimeField(_("调解终结时间"), null=True, blank=True)
    # The agreement's effect opens the 30-day joint application window (第33条).
    agreement_effective_on = models.DateField(_("协议生效日"), null=True, blank=True)
    confirmation_window_ends_on = models.DateField(_("司法确认申请期限"), null=True, blank=True)
    agreement_amount = models.DecimalField(
        _("协议涉及金额（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # Escalation (第25条): the flags and the people a prevented escalation concerned.
    escalation_risk = models.BooleanField(_("有激化风险"), default=False)
    prevented_criminal = models.BooleanField(_("防止民转刑"), default=False)
    prevented_criminal_people = models.PositiveIntegerField(_("防止民转刑涉及人数"), default=0)
    prevented_group_petition = models.BooleanField(_("防止群体性上访"), default=False)
    prevented_group_petition_people = models.PositiveIntegerField(_("防止群体性上访涉及人数"), default=0)
    closed_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = MediationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("人民调解案件")
        verbose_name_plural = _("人民调解案件")
        ordering = ["-registered_at"]
        indexes = [
            # The committee's queue and the mediator's list filter by these.
            models.Index(fields=["committee", "status", "registered_at"], name="mediation_case_queue"),
            models.Index(fields=["status", "due_on"], name="mediation_case_due"),
            models.Index(fields=["status", "confirmation_window_ends_on"], name="mediation_case_jc_window"),
            # The open cases (a few in a hundred once the archive grows) with what the lists filter
            # and sort on: the queues count and sort them from the index alone (issue #13).
            models.Index(
                fields=["committee", "status"],
                include=["id", "region", "category", "registered_at", "due_on", "extended_until"],
                condition=Q(status__in=OPEN_CASE_STATUSES),
                name="mediation_case_open",
            ),
            # Newest first (the archives, a supervisor's region, the API's list): a page is read
            # backwards from the index, whatever the number of cases (issue #13).
            models.Index(
                fields=["registered_at", "id"], include=["committee", "region", "status"], name="mediation_case_newest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CASE_STATUSES

    @property
    def limit_on(self) -> object:
        """The date mediation should be concluded by: the extension if any, else the month."""
        return self.extended_until or self.due_on


class CasePartyQuerySet(BlindIndexedQuerySet["CaseParty"]):
    pass


class CaseParty(BlindIndexedModelMixin, models.Model):
    """A party to the dispute (当事人): several on each side. ID numbers and phones are encrypted."""

    case = models.ForeignKey(MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("当事人地位"), max_length=16, choices=PartySide.choices)
    kind = models.CharField(_("类型"), max_length=16, choices=PartyKind.choices, default=PartyKind.PERSON)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("本人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediation_parties",
    )
    name = models.CharField(_("姓名或名称"), max_length=128)
    id_number = EncryptedCharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    id_number_hash = BlindIndexField(_("身份证号盲索引"), source="id_number", kind="id_number")
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    address = EncryptedCharField(_("住址"), max_length=255, blank=True)
    # Someone acting for the party (代理人, 法定代表人): only they or the party may answer for it.
    representative_name = models.CharField(_("代理人或法定代表人"), max_length=64, blank=True)
    representative_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代理人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CasePartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["case", "side", "pk"]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {mask_name(self.name)}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class Consent(models.Model):
    """The other party's answer to the invitation to mediate (第17条): sought, then given or refused,
    by the party or their representative."""

    case = models.ForeignKey(MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="consents")
    party = models.ForeignKey(CaseParty, verbose_name=_("当事人"), on_delete=models.CASCADE, related_name="consents")
    decision = models.CharField(
        _("答复"), max_length=16, choices=ConsentDecision.choices, default=ConsentDecision.PENDING
    )
    method = models.CharField(_("答复方式"), max_length=16, choices=ConsentMethod.choices, blank=True)
    invited_at = models.DateTimeField(_("征询时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by_name = models.CharField(_("答复人"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("调解意愿征询")
        verbose_name_plural = _("调解意愿征询")
        ordering = ["invited_at"]
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="mediation_consent_per_party")]

    def __str__(self) -> str:
        return f"{self.party}：{self.get_decision_display()}"


class CaseMediator(models.Model):
    """A mediator on a case (第19条: designated by the committee or chosen by the parties); one
    presides. A recused mediator stays on record with the reason (回避)."""

    case = models.ForeignKey(MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="mediators")
    mediator = models.ForeignKey(
        Mediator, verbose_name=_("调解员"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("角色"), max_length=16, choices=MediatorRole.choices, default=MediatorRole.PRESIDING)
    chosen_by_parties = models.BooleanField(_("当事人选定"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指定人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("指定时间"), default=timezone.now)
    recused_at = models.DateTimeField(_("回避时间"), null=True, blank=True)
    recusal_basis = models.CharField(_("回避方式"), max_length=16, choices=RecusalBasis.choices, blank=True)
    recusal_reason = models.CharField(_("回避理由"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("案件调解员")
        verbose_name_plural = _("案件调解员")
        ordering = ["case", "role", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "mediator"], condition=Q(recused_at__isnull=True), name="mediation_mediator_once"
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(role=MediatorRole.PRESIDING, recused_at__isnull=True),
                name="mediation_one_presiding",
            ),
        ]
        indexes = [
            models.Index(fields=["mediator", "recused_at"], name="mediation_assignment_mediator"),
            # A mediator's current cases, read from the index alone (我的调解案件, issue #13).
            models.Index(
                fields=["mediator", "case"], condition=Q(recused_at__isnull=True), name="mediation_assignment_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mediator}（{self.get_role_display()}）"

    @property
    def is_current(self) -> bool:
        return self.recused_at is None


class MediationSession(models.Model):
    """A mediation session and its record (调解记录, 第27条)."""

    case = models.ForeignKey(MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("调解时间"))
    mode = models.CharField(_("方式"), max_length=16, choices=SessionMode.choices, default=SessionMode.IN_PERSON)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    video_link = models.URLField(_("视频链接"), blank=True)
    attendees = models.TextField(_("参加人员"), help_text=_("当事人、调解员及经当事人同意邀请参加的人员（第20条）"))
    is_public = models.BooleanField(_("公开调解"), default=False)
    record = models.TextField(_("调解记录"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["case", "held_at"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.held_at:%Y-%m-%d}"


class EscalationReport(models.Model):
    """A report of escalation risk (第25条): who was told, and when."""

    case = models.ForeignKey(
        MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="escalations"
    )
    risk = models.CharField(_("风险"), max_length=16, choices=EscalationRisk.choices)
    description = models.TextField(_("情况及已采取的预防措施"))
    people = models.PositiveIntegerField(_("涉及人数"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    police_notified_at = models.DateTimeField(_("已告知公安机关"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("风险化解时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("激化风险报告")
        verbose_name_plural = _("激化风险报告")
        ordering = ["case", "reported_at"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_risk_display()}"


class ExpertConsultation(models.Model):
    """A request for expert consultation on a difficult dispute (专家会诊)."""

    case = models.ForeignKey(
        MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="consultations"
    )
    question = models.TextField(_("会诊事项"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ConsultationStatus.choices, default=ConsultationStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    experts = models.CharField(_("会诊专家"), max_length=255, blank=True)
    opinion = models.TextField(_("会诊意见"), blank=True)
    answered_at = models.DateTimeField(_("会诊时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家会诊")
        verbose_name_plural = _("专家会诊")
        ordering = ["case", "requested_at"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_status_display()}"


class Agreement(models.Model):
    """The mediation agreement (调解协议, 第28–30条): written, with the content 第29条 requires, or an
    oral agreement whose content the mediator records."""

    case = models.ForeignKey(MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="agreements")
    form = models.CharField(_("形式"), max_length=8, choices=AgreementForm.choices, default=AgreementForm.WRITTEN)
    status = models.CharField(
        _("状态"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT, db_index=True
    )
    number = models.CharField(_("协议编号"), max_length=40, unique=True, null=True, blank=True)
    # 第29条第1款: (一) the parties; (二) the facts, the matters in dispute and responsibility;
    # (三) what was agreed, with how, where and when it will be performed.
    parties_text = models.TextField(_("当事人基本情况"))
    facts_and_responsibility = models.TextField(_("纠纷主要事实、争议事项及各方责任"))
    terms = models.TextField(_("协议内容"))
    performance_method = models.CharField(_("履行方式"), max_length=200, blank=True)
    performance_place = models.CharField(_("履行地点"), max_length=200, blank=True)
    performance_deadline = models.DateField(_("履行期限"), null=True, blank=True)
    amount = models.DecimalField(
        _("协议涉及金额（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    mediator_signed_at = models.DateTimeField(_("调解员签名时间"), null=True, blank=True)
    committee_sealed_at = models.DateTimeField(_("调委会盖章时间"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    pdf = models.FileField("PDF", upload_to="mediation/agreements/", blank=True)

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")
        ordering = ["case", "drafted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=[AgreementStatus.DRAFT, AgreementStatus.FINALISED, AgreementStatus.EFFECTIVE]),
                name="mediation_one_live_agreement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_form_display()}（{self.get_status_display()}）"


class AgreementSignature(models.Model):
    """A party's signature on the written agreement: on paper (recorded by staff) or confirmed by the
    party through a signed link (第29条第2款)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("调解协议"), on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.ForeignKey(CaseParty, verbose_name=_("当事人"), on_delete=models.CASCADE, related_name="+")
    method = models.CharField(_("签署方式"), max_length=8, choices=SignatureMethod.choices)
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("协议签署")
        verbose_name_plural = _("协议签署")
        ordering = ["agreement", "signed_at"]
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="mediation_signature_per_party")]

    def __str__(self) -> str:
        return f"{self.party} {self.get_method_display()}"


class JudicialConfirmation(models.Model):
    """A joint application for judicial confirmation (司法确认, 第33条; 民事诉讼法第205–206条) and the
    court's decision."""

    case = models.ForeignKey(
        MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="confirmations"
    )
    court = models.CharField(_("受理法院"), max_length=128)
    filed_on = models.DateField(_("申请日期"))
    court_reference = models.CharField(_("法院案号"), max_length=64, blank=True)
    decision = models.CharField(_("裁定"), max_length=16, choices=CourtDecision.choices, default=CourtDecision.PENDING)
    decided_on = models.DateField(_("裁定日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("司法确认")
        verbose_name_plural = _("司法确认")
        ordering = ["case", "filed_on"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.court}（{self.get_decision_display()}）"


class ReturnVisit(models.Model):
    """A return visit on performance and satisfaction (回访, 第31条; Mediation Provisions ◐)."""

    case = models.ForeignKey(
        MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="return_visits"
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=ReturnVisitStatus.choices, default=ReturnVisitStatus.DUE, db_index=True
    )
    due_on = models.DateField(_("应回访日期"))
    done_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    performance = models.CharField(_("履行情况"), max_length=16, choices=Performance.choices, blank=True)
    satisfaction = models.CharField(_("满意程度"), max_length=16, choices=Satisfaction.choices, blank=True)
    note = models.TextField(_("回访记录"), blank=True)

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")
        ordering = ["case", "due_on"]
        indexes = [models.Index(fields=["status", "due_on"], name="mediation_visit_due")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.due_on}（{self.get_status_display()}）"


def document_path(instance: CaseDocument, filename: str) -> str:
    # No personal data in the path: the case id and a timestamp only.
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"mediation/files/{instance.case_id}/{instance.kind}-{stamp}.{extension}"


class CaseDocument(models.Model):
    """One document of the case file (卷宗): uploaded (evidence, identity, proof of performance) or
    generated by the platform (the notices, the agreement, the session records, the back cover)."""

    case = models.ForeignKey(MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文书种类"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=128)
    file = models.FileField(_("文件"), upload_to=document_path, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=64, blank=True)
    generated = models.BooleanField(_("系统生成"), default=False)
    session = models.ForeignKey(
        MediationSession, verbose_name=_("调解记录"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("添加时间"), default=timezone.now)

    class Meta:
        verbose_name = _("卷宗材料")
        verbose_name_plural = _("卷宗材料")
        ordering = ["case", "added_at"]
        indexes = [models.Index(fields=["case", "kind"], name="mediation_document_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"
