"""Forms of the referral pages: the referral itself (case side) and the answers
(accept, decline, first appointment, report back, cancel) that the case
management, the partner's inbox and the partner link share."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.network.referral_basis import SHAREABLE_CATEGORIES, partner_sees
from kim.network.referral_states import Outcome, Status
from kim.people.models import Consent

CATEGORY_LABELS = dict(Consent.DataCategory.choices)


def category_choices() -> list[tuple[str, str]]:
    """Each shareable category with what the partner then sees."""
    return [
        (
            code,
            _("%(label)s – die Partnerstelle sieht: %(sees)s")
            % {"label": CATEGORY_LABELS[code], "sees": partner_sees(code)},
        )
        for code in SHAREABLE_CATEGORIES
    ]


class ReferralForm(KernFormMixin, forms.Form):
    """Purpose, what is shared and the legal basis. The consent is rendered by the page
    (each with why it does or does not cover the referral)."""

    purpose = forms.CharField(
        label=_("Zweck der Vermittlung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Was soll die Person dort bekommen? Die Partnerstelle sieht diesen Text."),
    )
    purpose_category = forms.ChoiceField(
        label=_("Art des Zwecks"),
        choices=Consent.PurposeCategory.choices,
        initial=Consent.PurposeCategory.REFERRAL,
        help_text=_("Die Einwilligung muss für diese Art des Zwecks gelten."),
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Welche Daten teilen Sie mit der Partnerstelle?"),
        choices=category_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Nur was die Stelle braucht. Nichts wählen: Sie teilen keine Daten, die Person "
            "meldet sich selbst und nennt die Nummer der Vermittlung."
        ),
    )
    message = forms.CharField(
        label=_("Nachricht an die Partnerstelle"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Schreiben Sie hier nur über Daten, die Sie oben zum Teilen gewählt haben. "
            "Ohne geteilte Daten: nichts, was die Person erkennbar macht."
        ),
    )
    consent = forms.TypedChoiceField(
        label=_("Einwilligung"), coerce=int, required=False, empty_value=None
    )
    legal_mandate = forms.CharField(
        label=_("Oder: gesetzlicher Auftrag der Partnerstelle"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Nur wenn die Stelle die Daten kraft Gesetzes erhält, z. B. „§ 36 SGB VIII: "
            "Hilfeplanung des Jugendamts“. Dann ist keine Einwilligung nötig."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, consents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].choices = [("", _("keine"))] + [
            (consent.pk, str(consent)) for consent in consents
        ]
        self.consents = {consent.pk: consent for consent in consents}

    def categories(self) -> list[str]:
        """The categories as typed (valid or not), to explain the consents beside them."""
        if self.is_bound:
            return list(self.data.getlist(self.add_prefix("data_categories")))
        return list(self.initial.get("data_categories") or [])

    def purpose_category_value(self) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix("purpose_category"), "")
        return self.initial.get("purpose_category") or Consent.PurposeCategory.REFERRAL

    def chosen_consent_id(self) -> int | None:
        raw = (
            self.data.get(self.add_prefix("consent"))
            if self.is_bound
            else self.initial.get("consent")
        )
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        if not data.get("data_categories"):
            # Nothing shared: no legal basis is needed, and none is recorded.
            data["consent"] = None
            data["legal_mandate"] = ""
        data["consent_obj"] = self.consents.get(data.get("consent"))
        return data


def _appointment_field(required: bool) -> forms.DateField:
    return forms.DateField(
        label=_("Erster Termin am"),
        required=required,
        widget=DateInput,
        help_text=_("Ab dem Versand bis zu diesem Tag zählt die Wartezeit.")
        if required
        else _("Wenn schon bekannt."),
    )


class AnswerForm(KernFormMixin, forms.Form):
    """One change of status with what it needs; the fields depend on the target."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, to: str, **kwargs):
        kwargs.setdefault("auto_id", f"{to}-%s")
        super().__init__(*args, **kwargs)
        self.to = to
        if to == Status.ACCEPTED:
            self.fields["first_appointment_on"] = _appointment_field(required=False)
        elif to == Status.IN_PROGRESS:
            self.fields["first_appointment_on"] = _appointment_field(required=True)
        elif to == Status.DECLINED:
            self.fields["reason"] = forms.CharField(
                label=_("Grund der Ablehnung"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Zum Beispiel „keine Plätze bis Juni“ oder „nicht zuständig“."),
            )
        elif to == Status.CANCELLED:
            self.fields["reason"] = forms.CharField(
                label=_("Grund des Abbruchs"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        elif to == Status.COMPLETED:
            self.fields["outcome"] = forms.ChoiceField(
                label=_("Ergebnis"), choices=Outcome.choices, widget=forms.RadioSelect
            )
            self.fields["outcome_note"] = forms.CharField(
                label=_("Rückmeldung"),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Kurz und ohne Einzelheiten, die das Case Management nicht braucht."),
            )

    def clean_first_appointment_on(self):
        day = self.cleaned_data.get("first_appointment_on")
        if day is not None and abs((day - timezone.localdate()).days) > 366:
            raise forms.ValidationError(_("Bitte ein Datum innerhalb eines Jahres angeben."))
        return day

    def answer_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "reason": data.get("reason", ""),
            "first_appointment_on": data.get("first_appointment_on"),
            "outcome": data.get("outcome", ""),
            "outcome_note": data.get("outcome_note", ""),
        }


# The labels of the answer buttons, by target status.
ANSWER_TITLES = {
    Status.ACCEPTED: _("Annehmen"),
    Status.DECLINED: _("Ablehnen"),
    Status.IN_PROGRESS: _("Ersten Termin erfassen"),
    Status.COMPLETED: _("Rückmeldung geben und abschließen"),
    Status.CANCELLED: _("Vermittlung abbrechen"),
}
# The same change, when the first appointment is already known from the acceptance.
APPOINTMENT_HELD = _("Erster Termin hat stattgefunden")


class LinkForm(KernFormMixin, forms.Form):
    days = forms.IntegerField(
        label=_("Gültig für Tage"),
        min_value=1,
        max_value=90,
        help_text=_("Danach öffnet der Link nichts mehr."),
    )
