from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.reports.summary import SummaryOptions


class SummaryOptionsForm(KernFormMixin, forms.Form):
    """What goes into the case summary. Sent by GET: a link without parameters gives
    the whole summary with all contacts."""

    kontakte = forms.TypedChoiceField(
        label=_("Beratungskontakte"),
        choices=[("ja", _("mit Beratungskontakten")), ("nein", _("ohne Beratungskontakte"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        required=False,
        initial="ja",
    )
    von = forms.DateField(
        label=_("Kontakte ab"),
        widget=DateInput,
        required=False,
        help_text=_("Leer lassen für alle Kontakte seit Eröffnung des Falls."),
    )
    bis = forms.DateField(
        label=_("Kontakte bis"),
        widget=DateInput,
        required=False,
        help_text=_("Leer lassen für alle Kontakte bis heute."),
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("von"), data.get("bis")
        if since and until and since > until:
            self.add_error("bis", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return data

    def options(self) -> SummaryOptions:
        """The chosen options; call after is_valid(). Unbound: everything."""
        if not self.is_bound:
            return SummaryOptions()
        data = self.cleaned_data
        return SummaryOptions(
            include_contacts=data.get("kontakte") is not False,
            contacts_from=data.get("von"),
            contacts_until=data.get("bis"),
        )


class AccessRequestForm(KernFormMixin, forms.Form):
    """The data-protection role's search for the person of an access request."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Familienname und Vorname, wie im Auskunftsersuchen angegeben."),
        error_messages={"required": _("Bitte den Namen der Person angeben.")},
    )
    birth_date = forms.DateField(
        label=_("Geburtsdatum"),
        widget=DateInput,
        required=False,
        help_text=_("Grenzt gleichnamige Personen ein."),
    )
    reason = forms.CharField(
        label=_("Anlass der Suche"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Zum Beispiel: Auskunftsersuchen nach Art. 15 DSGVO vom … (Aktenzeichen)."),
        error_messages={"required": _("Bitte den Anlass der Suche angeben.")},
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name.replace(" ", "")) < 3:
            raise forms.ValidationError(_("Bitte mindestens drei Buchstaben des Namens angeben."))
        return name
