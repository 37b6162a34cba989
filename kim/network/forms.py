"""Forms of the directory pages: search filters, services, organisations,
responsibilities, the finder and the import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.cases.models import TargetGroup
from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import District, FieldOfAction, Organisation, Town
from kim.network.models import Service
from kim.network.models.directory import LEGAL_DOMAIN_SHORT
from kim.network.selectors.directory import ACTIVE, ALL, ARCHIVED, ServiceFilters
from kim.people.catalogues import LANGUAGES
from kim.people.models import LegalDomain

LEGAL_DOMAIN_CHOICES = [(code, LEGAL_DOMAIN_SHORT[code]) for code in LegalDomain.values]
LEGAL_DOMAIN_LONG_CHOICES = list(LegalDomain.choices)
LANGUAGE_CHOICES = sorted(LANGUAGES, key=lambda item: str(item[1]))
WAITING_CHOICES = [
    ("", _("egal")),
    ("0", _("keine Wartezeit")),
    ("2", _("bis 2 Wochen")),
    ("4", _("bis 4 Wochen")),
    ("8", _("bis 8 Wochen")),
]
REFERRAL_CHOICES = [("", _("egal")), ("ja", _("ja")), ("nein", _("nein"))]


def _with_empty(choices, label=None):
    return [("", label or _("alle")), *choices]


class TenantChoices:
    """Choice fields whose entries are the tenant's catalogues and places."""

    def tenant_querysets(self, tenant_id: int | None, *, inactive: bool = False):
        fields = FieldOfAction.objects.filter(tenant_id=tenant_id)
        groups = TargetGroup.objects.filter(tenant_id=tenant_id)
        if not inactive:
            fields, groups = fields.filter(active=True), groups.filter(active=True)
        return {
            "field": fields.order_by("position", "name"),
            "target_group": groups.order_by("position", "name"),
            "town": Town.objects.filter(tenant_id=tenant_id).order_by("name"),
            "district": District.objects.filter(tenant_id=tenant_id)
            .select_related("town")
            .order_by("town__name", "name"),
            "organisation": Organisation.objects.filter(tenant_id=tenant_id).order_by("name"),
        }


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.town.name} – {obj.name}"


class DistrictMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.town.name} – {obj.name}"


class ServiceFilterForm(KernFormMixin, TenantChoices, forms.Form):
    """The directory search. German parameter names: they show in the address bar."""

    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        max_length=200,
        help_text=_("Name, Beschreibung, Organisation oder Ort, z. B. „Sprachcafé“."),
    )
    feld = forms.ModelChoiceField(
        label=_("Handlungsfeld"), queryset=FieldOfAction.objects.none(), required=False,
        to_field_name="code",
    )  # fmt: skip
    zielgruppe = forms.ModelChoiceField(
        label=_("Zielgruppe"), queryset=TargetGroup.objects.none(), required=False,
        to_field_name="code",
    )  # fmt: skip
    rechtskreis = forms.ChoiceField(
        label=_("Rechtskreis"), choices=_with_empty(LEGAL_DOMAIN_CHOICES), required=False
    )
    sprache = forms.ChoiceField(
        label=_("Sprache"), choices=_with_empty(LANGUAGE_CHOICES), required=False
    )
    ort = forms.ModelChoiceField(label=_("Ort"), queryset=Town.objects.none(), required=False)
    stadtteil = DistrictChoiceField(
        label=_("Stadtteil"), queryset=District.objects.none(), required=False
    )
    art = forms.ChoiceField(
        label=_("Art der Organisation"),
        choices=_with_empty(Organisation.Kind.choices),
        required=False,
    )
    vermittlung = forms.ChoiceField(
        label=_("Nimmt Vermittlungen an"), choices=REFERRAL_CHOICES, required=False
    )
    wartezeit = forms.ChoiceField(label=_("Wartezeit"), choices=WAITING_CHOICES, required=False)
    status = forms.ChoiceField(
        label=_("Stand"),
        choices=[(ACTIVE, _("aktuelle Angebote")), (ARCHIVED, _("archivierte")), (ALL, _("alle"))],
        required=False,
    )

    def __init__(self, *args, tenant_id, can_manage: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        querysets = self.tenant_querysets(tenant_id)
        self.fields["feld"].queryset = querysets["field"]
        self.fields["zielgruppe"].queryset = querysets["target_group"]
        self.fields["ort"].queryset = querysets["town"]
        self.fields["stadtteil"].queryset = querysets["district"]
        for name in ("feld", "zielgruppe", "ort", "stadtteil"):
            self.fields[name].empty_label = _("alle")
        if not can_manage:
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        district, town = data.get("stadtteil"), data.get("ort")
        if district and town and district.town_id != town.pk:
            self.add_error(
                "stadtteil",
                _("Der Stadtteil %(district)s liegt nicht in %(town)s.")
                % {"district": district.name, "town": town.name},
            )
        return data

    def filters(self) -> ServiceFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        referrals = data.get("vermittlung")
        waiting = data.get("wartezeit")
        return ServiceFilters(
            q=data.get("q") or "",
            field=data.get("feld"),
            target_group=data.get("zielgruppe"),
            legal_domain=data.get("rechtskreis") or "",
            language=data.get("sprache") or "",
            town=data.get("ort"),
            district=data.get("stadtteil"),
            kind=data.get("art") or "",
            accepts_referrals={"ja": True, "nein": False}.get(referrals),
            max_waiting_weeks=int(waiting) if waiting else None,
            status=data.get("status") or ACTIVE,
        )

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(
            value not in (None, "", ACTIVE) for value in self.cleaned_data.values()
        )


class ServiceForm(KernFormMixin, TenantChoices, forms.Form):
    """Create or edit a service. The field names are the service layer's."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Bitte die Organisation auswählen.")},
    )
    name = forms.CharField(
        label=_("Name des Angebots"),
        max_length=200,
        error_messages={"required": _("Bitte den Namen des Angebots angeben.")},
    )
    description = forms.CharField(
        label=_("Beschreibung in einfacher Sprache"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Kurze Sätze, ohne Fachwörter. Was bekommt man hier? Wer kann kommen? "
            "Was muss man mitbringen?"
        ),
        error_messages={"required": _("Bitte in einfachen Worten beschreiben, was es hier gibt.")},
    )
    # Not "fields": that name is the form's own dict of fields.
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Zielgruppen"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leer: für alle."),
    )
    legal_domains = forms.MultipleChoiceField(
        label=_("Rechtskreise"),
        choices=LEGAL_DOMAIN_LONG_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Für wen das Angebot nach Rechtskreis gedacht ist; leer: unabhängig davon."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In welchen Sprachen beraten wird (ohne Dolmetscher)."),
    )
    towns = forms.ModelMultipleChoiceField(
        label=_("Orte"),
        queryset=Town.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Für wen aus welchen Orten; leer: für die ganze Kommune."),
    )
    districts = DistrictMultipleChoiceField(
        label=_("Stadtteile"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nur, wenn das Angebot nur einzelnen Stadtteilen offensteht."),
    )
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("PLZ"), max_length=5, required=False)
    city = forms.CharField(label=_("Ort der Anschrift"), max_length=120, required=False)
    directions = forms.CharField(
        label=_("So kommen Sie hin"),
        max_length=300,
        required=False,
        help_text=_("Zum Beispiel „Bus 5 bis Haltestelle Rathaus, 2. Stock“."),
    )
    opening_hours = forms.CharField(
        label=_("Öffnungszeiten"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel „Montag bis Freitag 9 bis 12 Uhr“."),
    )
    contact_name = forms.CharField(
        label=_("Ansprechperson oder Funktion"), max_length=200, required=False
    )
    contact_phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    contact_email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        error_messages={"invalid": _("Bitte eine gültige E-Mail-Adresse angeben.")},
    )
    waiting_weeks = forms.IntegerField(
        label=_("Wartezeit in Wochen"),
        required=False,
        min_value=0,
        max_value=104,
        help_text=_("0 heißt: keine Wartezeit. Leer: unbekannt."),
        error_messages={"invalid": _("Bitte eine ganze Zahl von Wochen angeben.")},
    )
    capacity_note = forms.CharField(
        label=_("Plätze und Wartezeit (Hinweis)"),
        max_length=300,
        required=False,
        help_text=_("Zum Beispiel „Kurs startet im März, noch 4 Plätze frei“."),
    )
    accepts_referrals = forms.BooleanField(label=_("nimmt Vermittlungen an"), required=False)
    referral_email = forms.EmailField(
        label=_("E-Mail-Adresse für Vermittlungen"),
        required=False,
        help_text=_("An diese Adresse gehen Vermittlungen an die Partnerorganisation."),
        error_messages={"invalid": _("Bitte eine gültige E-Mail-Adresse angeben.")},
    )
    reviewed_on = forms.DateField(
        label=_("geprüft am"),
        required=False,
        widget=DateInput,
        help_text=_("Wann die Angaben zuletzt mit der Organisation abgestimmt wurden."),
        error_messages={"invalid": _("Bitte ein gültiges Datum angeben.")},
    )

    # Form field -> the service layer's name.
    RELATIONS = {
        "fields_of_action": "fields",
        "target_groups": "target_groups",
        "towns": "towns",
        "districts": "districts",
    }

    def __init__(self, *args, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        querysets = self.tenant_querysets(tenant_id)
        self.fields["organisation"].queryset = querysets["organisation"]
        self.fields["fields_of_action"].queryset = querysets["field"]
        self.fields["target_groups"].queryset = querysets["target_group"]
        self.fields["towns"].queryset = querysets["town"]
        self.fields["districts"].queryset = querysets["district"]
        self.fields["organisation"].empty_label = _("Bitte auswählen")
        for name in ("legal_domains", "languages", "towns", "fields_of_action", "target_groups"):
            self.fields[name].horizontal = True

    @staticmethod
    def initial_for(service: Service) -> dict:
        from kim.network.services.directory import SERVICE_FIELDS

        initial = {name: getattr(service, name) for name in SERVICE_FIELDS}
        initial["organisation"] = service.organisation_id
        initial["version"] = service.version
        for name, relation in ServiceForm.RELATIONS.items():
            initial[name] = list(getattr(service, relation).all())
        return initial

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("organisation", None)
        for name, relation in self.RELATIONS.items():
            data[relation] = list(data.pop(name))
        return data


class OrganisationForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Bitte den Namen der Organisation angeben.")},
    )
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=[("", _("Bitte auswählen")), *Organisation.Kind.choices],
        error_messages={"required": _("Bitte die Art der Organisation auswählen.")},
    )
    description = forms.CharField(
        label=_("Kurzbeschreibung"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("PLZ"), max_length=5, required=False)
    city = forms.CharField(label=_("Ort"), max_length=120, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        error_messages={"invalid": _("Bitte eine gültige E-Mail-Adresse angeben.")},
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=300,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Bitte eine gültige Adresse angeben, z. B. https://…")},
    )

    PROFILE = ("street", "postcode", "city", "phone", "email", "website", "description")

    def organisation_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ArchiveForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Grund"),
        max_length=500,
        required=False,
        help_text=_("Zum Beispiel „Angebot eingestellt zum 31.12.“."),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResponsibilityForm(KernFormMixin, TenantChoices, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        help_text=_("Leer: für jedes Handlungsfeld."),
    )
    legal_domain = forms.ChoiceField(
        label=_("Rechtskreis"),
        choices=_with_empty(LEGAL_DOMAIN_LONG_CHOICES, _("jeder Rechtskreis")),
        required=False,
    )
    town = forms.ModelChoiceField(
        label=_("Ort"),
        queryset=Town.objects.none(),
        required=False,
        help_text=_("Leer: für alle Orte der Kommune."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Zuständige Stelle"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Bitte die zuständige Stelle auswählen.")},
    )
    service = forms.ModelChoiceField(
        label=_("Angebot"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("Optional: das Angebot der Stelle, an das man sich wendet."),
    )
    note = forms.CharField(label=_("Hinweis"), max_length=500, required=False)
    valid_from = forms.DateField(
        label=_("gültig ab"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Bitte ein gültiges Datum angeben.")},
    )
    valid_until = forms.DateField(
        label=_("gültig bis"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Bitte ein gültiges Datum angeben.")},
    )

    def __init__(self, *args, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        querysets = self.tenant_querysets(tenant_id)
        self.fields["field"].queryset = querysets["field"]
        self.fields["field"].empty_label = _("jedes Handlungsfeld")
        self.fields["town"].queryset = querysets["town"]
        self.fields["town"].empty_label = _("alle Orte")
        self.fields["organisation"].queryset = querysets["organisation"]
        self.fields["organisation"].empty_label = _("Bitte auswählen")
        self.fields["service"].queryset = (
            Service.objects.filter(tenant_id=tenant_id, archived_at__isnull=True)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["service"].label_from_instance = lambda s: f"{s.organisation.name}: {s.name}"
        self.fields["service"].empty_label = _("kein bestimmtes Angebot")

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Das Ende liegt vor dem Beginn."))
        return data

    def responsibility_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class FinderForm(KernFormMixin, TenantChoices, forms.Form):
    feld = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.none(),
        to_field_name="code",
        error_messages={"required": _("Bitte das Handlungsfeld auswählen.")},
    )
    rechtskreis = forms.ChoiceField(
        label=_("Rechtskreis"),
        choices=_with_empty(LEGAL_DOMAIN_LONG_CHOICES, _("unbekannt oder keiner")),
        required=False,
    )
    ort = forms.ModelChoiceField(label=_("Ort"), queryset=Town.objects.none(), required=False)
    adresse = forms.CharField(
        label=_("oder Postleitzahl / Anschrift"),
        max_length=200,
        required=False,
        help_text=_("Zum Beispiel „58120“ oder „Hauptstraße 3, Nordheim“."),
    )

    def __init__(self, *args, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        querysets = self.tenant_querysets(tenant_id)
        self.fields["feld"].queryset = querysets["field"]
        self.fields["feld"].empty_label = _("Bitte auswählen")
        self.fields["ort"].queryset = querysets["town"]
        self.fields["ort"].empty_label = _("nicht angegeben")


class ImportForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "CSV (Semikolon oder Komma, UTF-8 oder wie Excel sie speichert) oder Excel "
            "(XLSX), in der Form des Exports."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={
            "required": _("Bitte eine Datei auswählen."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Es wurde keine Datei übermittelt. Bitte erneut auswählen."),
        },
    )
