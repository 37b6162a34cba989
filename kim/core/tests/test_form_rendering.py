from django import forms

from kim.core.forms import KernFormMixin


class Sample(KernFormMixin, forms.Form):
    many = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    one = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    flag = forms.BooleanField()


def test_multiple_choice_checkboxes_render_as_checkboxes_not_radios():
    html = str(Sample()["many"])
    assert "kern-form-check__checkbox" in html and "kern-form-check__radio" not in html


def test_radios_and_single_checkboxes_keep_their_kern_class():
    form = Sample()
    assert "kern-form-check__radio" in str(form["one"])
    assert "kern-form-check__checkbox" in str(form["flag"])
