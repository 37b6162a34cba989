"""Cases: /api/v1/cases/.

Cases come only from `visible_cases`; writes go through the services; reads
are audited here.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response

from kim.accounts.models import User
from kim.cases.abilities import case_process_abilities
from kim.cases.api.common import (
    MAX_ID,
    NOT_FOUND,
    OptionalPhaseField,
    PhaseField,
    field_codes,
    tenant_fields,
)
from kim.cases.models import Case
from kim.cases.selectors import case_list, visible_cases
from kim.cases.services import case_open, case_update
from kim.core.abilities import abilities
from kim.core.api import (
    VALIDATION_ERROR,
    ConflictSerializer,
    DateField,
    ErrorSerializer,
    KimApiMixin,
    required_version_field,
)
from kim.core.audit import audit
from kim.core.models import FieldOfAction, Unit
from kim.core.permissions import CASE_OPEN
from kim.people.models import Person
from kim.people.selectors import visible_persons


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "family_name", "given_names"]
        read_only_fields = fields


class CaseAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    document = serializers.BooleanField()
    change = serializers.BooleanField()
    assign = serializers.BooleanField()


class CaseProcessAbilitiesSerializer(serializers.Serializer):
    change_phase = serializers.BooleanField()
    record_intake = serializers.BooleanField()
    manage_members = serializers.BooleanField()
    hand_over = serializers.BooleanField()
    close = serializers.BooleanField()
    reopen = serializers.BooleanField()


class CaseSummarySerializer(serializers.ModelSerializer):
    # A case in lists.

    person = PersonRefSerializer(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    case_manager_name = serializers.SerializerMethodField()
    phase = PhaseField(read_only=True)
    fields = field_codes(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "status",
            "phase",
            "person",
            "unit",
            "unit_name",
            "case_manager",
            "case_manager_name",
            "opened_on",
            "closed_on",
            "last_contact_on",
            "fields",
            "version",
        ]
        read_only_fields = fields

    def get_case_manager_name(self, case) -> str:
        return str(case.case_manager) if case.case_manager_id else ""


class CaseSerializer(CaseSummarySerializer):
    # A case with all data and what the caller may do with it.

    paused_from = OptionalPhaseField(read_only=True)
    abilities = serializers.SerializerMethodField()
    process_abilities = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "paused_from",
            "reason",
            "created_at",
            "updated_at",
            "abilities",
            "process_abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(CaseAbilitiesSerializer)
    def get_abilities(self, case) -> dict:
        return abilities(self.context["actor"], case)

    @extend_schema_field(CaseProcessAbilitiesSerializer)
    def get_process_abilities(self, case) -> dict:
        # Phase, intake, members, handover, closing and reopening (the process endpoints).
        return case_process_abilities(self.context["actor"], case)


class CaseManagerField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": gettext_lazy("Dieses Konto gibt es nicht."),
        "incorrect_type": gettext_lazy("Das Konto wird als Zahl (ID) angegeben."),
    }


class CaseCreateSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        help_text=gettext_lazy("ID der Person, für die der Fall eröffnet wird."),
        error_messages={
            "does_not_exist": gettext_lazy(
                "Diese Person gibt es nicht, oder sie ist für Sie nicht sichtbar."
            ),
            "incorrect_type": gettext_lazy("Die Person wird als Zahl (ID) angegeben."),
        },
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Einheit, in der der Fall geführt wird; eine der Einheiten, in denen Sie "
            "Fälle eröffnen dürfen. Entfällt, wenn es nur eine gibt."
        ),
        error_messages={
            "does_not_exist": gettext_lazy(
                "In dieser Einheit dürfen Sie keine Fälle eröffnen, oder es gibt sie nicht."
            ),
            "incorrect_type": gettext_lazy("Die Einheit wird als Zahl (ID) angegeben."),
        },
    )
    case_manager = CaseManagerField(
        queryset=User.objects.none(),
        required=False,
        help_text=gettext_lazy("Fallverantwortliche Person; ohne Angabe: Sie selbst."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, label=gettext_lazy("Anlass"))
    fields = field_codes(queryset=FieldOfAction.objects.none(), required=False)
    opened_on = DateField(
        required=False, help_text=gettext_lazy("Eröffnungsdatum; ohne Angabe: heute.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            self.fields["person"].queryset = visible_persons(actor)
            self.fields["unit"].queryset = Unit.objects.filter(
                tenant_id=actor.tenant_id, pk__in=actor.units(CASE_OPEN), active=True
            )
            self.fields["case_manager"].queryset = User.objects.filter(
                tenant_id=actor.tenant_id, is_active=True
            )
            self.fields["fields"].child_relation.queryset = tenant_fields(actor)

    def validate_opened_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("Das Eröffnungsdatum liegt in der Zukunft."))
        return value

    def validate(self, attrs):
        if "unit" not in attrs:
            units = list(self.fields["unit"].queryset[:2])
            if len(units) != 1:
                raise serializers.ValidationError(
                    {
                        "unit": _(
                            "Sie gehören mehreren Einheiten an. Bitte geben Sie an, in "
                            "welcher Einheit der Fall geführt wird."
                        )
                    }
                )
            attrs["unit"] = units[0]
        return attrs


class CaseUpdateSerializer(serializers.Serializer):
    version = required_version_field()
    reason = serializers.CharField(required=False, allow_blank=True, label=gettext_lazy("Anlass"))
    fields = field_codes(queryset=FieldOfAction.objects.none(), required=False)
    case_manager = CaseManagerField(
        queryset=User.objects.none(),
        required=False,
        help_text=gettext_lazy("Fallverantwortung neu zuweisen (nur Teamleitung)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            self.fields["case_manager"].queryset = User.objects.filter(
                tenant_id=actor.tenant_id, is_active=True
            )
            self.fields["fields"].child_relation.queryset = tenant_fields(actor)

    def validate(self, attrs):
        if "version" not in attrs:  # partial=True skips the required check
            raise serializers.ValidationError(
                {"version": self.fields["version"].error_messages["required"]}
            )
        return attrs


class CaseFilterSerializer(serializers.Serializer):
    # Query parameters of the case list.

    status = serializers.ChoiceField(choices=Case.Status.choices, required=False)
    phase = PhaseField(required=False)
    unit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=gettext_lazy("Nur Fälle dieser Einheit (ID)."),
    )
    case_manager = serializers.RegexField(
        r"^(me|[0-9]{1,18})$",
        required=False,
        help_text=gettext_lazy("„me“ für die eigenen Fälle oder die ID eines Kontos."),
        error_messages={"invalid": gettext_lazy("Erwartet wird „me“ oder die ID eines Kontos.")},
    )
    person = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=gettext_lazy("Nur Fälle dieser Person (ID)."),
    )
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text=gettext_lazy("Suche nach Name der Person (fehlertolerant) oder Fallnummer."),
    )


CASE_TAGS = [gettext_lazy("Fälle")]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Fälle auflisten"),
        description=gettext_lazy(
            "Die Fälle Ihrer Einheiten, neueste zuerst; filterbar nach Status, Phase, Einheit, "
            "Fallverantwortung (`case_manager=me`), Person und Suchbegriff. Jede Seite "
            "wird im Zugriffsprotokoll vermerkt."
        ),
        parameters=[CaseFilterSerializer],
        responses={200: CaseSummarySerializer(many=True), 400: VALIDATION_ERROR},
        tags=CASE_TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Fall abrufen"),
        description=gettext_lazy(
            "Ein Fall mit allen Angaben und dem, was Sie damit tun dürfen "
            "(`abilities`; für Phase, Intake, Beteiligte, Übergabe, Abschluss und "
            "Wiedereröffnung `process_abilities`). Fälle außerhalb Ihrer Einheiten: 404."
        ),
        responses={200: CaseSerializer, **NOT_FOUND},
        tags=CASE_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Fall eröffnen"),
        description=gettext_lazy(
            "Eröffnet einen Fall für eine Person, die Sie sehen dürfen, in einer Ihrer "
            "Einheiten. Die Fallnummer vergibt die Plattform."
        ),
        request=CaseCreateSerializer,
        responses={201: CaseSerializer, 400: VALIDATION_ERROR, 403: ErrorSerializer},
        tags=CASE_TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Fall ändern"),
        description=gettext_lazy(
            "Ändert Anlass, Handlungsfelder oder (Teamleitung) die Fallverantwortung. "
            "`version` ist die zuletzt gelesene Version; ist sie veraltet: 409 mit dem "
            "aktuellen Stand."
        ),
        request=CaseUpdateSerializer,
        responses={
            200: CaseSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            409: ConflictSerializer,
            **NOT_FOUND,
        },
        tags=CASE_TAGS,
    ),
)
class CaseViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Case.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = CaseSerializer

    def get_queryset(self):
        return (
            visible_cases(self.actor)
            .select_related("person", "unit", "case_manager")
            .prefetch_related("fields")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": self.actor}

    def represent(self, case: Case) -> dict:
        return CaseSerializer(case, context=self.get_serializer_context()).data

    def list(self, request, *args, **kwargs):
        filters = CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        manager = wanted.get("case_manager")
        cases = case_list(
            self.actor,
            status=wanted.get("status", ""),
            phase=wanted.get("phase", ""),
            unit_id=wanted.get("unit"),
            case_manager_id=self.actor.user.pk if manager == "me" else int(manager or 0),
            query=wanted.get("q", ""),
        ).prefetch_related("fields")
        if "person" in wanted:
            cases = cases.filter(person_id=wanted["person"])
        page = self.paginate_queryset(cases)
        extra = {"query": wanted["q"]} if wanted.get("q") else {}
        self.audit_page("case.list", page, person_ids=sorted({c.person_id for c in page}), **extra)
        return self.get_paginated_response(CaseSummarySerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        audit(actor=self.actor, action="case.view", obj=case, person_id=case.person_id)
        return Response(self.represent(case))

    def create(self, request, *args, **kwargs):
        if not self.actor.has(CASE_OPEN):
            raise exceptions.PermissionDenied(_("Sie dürfen keine Fälle eröffnen."))
        serializer = CaseCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        case = case_open(actor=self.actor, **serializer.validated_data)
        return Response(
            self.represent(self.get_queryset().get(pk=case.pk)), status=status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        serializer = CaseUpdateSerializer(
            instance=case, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case_update(
            actor=self.actor,
            case=case,
            version=data["version"],
            reason=data.get("reason", case.reason),
            fields=data.get("fields", list(case.fields.all())),
            case_manager=data.get("case_manager"),
        )
        return Response(self.represent(self.get_queryset().get(pk=case.pk)))

    def stale_representation(self, current: Case) -> dict:
        current = self.get_queryset().get(pk=current.pk)
        audit(actor=self.actor, action="case.view", obj=current, person_id=current.person_id)
        return self.represent(current)
