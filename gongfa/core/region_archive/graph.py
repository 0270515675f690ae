"""Which models a county archive carries, and how their rows are found and referred to.

Every model of the installation is in exactly one of three groups (a test checks it):

- OWNED: rows that belong to a county. Each names its *anchors*: foreign keys to owned rows; a
  row belongs to the county when any anchor points at a row that does. Regions are the root (the
  county's subtree); `audit.Event` also belongs when its subject (a generic foreign key) does.
  Users are owned when any archived row refers to them; USER_OWNED rows (group membership,
  notification inbox and preferences, personal-data access log) then follow their user.
- EXCLUDED: never archived (derived rollups, sessions, installation-wide counters, credentials).
- Everything else is REFERENCE data shared by the whole installation (catalogue, topics, statutes,
  content types …): never archived, referred to by natural key and looked up on import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models

from gongfa.core.fields import BlindIndexField, EncryptedCharField

ROOT = "network.Region"
USER = "accounts.User"

# label -> anchors (attribute names of foreign keys to owned models). Order does not matter:
# selection_order() sorts them so that every anchor's target is selected first.
OWNED: dict[str, tuple[str, ...]] = {
    ROOT: (),
    "network.ServicePoint": ("region",),
    "network.Agency": ("region",),
    "network.StaffPosting": ("point", "agency"),
    "network.DutyShift": ("point",),
    "network.AdvisorAssignment": ("village",),
    "network.RegionSetting": ("region",),
    "catalog.SlaRule": ("region",),
    "workorders.AnswerTemplate": ("region",),
    "workorders.HotlineQueue": ("point",),
    "workorders.WorkOrder": ("region",),
    "workorders.ExternalUpdate": ("order",),
    "workorders.CallRecord": ("order", "queue"),
    "workorders.QualityInspection": ("call",),
    "workorders.IntakeKey": ("order",),
    "workorders.CaseLink": ("order",),
    "workorders.CallbackRecord": ("order",),
    "workorders.TopicLabel": ("order",),
    "workorders.SupervisionNotice": ("order",),
    "workorders.ReturnVisit": ("order",),
    "workorders.Rectification": ("order", "responsible_point"),
    "knowledge.QuestionLog": ("region", "work_order"),
    # a county's verified questions (de-identified) go with it; those with no place stay (reference-free)
    "knowledge.VerifiedQuestion": ("region", "question_log"),
    "knowledge.VerifiedQuestion_articles": ("verifiedquestion",),
    "legalaid.RegionalMatter": ("region",),
    "legalaid.HardshipStandard": ("region",),
    "legalaid.ProviderProfile": ("agency",),
    "legalaid.LegalAidApplication": ("region", "work_order"),
    "legalaid.SupplementRequest": ("application",),
    "legalaid.Material": ("application",),
    "legalaid.Objection": ("application",),
    "legalaid.ProgressUpdate": ("application",),
    "legalaid.LegalAidNotice": ("application",),
    "legalaid.QualityReview": ("application",),
    "legalaid.PeerReviewSample": ("application",),
    "legalaid.ReturnVisit": ("application",),
    "legalaid.DutyHelpLog": ("agency",),
    "mediation.Committee": ("agency",),
    "mediation.CommitteeMember": ("committee",),
    "mediation.Mediator": ("committee",),
    "mediation.MediatorTraining": ("mediator",),
    "mediation.MediatorInsurance": ("mediator",),
    "mediation.GradeAward": ("mediator",),
    "mediation.CaseSequence": ("committee",),
    "mediation.MediationCase": ("committee", "region", "work_order"),
    "mediation.CaseParty": ("case",),
    "mediation.Consent": ("case",),
    "mediation.CaseMediator": ("case",),
    "mediation.MediationSession": ("case",),
    "mediation.EscalationReport": ("case",),
    "mediation.ExpertConsultation": ("case",),
    "mediation.Agreement": ("case",),
    "mediation.AgreementSignature": ("agreement",),
    "mediation.JudicialConfirmation": ("case",),
    "mediation.ReturnVisit": ("case",),
    "mediation.CaseDocument": ("case",),
    "appointments.InstitutionCategory": ("institution",),
    "appointments.AppraisalReferral": ("region", "legal_aid_application", "work_order", "institution"),
    "appointments.OfficeMatter": ("office",),
    "appointments.BookableResource": ("office",),
    "appointments.SlotTemplate": ("resource",),
    "appointments.Closure": ("office",),
    "appointments.Booking": ("office", "work_order"),
    "appointments.NotarizationCase": ("office", "booking", "work_order"),
    "appointments.NotarizationCase_recused_notaries": ("notarizationcase",),
    "outreach.AdvisorLog": ("village", "work_order"),
    "outreach.Attachment": ("log", "event"),
    "outreach.TypicalCase": ("region",),
    "outreach.PublicGoodRecord": ("agency",),
    "outreach.PublicityPlan": ("region",),
    "outreach.PlanCampaign": ("plan",),
    "outreach.PublicityEvent": ("region", "plan"),
    "outreach.PublicityEvent_speakers": ("publicityevent",),
    "outreach.SurveyResponse": ("event",),
    "outreach.PublicityPrompt": ("region",),
    "outreach.CultureSite": ("region",),
    "outreach.School": ("region",),
    "outreach.VicePrincipal": ("school",),
    "outreach.Volunteer": ("region",),
    "outreach.Expert": ("region",),
    "outreach.ExpertCall": ("expert", "work_order"),
    "outreach.TrainingCourse": ("region",),
    "outreach.TrainingCourse_attendees": ("trainingcourse",),
    "performance.EvaluationRun": ("region",),
    "performance.EvaluationInput": ("run",),
    "performance.EvaluationResult": ("run",),
    "performance.MonthlyReport": ("region",),
    "performance.ReportCell": ("report",),
    "performance.Bulletin": ("region",),
    "performance.PointProfile": ("point",),
    "performance.PointProfile_stationed_agencies": ("pointprofile",),
    "performance.SiteInspection": ("point",),
    "performance.ItemScore": ("inspection",),
    "performance.Target": ("region",),
    "performance.Milestone": ("target",),
    "drafting.Interview": ("region", "point", "work_order", "legal_aid_application", "review_order"),
    "drafting.DraftDocument": ("interview",),
    # Also owned when its subject (generic foreign key) is an archived row.
    "audit.Event": ("region",),
}

# Rows that follow a user once the user is archived (anchors are foreign keys to accounts.User).
# On import they are skipped for a user that already exists in the receiving installation: that
# person's inbox, groups and preferences there stay as they are.
USER_OWNED: dict[str, tuple[str, ...]] = {
    "accounts.User_groups": ("user",),
    "accounts.User_user_permissions": ("user",),
    "notifications.NotificationPreference": ("user",),
    "notifications.Notification": ("recipient",),
    "audit.PersonalDataAccess": ("person",),
}

# Owned rows found again by natural key in the receiving installation instead of created twice.
MERGED_BY_NATURAL_KEY = {ROOT: ("code",), USER: ("username",)}

EXCLUDED: dict[str, str] = {
    "admin.LogEntry": "admin change history of this installation",
    "sessions.Session": "login sessions",
    "accounts.SmsMessage": "outbound SMS log (transient)",
    "accounts.OneTimeCode": "short-lived login codes",
    "api.ApiToken": "API credentials: issue new tokens in the receiving installation",
    "performance.DailyFact": "derived: rebuilt by performance rollups",
    "performance.RollupFact": "derived: rebuilt by performance rollups",
    "performance.FactLedger": "derived: rebuilt by performance rollups",
    "performance.PendingRefresh": "derived: rebuilt by performance rollups",
    "workorders.TrackingSequence": "installation-wide counter (raised on import to cover imported numbers)",
    "legalaid.NoticeSequence": "installation-wide counter (raised on import to cover imported numbers)",
    "appointments.Sequence": "installation-wide counter (raised on import to cover imported numbers)",
    "outreach.Sequence": "installation-wide counter (raised on import to cover imported numbers)",
}

GENERIC_SUBJECT_MODELS = ("audit.Event", "workorders.CaseLink")


def model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def concrete_field(model_class: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A concrete field by name or attname (typed for mypy, which cannot narrow get_field)."""
    found = model_class._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def label_of(model_class: type[models.Model]) -> str:
    return str(model_class._meta.label)


def all_labels() -> list[str]:
    return [label_of(m) for m in apps.get_models(include_auto_created=True)]


def is_reference(label: str) -> bool:
    return label not in OWNED and label not in USER_OWNED and label not in EXCLUDED and label != USER


def archived_labels() -> list[str]:
    return [*OWNED, USER, *USER_OWNED]


def anchors_of(label: str) -> tuple[str, ...]:
    return OWNED.get(label) or USER_OWNED.get(label) or ()


def foreign_keys(model_class: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [f for f in model_class._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def generic_keys(model_class: type[models.Model]) -> list[GenericForeignKey]:
    return [f for f in model_class._meta.private_fields if isinstance(f, GenericForeignKey)]


def encrypted_fields(model_class: type[models.Model]) -> list[EncryptedCharField]:
    return [f for f in model_class._meta.concrete_fields if isinstance(f, EncryptedCharField)]


def blind_index_fields(model_class: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model_class._meta.concrete_fields if isinstance(f, BlindIndexField)]


def file_fields(model_class: type[models.Model]) -> list[models.FileField]:
    return [f for f in model_class._meta.concrete_fields if isinstance(f, models.FileField)]


class CycleError(RuntimeError):
    pass


def _toposort(labels: Iterable[str], deps: dict[str, set[str]]) -> list[str]:
    ordered: list[str] = []
    done: set[str] = set()
    pending = list(labels)
    while pending:
        progress = False
        for label in list(pending):
            if deps[label] - done - {label}:
                continue
            ordered.append(label)
            done.add(label)
            pending.remove(label)
            progress = True
        if not progress:
            raise CycleError(f"Dependency cycle among {pending}")
    return ordered


def selection_order() -> list[str]:
    """OWNED labels, each after the targets of its anchors."""
    deps = {
        label: {label_of(model(label)._meta.get_field(a).related_model) for a in anchors}  # type: ignore[arg-type]
        for label, anchors in OWNED.items()
    }
    return _toposort(OWNED, deps)


def dependency_order() -> list[str]:
    """Every archived label, after every archived label it refers to (non-null foreign keys;
    nullable ones too where that leaves no cycle; generic-key models last). Self references and
    the nullable foreign keys left out are filled in after all rows are written."""
    labels = archived_labels()
    archived = set(labels)

    def deps(with_nullable: bool) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for label in labels:
            targets = set()
            for fk in foreign_keys(model(label)):
                target = label_of(fk.related_model)  # type: ignore[arg-type]
                if target in archived and target != label and (with_nullable or not fk.null):
                    targets.add(target)
            if label in GENERIC_SUBJECT_MODELS:
                targets |= archived - set(GENERIC_SUBJECT_MODELS)
            found[label] = targets
        return found

    try:
        return _toposort(labels, deps(with_nullable=True))
    except CycleError:
        return _toposort(labels, deps(with_nullable=False))


def natural_key_fields(model_class: type[models.Model]) -> tuple[str, ...]:
    """The fields that identify a row across installations: a unique field, else a unique set of
    fields (unconditional constraints only), else every plain field of the row (content match)."""
    if label_of(model_class) in MERGED_BY_NATURAL_KEY:
        return MERGED_BY_NATURAL_KEY[label_of(model_class)]
    skip = (EncryptedCharField, BlindIndexField, models.FileField)
    for f in model_class._meta.concrete_fields:
        if f.unique and not f.primary_key and not isinstance(f, skip) and not f.null:
            return (f.name,)
    groups = [tuple(group) for group in model_class._meta.unique_together]
    groups += [
        tuple(c.fields)
        for c in model_class._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None and c.fields and not c.expressions
    ]
    for group in groups:
        fields = [model_class._meta.get_field(name) for name in group]
        if not any(isinstance(f, skip) or getattr(f, "null", False) for f in fields):
            return group
    return tuple(
        f.name
        for f in model_class._meta.concrete_fields
        if not f.primary_key
        and not isinstance(f, (*skip, models.JSONField, models.FloatField))
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    )
