from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.people.models import Household, Person, PersonRelation


class PersonChoiceField(forms.ModelChoiceField):
    """Pick one of a few candidate persons (search hits, relatives)."""

    widget = forms.RadioSelect

    def label_from_instance(self, person: Person) -> str:
        birth = person.birth_date_display
        return f"{person.sort_name} ({birth})" if birth else person.sort_name


class RelationAddForm(KernFormMixin, forms.Form):
    related = PersonChoiceField(label=_("Person"), queryset=Person.objects.none(), empty_label=None)
    kind = forms.ChoiceField(
        label=_("Die gewählte Person ist …"),
        choices=PersonRelation.Kind.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Anmerkung"), max_length=200, required=False)
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related"].queryset = candidates
        self.fields["kind"].label = _("Die gewählte Person ist für %(name)s …") % {
            "name": person.full_name
        }


class RelationEditForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=PersonRelation.Kind.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anmerkung"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, person: Person, other_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = _("%(other)s ist für %(name)s …") % {
            "other": other_name,
            "name": person.full_name,
        }


class RelationRemoveForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Warum wird die Beziehung entfernt?"),
        max_length=300,
        required=False,
        help_text=_("Zum Beispiel „irrtümlich erfasst“."),
    )


class MemberAddForm(KernFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none(), empty_label=None)
    valid_from = forms.DateField(label=_("Im Haushalt seit"), widget=DateInput)
    name = forms.CharField(
        label=_("Bezeichnung des Haushalts"),
        max_length=150,
        required=False,
        help_text=Household._meta.get_field("name").help_text,
    )
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates, new_household: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
        if not new_household:
            del self.fields["name"]


class MemberLeaveForm(KernFormMixin, forms.Form):
    valid_until = forms.DateField(
        label=_("Letzter Tag im Haushalt"),
        widget=DateInput,
        help_text=_("Zum Beispiel der Tag vor dem Umzug."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
