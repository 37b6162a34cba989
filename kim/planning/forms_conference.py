"""Forms of case conferences: the conference and one small form per participant."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import Organisation, Unit
from kim.people.models import Consent
from kim.planning.models import ConferenceParticipant

EMPTY_PARTICIPANT_ROWS = 3


class ConferenceForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = forms.DateField(
        label=_("Datum"),
        widget=DateInput,
        error_messages={"required": _("Bitte das Datum der Fallkonferenz angeben.")},
    )
    agenda = forms.CharField(
        label=_("Tagesordnung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte die Tagesordnung angeben.")},
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Welche Daten werden besprochen?"),
        choices=Consent.DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Teilnehmende außerhalb Ihrer Einheit erhalten diese Daten: die Einwilligung "
            "(Zweck „Fallkonferenz“) muss sie nennen."
        ),
        error_messages={"required": _("Bitte angeben, welche Daten besprochen werden.")},
    )
    minutes = forms.CharField(
        label=_("Protokoll"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Ergebnisse und Absprachen. Vereinbarte Maßnahmen erfassen Sie danach einzeln."
        ),
    )
    legal_mandate = forms.CharField(
        label=_("Gesetzlicher Auftrag (nur für Teilnehmende ohne passende Einwilligung)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Zum Beispiel „§ 36 SGB VIII (Hilfeplanverfahren)“."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ParticipantForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Art der Teilnahme"),
        required=False,
        choices=[("", _("– bitte wählen –")), *ConferenceParticipant.Kind.choices],
    )
    unit = forms.ModelChoiceField(
        label=_("Einheit"), queryset=Unit.objects.none(), required=False, empty_label=_("– keine –")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("– keine –"),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.CharField(label=_("Funktion / Rolle"), max_length=200, required=False)

    DATA = ("kind", "unit", "organisation", "name", "role")

    def __init__(self, *args, units, organisations, number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["organisation"].queryset = organisations
        self.number = number
        self.summary_label = _("Teilnehmende %(n)d") % {"n": number}

    def row(self) -> dict | None:
        """The participant, or None for a row left empty."""
        data = {name: self.cleaned_data.get(name) for name in self.DATA}
        return data if any(data.values()) else None


def participant_forms(data=None, *, initial: list[dict], units, organisations):
    """One form per participant (prefix teilnehmende-<n>) and a few empty rows; the
    number of rows travels in the form, so rows added with JavaScript are not needed."""
    count = len(initial) + EMPTY_PARTICIPANT_ROWS
    if data is not None and str(data.get("teilnehmende-anzahl", "")).isdigit():
        count = max(1, min(int(data["teilnehmende-anzahl"]), 50))
    forms_ = []
    for index in range(count):
        forms_.append(
            ParticipantForm(
                data,
                prefix=f"teilnehmende-{index + 1}",
                initial=initial[index] if index < len(initial) else None,
                units=units,
                organisations=organisations,
                number=index + 1,
            )
        )
    return forms_
