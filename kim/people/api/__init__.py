"""REST API for persons: /api/v1/persons/.

Rows come only from `visible_persons`; writes go through the services; every
read is audited here (the services audit the writes).
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response

from kim.core.abilities import abilities
from kim.core.api import (
    VALIDATION_ERROR,
    ConflictSerializer,
    ErrorSerializer,
    KimApiMixin,
    KimModelSerializer,
    required_version_field,
)
from kim.core.audit import audit
from kim.core.models import District, Town, Unit
from kim.core.permissions import PERSON_REGISTER
from kim.people.catalogues import LANGUAGES
from kim.people.models import PERSON_DATA_FIELDS, Person, PersonAlias
from kim.people.selectors import CANDIDATE_LIMIT, person_search, visible_persons
from kim.people.services import person_register, person_update

POSTCODE = re.compile(r"\d{5}")


@extend_schema_field({"type": "string", "pattern": "^[A-Z]{2}$", "example": "SY"})
class CountryCodeField(serializers.CharField):
    # An ISO 3166-1 alpha-2 code, e.g. SY.

    def to_internal_value(self, data):
        code = super().to_internal_value(data).strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code) or not countries.alpha2(code):
            raise serializers.ValidationError(
                _("„%(code)s“ ist kein bekannter Ländercode (ISO 3166, z. B. SY).") % {"code": code}
            )
        return code

    def to_representation(self, value):
        return getattr(value, "code", value)


class PersonAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()
    open_case = serializers.BooleanField()


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonAlias
        fields = ["kind", "family_name", "given_names"]

    def validate(self, attrs):
        if not (attrs.get("family_name") or attrs.get("given_names")):
            raise serializers.ValidationError(
                _("Eine Namensvariante braucht einen Familiennamen oder Vornamen.")
            )
        return attrs


class PersonSummarySerializer(serializers.ModelSerializer):
    # A person in lists and search results: only what is needed to pick them.

    nationalities = serializers.ListField(child=CountryCodeField(), read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "family_name",
            "given_names",
            "birth_date",
            "birth_date_precision",
            "sex",
            "nationalities",
            "owner_unit",
            "town",
            "version",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    # A person with all data and what the caller may do with them.

    nationalities = serializers.ListField(child=CountryCodeField(), read_only=True)
    languages = serializers.ListField(child=serializers.ChoiceField(LANGUAGES), read_only=True)
    aliases = AliasSerializer(many=True, read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "owner_unit",
            *PERSON_DATA_FIELDS,
            "aliases",
            "version",
            "created_at",
            "updated_at",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonAbilitiesSerializer)
    def get_abilities(self, person) -> dict:
        return abilities(self.context["actor"], person)


class PersonWriteSerializer(KimModelSerializer):
    # Input of a person's data; validation only, the services write.

    nationalities = serializers.ListField(child=CountryCodeField(), required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(LANGUAGES), required=False)
    aliases = AliasSerializer(many=True, required=False)

    class Meta:
        model = Person
        fields = [*PERSON_DATA_FIELDS, "aliases"]
        extra_kwargs = {
            "town": {
                "error_messages": {"does_not_exist": gettext_lazy("Diesen Ort gibt es nicht.")}
            },
            "district": {
                "error_messages": {
                    "does_not_exist": gettext_lazy("Diesen Stadtteil gibt es nicht.")
                }
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        tenant_id = actor.tenant_id if actor else None
        self.fields["town"].queryset = Town.objects.filter(tenant_id=tenant_id)
        self.fields["district"].queryset = District.objects.filter(tenant_id=tenant_id)

    def validate_birth_date(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(_("Das Geburtsdatum liegt in der Zukunft."))
        return value

    def validate_arrival_date(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(_("Das Einreisedatum liegt in der Zukunft."))
        return value

    def validate_postcode(self, value):
        if value and not POSTCODE.fullmatch(value):
            raise serializers.ValidationError(_("Die Postleitzahl besteht aus fünf Ziffern."))
        return value

    def validate_nationalities(self, value):
        return list(dict.fromkeys(value))

    def validate_languages(self, value):
        return list(dict.fromkeys(value))

    def validate(self, attrs):
        def current(name):
            return attrs[name] if name in attrs else getattr(self.instance, name, None)

        errors = {}
        birth, arrival = current("birth_date"), current("arrival_date")
        if birth and arrival and arrival < birth:
            errors["arrival_date"] = _("Die Einreise kann nicht vor der Geburt liegen.")
        town, district = current("town"), current("district")
        if district and town and district.town_id != town.pk:
            errors["district"] = _("Der Stadtteil gehört nicht zum gewählten Ort.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class PersonCreateSerializer(PersonWriteSerializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Einheit, für die die Person registriert wird; eine der Einheiten, in denen "
            "Sie Personen registrieren dürfen. Entfällt, wenn es nur eine gibt."
        ),
        error_messages={
            "does_not_exist": gettext_lazy(
                "In dieser Einheit dürfen Sie keine Personen registrieren, oder es gibt sie nicht."
            ),
            "incorrect_type": gettext_lazy("Die Einheit wird als Zahl (ID) angegeben."),
        },
    )

    class Meta(PersonWriteSerializer.Meta):
        fields = ["unit", *PersonWriteSerializer.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            self.fields["unit"].queryset = Unit.objects.filter(
                tenant_id=actor.tenant_id, pk__in=actor.units(PERSON_REGISTER), active=True
            )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "unit" not in attrs:
            units = list(self.fields["unit"].queryset[:2])
            if len(units) != 1:
                raise serializers.ValidationError(
                    {
                        "unit": _(
                            "Sie gehören mehreren Einheiten an. Bitte geben Sie an, für "
                            "welche Einheit Sie die Person registrieren."
                        )
                    }
                )
            attrs["unit"] = units[0]
        return attrs


class PersonUpdateSerializer(PersonWriteSerializer):
    version = required_version_field()

    class Meta(PersonWriteSerializer.Meta):
        fields = ["version", *PersonWriteSerializer.Meta.fields]

    def validate(self, attrs):
        if "version" not in attrs:  # partial=True skips the required check
            raise serializers.ValidationError(
                {"version": self.fields["version"].error_messages["required"]}
            )
        return super().validate(attrs)


class PersonFilterSerializer(serializers.Serializer):
    # Query parameters of the person list. Validated, not just read: a NUL
    # character would reach the audit trail, which PostgreSQL refuses (500).
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=gettext_lazy(
            "Fehlertolerante Suche nach Namen (auch andere Schreibweisen) und "
            "Geburtsdatum (TT.MM.JJJJ); Treffer nach Ähnlichkeit sortiert."
        ),
    )


NOT_FOUND = {404: ErrorSerializer}
TAGS = [gettext_lazy("Personen")]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Personen auflisten oder suchen"),
        description=gettext_lazy(
            "Die Personen, die Ihre Einheiten führen, alphabetisch; mit `q` eine "
            "fehlertolerante Suche (höchstens 200 Treffer). Jede Seite wird im "
            "Zugriffsprotokoll vermerkt."
        ),
        parameters=[PersonFilterSerializer],
        responses=PersonSummarySerializer(many=True),
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Person abrufen"),
        description=gettext_lazy(
            "Alle Daten einer Person und was Sie mit ihr tun dürfen (`abilities`). "
            "Personen außerhalb Ihrer Einheiten: 404."
        ),
        responses={200: PersonSerializer, **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Person registrieren"),
        description=gettext_lazy("Registriert eine Person für eine Ihrer Einheiten (`unit`)."),
        request=PersonCreateSerializer,
        responses={201: PersonSerializer, 400: VALIDATION_ERROR, 403: ErrorSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Personendaten ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Felder. `version` ist die zuletzt gelesene Version; "
            "hat inzwischen jemand anderes gespeichert, antwortet die API mit 409 und "
            "dem aktuellen Stand, ohne etwas zu ändern."
        ),
        request=PersonUpdateSerializer,
        responses={
            200: PersonSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            409: ConflictSerializer,
            **NOT_FOUND,
        },
        tags=TAGS,
    ),
)
class PersonViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Person.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = PersonSerializer

    def get_queryset(self):
        persons = visible_persons(self.actor)
        if self.action == "retrieve":
            persons = persons.prefetch_related("aliases")
        return persons

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": self.actor}

    def represent(self, person: Person) -> dict:
        return PersonSerializer(person, context=self.get_serializer_context()).data

    def list(self, request, *args, **kwargs):
        filters = PersonFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        query = filters.validated_data.get("q", "")
        if query:
            rows = [hit.person for hit in person_search(self.actor, query, limit=CANDIDATE_LIMIT)]
            page = self.paginate_queryset(rows)
            self.audit_page("person.search", page, query=query)
        else:
            page = self.paginate_queryset(self.get_queryset())
            self.audit_page("person.list", page)
        return self.get_paginated_response(PersonSummarySerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        audit(actor=self.actor, action="person.view", obj=person, person_id=person.pk)
        return Response(self.represent(person))

    def create(self, request, *args, **kwargs):
        if not self.actor.has(PERSON_REGISTER):
            raise exceptions.PermissionDenied(_("Sie dürfen keine Personen registrieren."))
        serializer = PersonCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = person_register(
            actor=self.actor, unit=data.pop("unit"), aliases=data.pop("aliases", []), **data
        )
        return Response(self.represent(person), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        person = self.get_object()
        serializer = PersonUpdateSerializer(
            instance=person, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = person_update(
            actor=self.actor,
            person=person,
            version=data.pop("version"),
            aliases=data.pop("aliases", None),
            **data,
        )
        return Response(self.represent(person))

    def stale_representation(self, current: Person) -> dict:
        audit(actor=self.actor, action="person.view", obj=current, person_id=current.pk)
        return self.represent(current)
