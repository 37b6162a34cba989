"""Forms for shares and emergency access."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.cases.parts import PART_CATEGORIES, Part
from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import Unit
from kim.people.models import Consent


def _part_choices():
    labels = dict(Consent.DataCategory.choices)
    return [
        (
            part.value,
            f"{part.label} ({', '.join(str(labels[c]) for c in PART_CATEGORIES[part.value])})",
        )
        for part in Part
    ]


class ShareForm(KernFormMixin, forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("An Einheit"),
        queryset=Unit.objects.none(),
        help_text=_("Alle, die in dieser Einheit mit Personendaten arbeiten, sehen die Teile."),
    )
    parts = forms.MultipleChoiceField(
        label=_("Welche Teile des Falls"),
        choices=_part_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In Klammern: die Daten, die die Einwilligung dafür nennen muss."),
        error_messages={"required": _("Bitte mindestens einen Teil des Falls auswählen.")},
    )
    purpose_category = forms.ChoiceField(
        label=_("Art des Zwecks"),
        choices=[("", _("– bitte wählen –")), *Consent.PurposeCategory.choices],
        error_messages={"required": _("Bitte die Art des Zwecks auswählen.")},
    )
    purpose = forms.CharField(
        label=_("Zweck"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wofür braucht die empfangende Stelle die Daten?"),
        error_messages={"required": _("Bitte den Zweck der Freigabe angeben.")},
    )
    valid_from = forms.DateField(label=_("gültig ab"), widget=DateInput)
    valid_until = forms.DateField(
        label=_("gültig bis"),
        widget=DateInput,
        error_messages={"required": _("Bitte angeben, bis wann die Freigabe gilt.")},
    )
    legal_mandate = forms.CharField(
        label=_("Gesetzlicher Auftrag der empfangenden Stelle (nur ohne Einwilligung)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Deckt eine gültige Einwilligung Empfänger, Daten und Zweck, wird sie verwendet. "
            "Sonst nennen Sie hier die Rechtsgrundlage, z. B. „§ 87 AufenthG“."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units
        self.fields["to_unit"].label_from_instance = lambda u: f"{u.name} ({u.organisation.name})"


class ShareEndForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Grund der Beendigung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Bitte angeben, warum die Freigabe endet.")},
    )


class EmergencyAccessForm(KernFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Fallnummer"),
        max_length=30,
        help_text=_("Genau die Nummer des Falls, z. B. NORD-2026-0001."),
        error_messages={"required": _("Bitte die Fallnummer angeben.")},
    )
    reason = forms.CharField(
        label=_("Grund des Notfalls"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Warum kann nicht bis zur zuständigen Einheit gewartet werden? "
            "Der Grund wird dem Datenschutz angezeigt."
        ),
        error_messages={"required": _("Bitte begründen Sie den Notfall.")},
    )


class EmergencyFilterForm(KernFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Wer"), queryset=User.objects.none(), required=False)
    number = forms.CharField(label=_("Fallnummer"), max_length=30, required=False)
    date_from = forms.DateField(label=_("von"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("bis"), required=False, widget=DateInput)

    def __init__(self, *args, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(tenant_id=tenant_id).order_by(
            "last_name", "first_name"
        )
        self.fields["user"].empty_label = _("alle")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Das Ende liegt vor dem Anfang."))
        return data
