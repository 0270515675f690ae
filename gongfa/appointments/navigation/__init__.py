"""The appointments app's menu entries and landing pages, one module per part (autodiscovered as
``appointments.navigation``)."""

from gongfa.appointments.navigation import appraisal, booking, notarization  # noqa: F401
