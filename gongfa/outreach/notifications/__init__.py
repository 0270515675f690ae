"""The outreach app's notices, one module per part (autodiscovered as ``outreach.notifications``)."""

from gongfa.outreach.notifications import advisers  # noqa: F401
