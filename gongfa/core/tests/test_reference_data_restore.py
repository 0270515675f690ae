"""After a transactional test empties the database, the test helper puts back every row the data
migrations seeded (gongfa.testing.reference_data), so no test passes or fails by the order it ran in."""

import pytest
from django.apps import apps
from django.core.management import call_command

from gongfa.testing import reference_data


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("gongfa.") and not model._meta.proxy
    }


@pytest.mark.django_db(transaction=True)
def test_every_seeded_row_is_put_back_after_the_tables_are_emptied():
    seeded = _counts()
    assert seeded["performance.Indicator"] > 0 and seeded["catalog.ServiceType"] > 0
    call_command("flush", interactive=False, verbosity=0)  # what a transactional test leaves behind
    assert reference_data.is_missing()
    reference_data.restore()
    restored = _counts()
    assert {label: (seeded[label], restored[label]) for label in seeded if seeded[label] != restored[label]} == {}
