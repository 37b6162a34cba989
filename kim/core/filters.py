from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin


class AuditFilterForm(KernFormMixin, forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Wer"), queryset=get_user_model().objects.none(), required=False
    )
    action = forms.ChoiceField(label=_("Aktion"), required=False)
    person_id = forms.IntegerField(label=_("Person-ID"), required=False, min_value=1)
    date_from = forms.DateField(label=_("von"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("bis"), required=False, widget=DateInput)

    def __init__(self, *args, tenant_id, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = (
            get_user_model().objects.filter(tenant_id=tenant_id).order_by("username")
        )
        self.fields["actor"].empty_label = _("alle")
        self.fields["action"].choices = [("", _("alle")), *actions]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Das Ende liegt vor dem Anfang."))
        return data

    def apply(self, events):
        data = self.cleaned_data
        if data.get("actor"):
            events = events.filter(actor=data["actor"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("person_id"):
            events = events.filter(person_id=data["person_id"])
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events
