"""Models of the outreach app: advisers' work, legal publicity, public-good service, volunteers and
experts, and typical cases."""

from gongfa.outreach.models.advisers import AdvisorLog, Attachment, WorkLogKind
from gongfa.outreach.models.cases import TypicalCase
from gongfa.outreach.models.publicgood import PointsScheme, PublicGoodRecord
from gongfa.outreach.models.publicity import (
    CultureSite,
    PlanCampaign,
    PublicityEvent,
    PublicityPlan,
    PublicityPrompt,
    School,
    SurveyResponse,
    VicePrincipal,
)
from gongfa.outreach.models.sequences import Sequence
from gongfa.outreach.models.volunteers import Expert, ExpertCall, TrainingCourse, Volunteer

__all__ = [
    "AdvisorLog",
    "Attachment",
    "CultureSite",
    "Expert",
    "ExpertCall",
    "PlanCampaign",
    "PointsScheme",
    "PublicGoodRecord",
    "PublicityEvent",
    "PublicityPlan",
    "PublicityPrompt",
    "School",
    "Sequence",
    "SurveyResponse",
    "TrainingCourse",
    "TypicalCase",
    "VicePrincipal",
    "Volunteer",
    "WorkLogKind",
]
