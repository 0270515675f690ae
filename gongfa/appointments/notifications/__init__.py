"""The appointments app's notification event kinds and resolvers, one module per part
(autodiscovered as ``appointments.notifications``)."""

from gongfa.appointments.notifications import appraisal, booking, notarization  # noqa: F401
