"""The shared fixtures make what the other tests rely on."""

from __future__ import annotations

import pytest

from gongfa.mediation.choices import PartySide
from gongfa.mediation.models import CaseParty, DisputeCategory
from gongfa.mediation.selectors import Action, visible_to
from gongfa.mediation.testing import build_world, make_case

pytestmark = pytest.mark.django_db


def test_fifteen_default_categories_with_labour_flagged() -> None:
    assert DisputeCategory.objects.count() == 15
    assert list(DisputeCategory.objects.filter(is_labour=True).values_list("name", flat=True)) == ["劳动争议"]


def test_case_parties_are_encrypted_and_visible_to_their_committee_only() -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    respondent = CaseParty.objects.get(case=case, side=PartySide.RESPONDENT)
    assert respondent.masked_phone != respondent.phone
    assert list(visible_to(world.chair, Action.MANAGE)) == [case]
    assert list(visible_to(world.mediators[0].user, Action.HANDLE)) == [case]
    assert list(visible_to(world.mediators[1].user, Action.HANDLE)) == [case]  # posted at the committee
    assert world.outsider is not None
    assert list(visible_to(world.outsider.user, Action.VIEW)) == []
