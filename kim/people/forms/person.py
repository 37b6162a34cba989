from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import District, Town, Unit
from kim.people.catalogues import LANGUAGES
from kim.people.models import PERSON_DATA_FIELDS, Person, PersonAlias

PERSON_FIELDS = PERSON_DATA_FIELDS


class PersonForm(KernFormMixin, forms.ModelForm):
    nationalities = forms.MultipleChoiceField(
        label=_("Staatsangehörigkeiten"),
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Mehrfachauswahl mit Strg bzw. Cmd."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        choices=LANGUAGES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Sprachen, in denen die Person sich verständigt. Mehrfachauswahl mit Strg bzw. Cmd."
        ),
    )
    aliases = forms.CharField(
        label=_("Weitere Schreibweisen des Namens"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eine pro Zeile, als „Familienname, Vornamen“ – z. B. aus Dokumenten oder früheren Namen."
        ),
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "birth_date": DateInput,
            "arrival_date": DateInput,
            "sex": forms.RadioSelect,
            "birth_date_precision": forms.RadioSelect,
        }
        help_texts = {
            "birth_date": _(
                "Ist nur das Jahr bekannt, den 1. Januar eintragen und „nur Jahr“ wählen."
            ),
        }

    def __init__(self, *args, tenant_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationalities"].choices = list(countries)
        self.fields["town"].queryset = Town.objects.filter(tenant_id=tenant_id)
        self.fields["district"].queryset = District.objects.filter(
            tenant_id=tenant_id
        ).select_related("town")
        self.fields["given_names"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["nationalities"] = [c.code for c in self.instance.nationalities]
            self.initial["aliases"] = "\n".join(
                f"{a.family_name}, {a.given_names}" if a.given_names else a.family_name
                for a in self.instance.aliases.all()
            )

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Das Geburtsdatum liegt in der Zukunft."))
        if value and value < date(1900, 1, 1):
            raise forms.ValidationError(_("Bitte ein Geburtsdatum ab 1900 eingeben."))
        return value

    def clean_arrival_date(self):
        value = self.cleaned_data.get("arrival_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Das Einreisedatum liegt in der Zukunft."))
        return value

    def clean_postcode(self):
        value = (self.cleaned_data.get("postcode") or "").strip()
        if value and (len(value) != 5 or not value.isdigit()):
            raise forms.ValidationError(_("Eine Postleitzahl hat fünf Ziffern."))
        return value

    def clean(self):
        data = super().clean()
        birth, arrival = data.get("birth_date"), data.get("arrival_date")
        if birth and arrival and arrival < birth:
            self.add_error("arrival_date", _("Die Einreise liegt vor der Geburt."))
        district, town = data.get("district"), data.get("town")
        if district and town and district.town_id != town.pk:
            self.add_error("district", _("Der Stadtteil gehört nicht zum gewählten Ort."))
        if district and not town:
            data["town"] = district.town
        if data.get("interpreter_language") and not data.get("interpreter_needed"):
            data["interpreter_needed"] = True
        return data

    def person_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in PERSON_FIELDS}

    def alias_rows(self) -> list[dict]:
        rows = []
        for line in (self.cleaned_data.get("aliases") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            family, _sep, given = line.partition(",")
            rows.append(
                {
                    "kind": PersonAlias.Kind.SPELLING,
                    "family_name": family.strip()[:150],
                    "given_names": given.strip()[:150],
                }
            )
        return rows


class RegisterForm(PersonForm):
    unit = forms.ModelChoiceField(label=_("Einheit"), queryset=Unit.objects.none())
    not_a_duplicate = forms.BooleanField(
        label=_("Ich habe die Vorschläge geprüft: Es handelt sich um eine andere Person."),
        required=False,
    )

    def __init__(self, *args, register_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = register_units
        # With a single unit there is nothing to choose.
        self.single_unit = register_units[0] if len(register_units) == 1 else None
        if self.single_unit is not None:
            del self.fields["unit"]

    @property
    def chosen_unit(self):
        return self.single_unit or self.cleaned_data["unit"]


class EditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
