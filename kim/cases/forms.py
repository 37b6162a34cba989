from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.cases.models import Case, Contact
from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import FieldOfAction, Unit


def _fields_of(tenant_id):
    return FieldOfAction.objects.filter(tenant_id=tenant_id, active=True).order_by(
        "position", "name"
    )


class CaseOpenForm(KernFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Einheit"), queryset=Unit.objects.none())
    case_manager = forms.ModelChoiceField(
        label=_("Fallverantwortung"), queryset=User.objects.none()
    )
    reason = forms.CharField(
        label=_("Anlass"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Warum kommt die Person? In eigenen Worten, kurz."),
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units, managers, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["case_manager"].queryset = managers
        self.fields["fields"].queryset = _fields_of(tenant_id)
        if len(units) == 1:
            self.fields["unit"].initial = units[0]
            self.fields["unit"].widget = forms.HiddenInput()


class CaseEditForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    case_manager = forms.ModelChoiceField(
        label=_("Fallverantwortung"), queryset=User.objects.none()
    )
    reason = forms.CharField(
        label=_("Anlass"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, managers, tenant_id, can_assign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = managers
        self.fields["fields"].queryset = _fields_of(tenant_id)
        if not can_assign:
            del self.fields["case_manager"]


class ContactForm(KernFormMixin, forms.ModelForm):
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contact
        fields = ["date", "duration_minutes", "mode", "interpreter_used", "language", "note"]
        widgets = {
            "date": DateInput,
            "mode": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 8}),
            "duration_minutes": forms.NumberInput(
                attrs={"min": 1, "max": 600, "inputmode": "numeric"}
            ),
        }
        help_texts = {
            "note": _(
                "Was wurde besprochen, was wurde vereinbart? Keine Diagnosen oder Daten Dritter, die nicht nötig sind."
            ),
            "language": _("Sprache des Gesprächs."),
        }

    def __init__(self, *args, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_of_action"].queryset = _fields_of(tenant_id)
        self.fields["mode"].choices = Contact.Mode.choices
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("duration_minutes", 45)
        if self.instance.pk and not self.is_bound:
            self.initial["fields_of_action"] = list(self.instance.fields.all())
            self.initial["version"] = self.instance.version

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Ein Kontakt kann nicht in der Zukunft liegen."))
        return value

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if not 1 <= value <= 600:
            raise forms.ValidationError(_("Bitte eine Dauer zwischen 1 und 600 Minuten angeben."))
        return value

    def clean_note(self):
        return self.cleaned_data["note"].replace("\r\n", "\n")

    def contact_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CaseFilterForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Name oder Fallnummer"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle")), *Case.Status.choices]
    )
    unit = forms.ModelChoiceField(label=_("Einheit"), required=False, queryset=Unit.objects.none())
    case_manager = forms.ModelChoiceField(
        label=_("Fallverantwortung"), required=False, queryset=User.objects.none()
    )

    def __init__(self, *args, units, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("alle")
        self.fields["case_manager"].queryset = managers
        self.fields["case_manager"].empty_label = _("alle")
