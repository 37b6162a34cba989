"""Forms of the administration pages. They collect input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import Role, User
from kim.core.forms import KernFormMixin
from kim.core.models import Organisation


class UserFilterForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Name, Benutzername oder E-Mail"), required=False, max_length=100)
    unit = forms.ModelChoiceField(label=_("Einheit"), queryset=None, required=False)
    role = forms.ModelChoiceField(label=_("Rolle"), queryset=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("alle")), ("aktiv", _("aktiv")), ("inaktiv", _("deaktiviert"))],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("alle")
        self.fields["role"].queryset = Role.objects.order_by("name")
        self.fields["role"].empty_label = _("alle")

    def active(self) -> bool | None:
        return {"aktiv": True, "inaktiv": False}.get(self.cleaned_data.get("status"))


class PasswordFields(forms.Form):
    """A new password typed twice; both empty means: no password (cannot log in)."""

    password = forms.CharField(
        label=_("Passwort"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Mindestens 12 Zeichen, nicht nur Ziffern, kein gängiges Passwort. Leer lassen: "
            "Das Konto kann sich erst anmelden, wenn ein Passwort gesetzt ist."
        ),
    )
    password_confirm = forms.CharField(
        label=_("Passwort wiederholen"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password", "") != data.get("password_confirm", ""):
            self.add_error("password_confirm", _("Die beiden Passwörter stimmen nicht überein."))
        return data


class UserCreateForm(KernFormMixin, PasswordFields, forms.Form):
    username = forms.CharField(
        label=_("Benutzername"),
        max_length=150,
        help_text=_("Zum Anmelden. Buchstaben, Ziffern und @ . + - _"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-Mail"), required=False)

    field_order = ["username", "first_name", "last_name", "email", "password", "password_confirm"]


class UserEditForm(KernFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    is_active = forms.BooleanField(
        label=_("aktiv"),
        required=False,
        help_text=_("Deaktivierte Konten können sich nicht anmelden und keine API-Tokens nutzen."),
    )


class PasswordResetForm(KernFormMixin, PasswordFields, forms.Form):
    pass


class MembershipForm(KernFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Einheit"), queryset=None)
    role = forms.ModelChoiceField(label=_("Rolle"), queryset=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["role"].queryset = Role.objects.order_by("name")


class OrganisationForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Art"), choices=Organisation.Kind.choices)


class UnitForm(KernFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(
        label=_("Kürzel"),
        max_length=12,
        help_text=_("Für Fallnummern, z. B. NORD. Wird in Großbuchstaben gespeichert."),
    )
    town = forms.ModelChoiceField(label=_("Ort"), queryset=None, required=False)
    active = forms.BooleanField(
        label=_("aktiv"),
        required=False,
        initial=True,
        help_text=_("Mitgliedschaften in deaktivierten Einheiten gewähren keine Rechte."),
    )

    def __init__(self, *args, organisations, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.fields["town"].queryset = towns.order_by("name")


class TownForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    postcodes = forms.CharField(
        label=_("Postleitzahlen"),
        max_length=200,
        required=False,
        help_text=_("Fünfstellig, durch Komma getrennt, z. B. 58452, 58453."),
    )


class DistrictForm(KernFormMixin, forms.Form):
    town = forms.ModelChoiceField(label=_("Ort"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=120)

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns.order_by("name")


class CatalogueEntryForm(KernFormMixin, forms.Form):
    """An entry of a per-tenant catalogue (kim.core.catalogues); the code only when creating."""

    name = forms.CharField(label=_("Bezeichnung"), max_length=120)
    code = forms.SlugField(
        label=_("Kürzel"),
        max_length=40,
        help_text=_(
            "Kleinbuchstaben, Ziffern und Bindestriche, z. B. wohnen. Die Schnittstelle "
            "verwendet das Kürzel; es lässt sich später nicht mehr ändern."
        ),
    )
    active = forms.BooleanField(
        label=_("aktiv"),
        required=False,
        initial=True,
        help_text=_("Deaktivierte Einträge stehen nicht mehr zur Auswahl."),
    )

    def __init__(self, *args, catalogue, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["code"]
        if catalogue.text_field:
            self.fields["text"] = forms.CharField(
                label=catalogue.text_label,
                help_text=catalogue.text_help,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 8}),
            )
            self.order_fields(["name", "code", "text", "active"])


def user_initial(user: User) -> dict:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
    }
