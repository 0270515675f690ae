"""Queries of the appointments app, one module per part (matters, booking, notarization, appraisal):
who may see what is decided here, never in views."""

from gongfa.appointments.selectors.matters import public_matter_list

__all__ = ["public_matter_list"]
