"""People's mediation (人民调解): the organisations and people, and the case from dispute to file."""

from gongfa.mediation.models.cases import (
    Agreement,
    AgreementSignature,
    CaseDocument,
    CaseMediator,
    CaseParty,
    CaseSequence,
    Consent,
    DisputeCategory,
    EscalationReport,
    ExpertConsultation,
    JudicialConfirmation,
    MediationCase,
    MediationSession,
    ReturnVisit,
)
from gongfa.mediation.models.organisation import (
    Committee,
    CommitteeMember,
    GradeAward,
    Mediator,
    MediatorInsurance,
    MediatorTraining,
)

__all__ = [
    "Agreement",
    "AgreementSignature",
    "CaseDocument",
    "CaseMediator",
    "CaseParty",
    "CaseSequence",
    "Committee",
    "CommitteeMember",
    "Consent",
    "DisputeCategory",
    "EscalationReport",
    "ExpertConsultation",
    "GradeAward",
    "JudicialConfirmation",
    "MediationCase",
    "MediationSession",
    "Mediator",
    "MediatorInsurance",
    "MediatorTraining",
    "ReturnVisit",
]
