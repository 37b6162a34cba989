from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import Organisation
from kim.people.catalogues import LANGUAGES
from kim.people.models import Consent
from kim.people.services.consent import NO_DATA_CATEGORY, NO_RECIPIENT
from kim.people.uploads import check_document

CONSENT_FORM_FIELDS = [
    "data_categories",
    "recipient_organisations",
    "recipient_kinds",
    "purpose_category",
    "purpose",
    "given_on",
    "form",
    "language",
    "valid_until",
]


class ConsentForm(KernFormMixin, forms.Form):
    data_categories = forms.MultipleChoiceField(
        label=_("Welche Daten dürfen weitergegeben werden?"),
        choices=Consent.DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_DATA_CATEGORY},
    )
    recipient_organisations = forms.ModelMultipleChoiceField(
        label=_("An welche Organisationen?"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Mindestens eine Organisation oder eine Art von Stelle angeben."),
    )
    recipient_kinds = forms.MultipleChoiceField(
        label=_("Oder an welche Arten von Stellen?"),
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Zum Beispiel jedes Jobcenter, wenn die Person umziehen wird."),
    )
    purpose_category = forms.ChoiceField(
        label=_("Art des Zwecks"),
        choices=Consent.PurposeCategory.choices,
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(
        label=_("Beschreibung des Zwecks"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wofür die Daten weitergegeben werden, so wie mit der Person besprochen."),
    )
    given_on = forms.DateField(label=_("Erteilt am"), widget=DateInput)
    form = forms.ChoiceField(
        label=_("Form"), choices=Consent.Form.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(
        label=_("Sprache, in der die Einwilligung erklärt wurde"),
        choices=[("", _("Deutsch / nicht angegeben")), *LANGUAGES],
        required=False,
    )
    valid_until = forms.DateField(
        label=_("Gültig bis"),
        widget=DateInput,
        required=False,
        help_text=_("Leer lassen, wenn die Einwilligung bis zum Widerruf gilt."),
    )
    document = forms.FileField(
        label=_("Unterschriebenes Formular (Scan)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_("PDF, JPEG oder PNG, höchstens 10 MB."),
    )

    def __init__(self, *args, tenant_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisations"].queryset = Organisation.objects.filter(
            tenant_id=tenant_id
        ).order_by("name")
        if not self.is_bound and "given_on" not in self.initial:
            self.initial["given_on"] = timezone.localdate()

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            check_document(document)
        return document

    def clean(self):
        data = super().clean()
        if not data.get("recipient_organisations") and not data.get("recipient_kinds"):
            self.add_error("recipient_organisations", NO_RECIPIENT)
        return data

    def consent_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in CONSENT_FORM_FIELDS}
        data["recipient_organisations"] = list(data["recipient_organisations"] or [])
        data["language"] = data["language"] or ""
        data["document"] = self.cleaned_data.get("document") or None
        return data

    @staticmethod
    def initial_from_query(query, tenant_id: int) -> dict:
        """What another page asks to fill in, e.g. a referral that needs a consent:
        `daten` and `empfaenger` (repeatable), `zweck`, `beschreibung`. Only known
        categories and organisations of the tenant are taken; the user checks the
        form and saves it, nothing is stored from the address."""
        initial = {}
        categories = [c for c in query.getlist("daten") if c in Consent.DataCategory.values]
        if categories:
            initial["data_categories"] = categories
        ids = [int(raw) for raw in query.getlist("empfaenger") if raw.isdigit()][:20]
        if ids:
            initial["recipient_organisations"] = list(
                Organisation.objects.filter(tenant_id=tenant_id, pk__in=ids)
            )
        if query.get("zweck") in Consent.PurposeCategory.values:
            initial["purpose_category"] = query["zweck"]
        purpose = query.get("beschreibung", "").strip()
        if purpose:
            initial["purpose"] = purpose[:2000]
        return initial

    @staticmethod
    def initial_from(consent: Consent) -> dict:
        return {
            "data_categories": consent.data_categories,
            "recipient_organisations": list(consent.recipient_organisations.all()),
            "recipient_kinds": consent.recipient_kinds,
            "purpose_category": consent.purpose_category,
            "purpose": consent.purpose,
            "given_on": consent.given_on,
            "form": consent.form,
            "language": consent.language,
            "valid_until": consent.valid_until,
            "version": consent.version,
        }


class ConsentEditForm(ConsentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConsentWithdrawForm(KernFormMixin, forms.Form):
    on = forms.DateField(
        label=_("Widerrufen am"),
        widget=DateInput,
        help_text=_("Ab diesem Tag gilt die Einwilligung nicht mehr."),
    )
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel wie der Widerruf erklärt wurde."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())
