"""QuerySet.update() and bulk_update() skip pre_save, so they cannot keep a blind index in step:
the managers of blind-indexed models refuse them for the indexed value (and its hash), with an
error that says to use save(); every other field updates as usual."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import FieldError

from gongfa.accounts.models import OneTimeCode, User
from gongfa.core.fields import BlindIndexedQuerySet, BlindIndexField
from gongfa.testing.factories import CitizenFactory, make_id_number


@pytest.mark.django_db
def test_update_of_an_indexed_value_is_refused_and_changes_nothing():
    person = CitizenFactory(phone="13812345678")
    with pytest.raises(FieldError, match=r"User\.phone .*save\(update_fields"):
        User.objects.filter(pk=person.pk).update(phone="13900000000")
    with pytest.raises(FieldError, match="phone_hash"):
        User.objects.filter(pk=person.pk).update(phone_hash="")
    assert User.objects.with_phone("13812345678").get() == person
    assert not User.objects.with_phone("13900000000").exists()


@pytest.mark.django_db
def test_bulk_update_of_an_indexed_value_is_refused():
    person = CitizenFactory(id_number=make_id_number())
    person.id_number = make_id_number(seq=456)
    with pytest.raises(FieldError, match=r"User\.id_number .*bulk_update"):
        User.objects.bulk_update([person], ["id_number"])


@pytest.mark.django_db
def test_save_keeps_the_index_and_other_fields_update_as_usual():
    person = CitizenFactory(phone="13812345678")
    assert User.objects.filter(pk=person.pk).update(real_name="王五") == 1
    person.refresh_from_db()
    person.phone = "13900000000"
    person.save(update_fields=["phone"])
    assert User.objects.with_phone("13900000000").get() == person


def test_every_blind_indexed_model_guards_its_default_manager():
    guarded = [
        model
        for model in apps.get_models()
        if any(isinstance(field, BlindIndexField) for field in model._meta.concrete_fields)
    ]
    assert User in guarded and OneTimeCode in guarded
    for model in guarded:
        assert isinstance(model._default_manager.all(), BlindIndexedQuerySet), model._meta.label
