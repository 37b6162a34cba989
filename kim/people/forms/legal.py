from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import Organisation
from kim.people.models import LegalDomain, LegalDomainPeriod, ResidenceStatus

REASON_HELP = _("Was war falsch? Die Begründung bleibt im Verlauf sichtbar.")


class _OrganisationMixin:
    def _organisations(self, tenant_id: int):
        field = self.fields["responsible_organisation"]
        field.queryset = Organisation.objects.filter(tenant_id=tenant_id).order_by("name")
        field.empty_label = _("– keine Auswahl –")


class LegalDomainForm(_OrganisationMixin, KernFormMixin, forms.ModelForm):
    class Meta:
        model = LegalDomainPeriod
        fields = [
            "domain",
            "responsible_organisation",
            "office",
            "valid_from",
            "valid_until",
            "note",
        ]
        widgets = {
            "valid_from": DateInput,
            "valid_until": DateInput,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, tenant_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisations(tenant_id)


class LegalDomainCorrectForm(LegalDomainForm):
    reason = forms.CharField(
        label=_("Begründung der Korrektur"), max_length=500, help_text=REASON_HELP
    )


class LegalDomainEndForm(KernFormMixin, forms.Form):
    valid_until = forms.DateField(label=_("Letzter Tag"), widget=DateInput)
    reason = forms.CharField(
        label=_("Anlass"),
        max_length=500,
        required=False,
        help_text=_("Zum Beispiel „Arbeitsaufnahme“ oder „Umzug in eine andere Kommune“."),
    )


class LegalDomainTransitionForm(_OrganisationMixin, KernFormMixin, forms.Form):
    new_domain = forms.ChoiceField(label=_("Neuer Rechtskreis"), choices=LegalDomain.choices)
    on = forms.DateField(
        label=_("Wechsel am"),
        widget=DateInput,
        help_text=_("Erster Tag im neuen Rechtskreis; der bisherige endet am Vortag."),
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Zuständige Stelle"), queryset=Organisation.objects.none(), required=False
    )
    office = forms.CharField(
        label=_("Zuständige Stelle (Freitext)"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=_("Anlass"),
        max_length=500,
        required=False,
        help_text=_("Zum Beispiel „Anerkennung als Flüchtling“."),
    )
    note = forms.CharField(
        label=_("Anmerkung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, tenant_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisations(tenant_id)


class ResidenceForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = ResidenceStatus
        fields = ["kind", "legal_basis", "valid_from", "valid_until", "issuing_authority", "note"]
        widgets = {
            "legal_basis": forms.TextInput(attrs={"list": "rechtsgrundlagen"}),
            "valid_from": DateInput,
            "valid_until": DateInput,
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class ResidenceCorrectForm(ResidenceForm):
    reason = forms.CharField(
        label=_("Begründung der Korrektur"), max_length=500, help_text=REASON_HELP
    )
