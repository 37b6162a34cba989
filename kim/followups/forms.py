from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.core.forms import DateInput, KernFormMixin


class FollowUpForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Betreff"), max_length=200)
    due_on = forms.DateField(label=_("fällig am"), widget=DateInput)
    assignee = forms.ModelChoiceField(label=_("zuständig"), queryset=User.objects.none())
    note = forms.CharField(
        label=_("Notiz"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = managers
        self.initial.setdefault("due_on", timezone.localdate() + timedelta(days=14))

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        if value < timezone.localdate() - timedelta(days=365):
            raise forms.ValidationError(_("Das Datum liegt mehr als ein Jahr zurück."))
        return value


class CompleteForm(KernFormMixin, forms.Form):
    note = forms.CharField(label=_("Vermerk"), required=False, max_length=300)
