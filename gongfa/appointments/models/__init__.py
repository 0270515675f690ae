"""Models of the appointments app: notarial matters, booking, the notarization case and the
judicial-appraisal referral."""

from gongfa.appointments.models.appraisal import AppraisalCategory, AppraisalReferral, InstitutionCategory
from gongfa.appointments.models.booking import BookableResource, Booking, Closure, Sequence, SlotTemplate
from gongfa.appointments.models.matters import MatterMaterial, NotarialMatter, OfficeMatter
from gongfa.appointments.models.notarization import NotarizationCase

__all__ = [
    "AppraisalCategory",
    "AppraisalReferral",
    "BookableResource",
    "Booking",
    "Closure",
    "InstitutionCategory",
    "MatterMaterial",
    "NotarialMatter",
    "NotarizationCase",
    "OfficeMatter",
    "Sequence",
    "SlotTemplate",
]
