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
