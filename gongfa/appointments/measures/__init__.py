"""What the appointments app counts in performance management, one module per part (autodiscovered
as ``appointments.measures``)."""

from gongfa.appointments.measures import appraisal, booking, notarization  # noqa: F401
