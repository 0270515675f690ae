"""The outreach app's menu entries and landing pages, one module per part (autodiscovered as
``outreach.navigation``)."""

from gongfa.outreach.navigation import advisers, cases, hub, publicgood, publicity, volunteers  # noqa: F401
