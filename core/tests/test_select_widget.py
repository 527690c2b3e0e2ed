"""Selects are drawn by the portal's template (options written by one tag) exactly as Django's own
templates draw them: options, groups, what is selected, each option's attributes, escaping."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.translation import gettext_lazy

DJANGOS_OWN = DjangoTemplates()


class SelectWithADisabledOption(forms.Select):
    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value == "closed":
            option["attrs"]["disabled"] = True
            option["attrs"]["data-reason"] = 'Closed "for now" & <later>'
        return option


class SelectWithOptionsOfATemplate(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


CASES = {
    "plain, one selected": (forms.Select(choices=[("", "All"), ("KH", "Cambodia"), ("VN", "Viet Nam")]), "VN"),
    "nothing selected": (forms.Select(choices=[("KH", "Cambodia"), ("VN", "Viet Nam")]), None),
    "numbers": (forms.Select(choices=[(number, f"{number}th Batch") for number in range(4, 120)]), 13),
    "groups": (forms.Select(choices=[("Junior Diplomats", [(1, "1st"), (2, "2nd")]), ("aec", "AEC")]), 2),
    "escaping": (forms.Select(choices=[('a"b', "<b>Tom & Jerry</b>"), ("c", "C")]), 'a"b'),
    "lazy labels": (forms.Select(choices=[("", gettext_lazy("All countries"))]), ""),
    "several selected": (forms.SelectMultiple(choices=[(1, "One"), (2, "Two"), (3, "Three")]), [1, 3]),
    "option attributes": (SelectWithADisabledOption(choices=[("open", "Open"), ("closed", "Closed")]), "open"),
    "options of a template": (SelectWithOptionsOfATemplate(choices=[("x", "X"), ("y", "Y")]), "y"),
}


@pytest.mark.parametrize("case", CASES)
def test_the_select_is_what_djangos_own_templates_draw(case):
    widget, value = CASES[case]
    attrs = {"id": "id_choice", "class": "filter"}
    ours = widget.render("choice", value, attrs=attrs)
    theirs = widget.render("choice", value, attrs=attrs, renderer=DJANGOS_OWN)
    assert "value=" in ours
    assert parse_html(ours) == parse_html(theirs)
