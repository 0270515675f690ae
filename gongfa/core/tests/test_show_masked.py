"""A form that shows an existing ID number or phone shows it masked; sending the mask back keeps
the value, typing a new one replaces it."""

from django import forms

from gongfa.core.fields import show_masked

NUMBER = "110101199003077777"


class PersonForm(forms.Form):
    id_number = forms.CharField(required=False, max_length=18)
    phone = forms.CharField(required=False, max_length=20)


def test_unbound_form_renders_the_masked_value_only():
    form = PersonForm()
    show_masked(form, "id_number", NUMBER, "id_number")
    show_masked(form, "phone", "13812345678", "phone")
    html = str(form)
    assert NUMBER not in html and "1101**********7777" in html
    assert "13812345678" not in html and "138****5678" in html


def test_the_mask_sent_back_keeps_the_value_and_a_new_value_replaces_it():
    form = PersonForm({"id_number": "1101**********7777", "phone": "13900000000"})
    show_masked(form, "id_number", NUMBER, "id_number")
    show_masked(form, "phone", "13812345678", "phone")
    assert form.is_valid()
    assert form.cleaned_data == {"id_number": NUMBER, "phone": "13900000000"}


def test_no_existing_value_changes_nothing():
    form = PersonForm({"id_number": "", "phone": ""})
    show_masked(form, "id_number", "", "id_number")
    assert form.is_valid() and form.cleaned_data["id_number"] == ""
