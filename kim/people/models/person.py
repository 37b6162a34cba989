"""Persons (Klient*innen) and the keys that make them findable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from kim.core.models import District, Tenant, TenantModel, Town, Unit
from kim.people.catalogues import LANGUAGE_NAMES, LANGUAGES

# The data a user enters about a person: forms, API, service and audit use this list.
PERSON_DATA_FIELDS = [
    "family_name",
    "given_names",
    "birth_date",
    "birth_date_precision",
    "sex",
    "nationalities",
    "languages",
    "german_level",
    "arrival_date",
    "street",
    "postcode",
    "town",
    "district",
    "phone",
    "email",
    "interpreter_needed",
    "interpreter_language",
]


class Person(TenantModel):
    class DatePrecision(models.TextChoices):
        DAY = "day", _("genau")
        MONTH = "month", _("nur Monat und Jahr")
        YEAR = "year", _("nur Jahr")

    class Sex(models.TextChoices):
        FEMALE = "f", _("weiblich")
        MALE = "m", _("männlich")
        DIVERSE = "d", _("divers")
        NOT_STATED = "x", _("keine Angabe")

    class GermanLevel(models.TextChoices):
        UNKNOWN = "", _("unbekannt")
        NONE = "0", _("keine Kenntnisse")
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"

    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("Einheit"), on_delete=models.PROTECT, related_name="+"
    )
    family_name = models.CharField(_("Familienname"), max_length=150)
    given_names = models.CharField(_("Vornamen"), max_length=150, blank=True)
    birth_date = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("Genauigkeit des Geburtsdatums"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    sex = models.CharField(
        _("Geschlecht"), max_length=1, choices=Sex.choices, default=Sex.NOT_STATED
    )
    nationalities = CountryField(_("Staatsangehörigkeiten"), multiple=True, blank=True)
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    german_level = models.CharField(
        _("Deutschkenntnisse (GER)"), max_length=2, choices=GermanLevel.choices, blank=True
    )
    arrival_date = models.DateField(_("Einreise nach Deutschland"), null=True, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    town = models.ForeignKey(
        Town,
        verbose_name=_("Ort"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("Stadtteil"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    interpreter_needed = models.BooleanField(_("Sprachmittlung nötig"), default=False)
    interpreter_language = models.CharField(
        _("Sprache der Sprachmittlung"), max_length=4, choices=LANGUAGES, blank=True
    )
    search_name = models.CharField(max_length=400, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["family_name", "given_names", "id"]
        indexes = [
            models.Index(fields=["tenant", "owner_unit", "family_name"], name="person_owner_name"),
            models.Index(fields=["tenant", "birth_date"], name="person_birth"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def sort_name(self) -> str:
        return f"{self.family_name}, {self.given_names}" if self.given_names else self.family_name

    @property
    def birth_date_display(self) -> str:
        if not self.birth_date:
            return ""
        if self.birth_date_precision == self.DatePrecision.YEAR:
            return f"{self.birth_date:%Y}"
        if self.birth_date_precision == self.DatePrecision.MONTH:
            return f"{self.birth_date:%m.%Y}"
        return f"{self.birth_date:%d.%m.%Y}"

    @property
    def language_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.languages]


class PersonAlias(TenantModel):
    """Another spelling or an earlier name of a person."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("andere Schreibweise")
        BIRTH = "birth", _("Geburtsname")
        PREVIOUS = "previous", _("früherer Name")
        DOCUMENT = "document", _("Schreibweise im Dokument")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.SPELLING)
    family_name = models.CharField(_("Familienname"), max_length=150, blank=True)
    given_names = models.CharField(_("Vornamen"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("Namensvariante")
        verbose_name_plural = _("Namensvarianten")

    def __str__(self):
        return f"{self.given_names} {self.family_name}".strip()


class PersonNameKey(models.Model):
    """One folded name token of a person with its phonetic code: the search index."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=80)
    phonetic = models.CharField(max_length=80)

    class Meta:
        indexes = [
            models.Index(
                fields=["tenant", "phonetic"],
                name="namekey_phonetic",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["tenant", "token"],
                name="namekey_token",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.token} ({self.phonetic})"


class PersonUnit(TenantModel):
    """A unit that holds a person: the registering unit and every unit with a case.

    Person visibility is `id IN (person_id of PersonUnit for my units)`: one
    indexable predicate, kept up to date by the services that register persons
    and open cases.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "unit"], name="personunit_unique"),
        ]
        indexes = [models.Index(fields=["tenant", "unit", "person"], name="personunit_unit")]
