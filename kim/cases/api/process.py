"""The course of a case: phase, intake, members, closing and reopening.

/api/v1/cases/{case_pk}/phase/, …/intake/, …/members/, …/closure/, …/reopen/.
The case comes from `visible_cases` (404 otherwise); what the actor may do
with it from `case_process_abilities` (403 otherwise, also for closed cases);
the services check again, write and audit. Reads are audited as `case.view`,
as the case page that shows the same does.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.cases.abilities import case_process_abilities
from kim.cases.api.cases import CaseSerializer, PersonRefSerializer
from kim.cases.api.common import CASE_PK, NOT_FOUND, OptionalPhaseField, PhaseField
from kim.cases.checks import closure_problems
from kim.cases.models import Case, CaseClosure, CaseMember, CasePhaseChange, TargetGroup
from kim.cases.phases import phase_form_targets
from kim.cases.selectors import (
    latest_closure,
    members_of_case,
    phase_changes_of_case,
    target_groups,
    visible_cases,
)
from kim.cases.services import (
    case_change_phase,
    case_close,
    case_member_add,
    case_member_remove,
    case_record_intake,
    case_reopen,
)
from kim.core.api import (
    VALIDATION_ERROR,
    CodeField,
    ConflictSerializer,
    DateField,
    ErrorSerializer,
    KimApiMixin,
    VersionRequiredMixin,
    required_version_field,
    user_name,
)
from kim.core.audit import audit
from kim.people.models import Person
from kim.people.selectors import visible_persons

PROCESS_TAGS = [gettext_lazy("Fallverlauf")]
WRITE_ERRORS = {
    400: VALIDATION_ERROR,
    403: ErrorSerializer,
    409: ConflictSerializer,
    **NOT_FOUND,
}


class CaseProcessMixin(KimApiMixin):
    """The case from the URL and its process abilities."""

    @property
    def case(self) -> Case:
        return self.fetch(
            visible_cases(self.actor).select_related("person", "unit", "case_manager"), "case_pk"
        )

    def require_process(self, ability: str) -> None:
        self.require(case_process_abilities(self.actor, self.case)[ability])

    def audit_case_view(self, case: Case, **changes) -> None:
        audit(
            actor=self.actor,
            action="case.view",
            obj=case,
            person_id=case.person_id,
            changes=changes or None,
        )

    def fresh_case(self) -> Case:
        """The case as saved now (after a write or a conflict), with what the answer shows."""
        return (
            visible_cases(self.actor)
            .select_related("person", "unit", "case_manager")
            .prefetch_related("fields")
            .get(pk=self.kwargs["case_pk"])
        )

    def case_representation(self, case: Case) -> dict:
        return CaseSerializer(case, context={"actor": self.actor, "request": self.request}).data


# --- phase -----------------------------------------------------------------------


class PhaseChangeSerializer(serializers.ModelSerializer):
    from_phase = OptionalPhaseField(read_only=True)
    to_phase = PhaseField(read_only=True)
    changed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = CasePhaseChange
        fields = [
            "id",
            "from_phase",
            "to_phase",
            "reason",
            "changed_by",
            "changed_by_name",
            "changed_at",
        ]
        read_only_fields = fields

    def get_changed_by_name(self, change) -> str:
        return user_name(change.changed_by)


class CasePhaseSerializer(serializers.Serializer):
    # The phase of a case, where it may go from here, and how it got there.
    phase = PhaseField()
    paused_from = OptionalPhaseField(
        help_text=gettext_lazy("Bei pausierten Fällen: die Phase, in der pausiert wurde.")
    )
    version = serializers.IntegerField()
    allowed_transitions = serializers.ListField(
        child=PhaseField(),
        help_text=gettext_lazy(
            "Phasen, in die der Fall jetzt wechseln kann. Abschließen und Wiedereröffnen "
            "haben eigene Endpunkte (`closure`, `reopen`)."
        ),
    )
    history = PhaseChangeSerializer(many=True)


class PhaseChangeRequestSerializer(serializers.Serializer):
    version = required_version_field()
    to_phase = PhaseField(label=gettext_lazy("Neue Phase"))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=gettext_lazy("Nötig, wenn der Fall zurückgeht oder pausiert."),
    )


def phase_representation(case: Case) -> dict:
    return CasePhaseSerializer(
        {
            "phase": case.phase,
            "paused_from": case.paused_from,
            "version": case.version,
            "allowed_transitions": phase_form_targets(case.phase, paused_from=case.paused_from),
            "history": phase_changes_of_case(case),
        }
    ).data


class CasePhaseView(CaseProcessMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Phase eines Falls abrufen"),
        description=gettext_lazy(
            "Die aktuelle Phase, die erlaubten Wechsel und der Verlauf aller Wechsel "
            "(wer, wann, warum)."
        ),
        parameters=[CASE_PK],
        responses={200: CasePhaseSerializer, **NOT_FOUND},
        tags=PROCESS_TAGS,
    )
    def get(self, request, case_pk):
        case = self.case
        self.audit_case_view(case)
        return Response(phase_representation(case))

    @extend_schema(
        summary=gettext_lazy("Phase wechseln"),
        description=gettext_lazy(
            "Wechselt in eine der erlaubten Phasen. Zurückgehen und Pausieren brauchen "
            "einen Grund (`reason`). Abgeschlossene Fälle: 403."
        ),
        parameters=[CASE_PK],
        request=PhaseChangeRequestSerializer,
        responses={200: CasePhaseSerializer, **WRITE_ERRORS},
        tags=PROCESS_TAGS,
    )
    def post(self, request, case_pk):
        self.require_process("change_phase")
        serializer = PhaseChangeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_change_phase(actor=self.actor, case=self.case, **serializer.validated_data)
        return Response(phase_representation(case))

    def stale_representation(self, current: Case) -> dict:
        self.audit_case_view(current)
        return phase_representation(current)


# --- intake ----------------------------------------------------------------------


def target_group_codes(**kwargs):
    field_class = serializers.SlugRelatedField if kwargs.get("read_only") else CodeField
    return field_class(
        many=True,
        slug_field="code",
        error_messages={
            "does_not_exist": gettext_lazy("Unbekannte Zielgruppe „{value}“."),
            "invalid": gettext_lazy("Zielgruppen werden als Kürzel angegeben."),
        },
        help_text=gettext_lazy("Zielgruppen als Kürzel aus dem Katalog der Kommune."),
        **kwargs,
    )


class IntakeSerializer(serializers.ModelSerializer):
    target_groups = target_group_codes(read_only=True)

    class Meta:
        model = Case
        fields = [
            "version",
            "access_route",
            "target_groups",
            "cm_indicated",
            "cm_indicated_reason",
            "consent_status",
        ]
        read_only_fields = fields


class IntakeUpdateSerializer(VersionRequiredMixin, serializers.Serializer):
    version = required_version_field()
    access_route = serializers.ChoiceField(
        choices=Case.AccessRoute.choices, required=False, allow_blank=True
    )
    target_groups = target_group_codes(queryset=TargetGroup.objects.none(), required=False)
    cm_indicated = serializers.ChoiceField(choices=Case.CmIndicated.choices, required=False)
    cm_indicated_reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    consent_status = serializers.ChoiceField(choices=Case.ConsentStatus.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["target_groups"].child_relation.queryset = target_groups(case.tenant_id)


class CaseIntakeView(CaseProcessMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Intake eines Falls abrufen"),
        description=gettext_lazy(
            "Zugangsweg, Zielgruppen, ob Case Management angezeigt ist, und der Stand der "
            "Einwilligung."
        ),
        parameters=[CASE_PK],
        responses={200: IntakeSerializer, **NOT_FOUND},
        tags=PROCESS_TAGS,
    )
    def get(self, request, case_pk):
        case = self.case
        self.audit_case_view(case)
        return Response(IntakeSerializer(case).data)

    @extend_schema(
        summary=gettext_lazy("Intake erfassen oder korrigieren"),
        description=gettext_lazy(
            "Ändert die gesendeten Angaben; `version` ist die Version des Falls. Ist kein "
            "Case Management angezeigt, ist eine Begründung nötig."
        ),
        parameters=[CASE_PK],
        request=IntakeUpdateSerializer,
        responses={200: IntakeSerializer, **WRITE_ERRORS},
        tags=PROCESS_TAGS,
    )
    def patch(self, request, case_pk):
        case = self.case
        self.require_process("record_intake")
        serializer = IntakeUpdateSerializer(data=request.data, partial=True, context={"case": case})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = case_record_intake(
            actor=self.actor,
            case=case,
            version=data["version"],
            access_route=data.get("access_route", case.access_route),
            target_groups=list(data.get("target_groups", case.target_groups.all())),
            cm_indicated=data.get("cm_indicated", case.cm_indicated),
            cm_indicated_reason=data.get("cm_indicated_reason", case.cm_indicated_reason),
            consent_status=data.get("consent_status", case.consent_status),
        )
        return Response(IntakeSerializer(case).data)

    def stale_representation(self, current: Case) -> dict:
        self.audit_case_view(current)
        return IntakeSerializer(current).data


# --- closing and reopening ----------------------------------------------------------


class ClosureSerializer(serializers.ModelSerializer):
    closed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = CaseClosure
        fields = ["id", "reason", "summary", "closed_on", "closed_by", "closed_by_name"]
        read_only_fields = fields

    def get_closed_by_name(self, closure) -> str:
        return user_name(closure.closed_by)


class ClosureStateSerializer(serializers.Serializer):
    closed = serializers.BooleanField()
    closure = ClosureSerializer(
        allow_null=True, help_text=gettext_lazy("Der letzte Abschluss, solange der Fall zu ist.")
    )
    problems = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy(
            "Was einem Abschluss noch im Weg steht, z. B. Ziele ohne Bewertung "
            "(bewerten unter `/api/v1/cases/{case_pk}/goals/evaluation/`)."
        ),
    )


class CloseSerializer(serializers.Serializer):
    version = required_version_field()
    reason = serializers.ChoiceField(
        choices=CaseClosure.Reason.choices, label=gettext_lazy("Abschlussgrund")
    )
    summary = serializers.CharField(max_length=10000, label=gettext_lazy("Abschlussbericht"))
    closed_on = DateField(
        required=False, help_text=gettext_lazy("Abschlussdatum; ohne Angabe: heute.")
    )


class ReopenSerializer(serializers.Serializer):
    version = required_version_field()
    to_phase = PhaseField(
        label=gettext_lazy("Wieder eröffnen in Phase"),
        help_text=gettext_lazy("„intake“ oder „assessment“."),
    )
    reason = serializers.CharField(max_length=2000, label=gettext_lazy("Grund"))


class CaseClosureView(CaseProcessMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Abschluss eines Falls abrufen"),
        description=gettext_lazy(
            "Bei abgeschlossenen Fällen Grund, Bericht und Datum; bei offenen, was einem "
            "Abschluss noch im Weg steht (`problems`)."
        ),
        parameters=[CASE_PK],
        responses={200: ClosureStateSerializer, **NOT_FOUND},
        tags=PROCESS_TAGS,
    )
    def get(self, request, case_pk):
        case = self.case
        self.audit_case_view(case)
        return Response(
            ClosureStateSerializer(
                {
                    "closed": case.is_closed,
                    "closure": latest_closure(case) if case.is_closed else None,
                    "problems": [] if case.is_closed else [str(p) for p in closure_problems(case)],
                }
            ).data
        )

    @extend_schema(
        summary=gettext_lazy("Fall abschließen"),
        description=gettext_lazy(
            "Schließt den Fall mit Grund und Bericht ab; danach ist er schreibgeschützt. "
            "Vorher müssen alle Ziele bewertet sein (`/api/v1/cases/{case_pk}/goals/"
            "evaluation/`) und es darf keine Übergabe offen sein; sonst 400 mit den Gründen."
        ),
        parameters=[CASE_PK],
        request=CloseSerializer,
        responses={200: CaseSerializer, **WRITE_ERRORS},
        tags=PROCESS_TAGS,
    )
    def post(self, request, case_pk):
        self.require_process("close")
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case_close(actor=self.actor, case=self.case, **serializer.validated_data)
        return Response(self.case_representation(self.fresh_case()))

    def stale_representation(self, current: Case) -> dict:
        current = self.fresh_case()
        self.audit_case_view(current)
        return self.case_representation(current)


class CaseReopenView(CaseProcessMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Fall wieder eröffnen"),
        description=gettext_lazy(
            "Nur die Teamleitung: öffnet einen abgeschlossenen Fall im Intake oder im "
            "Assessment wieder, mit Grund."
        ),
        parameters=[CASE_PK],
        request=ReopenSerializer,
        responses={200: CaseSerializer, **WRITE_ERRORS},
        tags=PROCESS_TAGS,
    )
    def post(self, request, case_pk):
        self.require_process("reopen")
        serializer = ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case_reopen(actor=self.actor, case=self.case, **serializer.validated_data)
        return Response(self.case_representation(self.fresh_case()))

    def stale_representation(self, current: Case) -> dict:
        current = self.fresh_case()
        self.audit_case_view(current)
        return self.case_representation(current)


# --- members ---------------------------------------------------------------------


class CaseMemberSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = CaseMember
        fields = ["id", "person", "role_in_case", "added_by", "added_at"]
        read_only_fields = fields


class CaseMemberCreateSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        help_text=gettext_lazy("ID einer Person, die Sie sehen dürfen."),
        error_messages={
            "does_not_exist": gettext_lazy(
                "Diese Person gibt es nicht, oder sie ist für Sie nicht sichtbar."
            ),
            "incorrect_type": gettext_lazy("Die Person wird als Zahl (ID) angegeben."),
        },
    )
    role_in_case = serializers.ChoiceField(
        choices=CaseMember.Role.choices, label=gettext_lazy("Rolle im Fall")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            self.fields["person"].queryset = visible_persons(actor)


MEMBER_TAGS = [gettext_lazy("Beteiligte Personen")]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Beteiligte Personen eines Falls auflisten"),
        description=gettext_lazy(
            "Weitere Personen, die der Fall betrifft (z. B. Haushaltsmitglieder)."
        ),
        parameters=[CASE_PK],
        responses={200: CaseMemberSerializer(many=True), **NOT_FOUND},
        tags=MEMBER_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Person zum Fall hinzufügen"),
        description=gettext_lazy(
            "Fügt eine Person hinzu, die Sie sehen dürfen; die Einheit des Falls führt sie "
            "danach auch."
        ),
        parameters=[CASE_PK],
        request=CaseMemberCreateSerializer,
        responses={
            201: CaseMemberSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            **NOT_FOUND,
        },
        tags=MEMBER_TAGS,
    ),
    destroy=extend_schema(
        summary=gettext_lazy("Person aus dem Fall entfernen"),
        parameters=[CASE_PK],
        responses={204: None, 403: ErrorSerializer, **NOT_FOUND},
        tags=MEMBER_TAGS,
    ),
)
class CaseMemberViewSet(CaseProcessMixin, viewsets.GenericViewSet):
    queryset = CaseMember.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = CaseMemberSerializer

    def get_queryset(self):
        return members_of_case(self.case)

    def list(self, request, *args, **kwargs):
        case = self.case
        page = self.paginate_queryset(self.get_queryset())
        self.audit_page(
            "case.view",
            page,
            obj=case,
            person_id=case.person_id,
            members=[m.person_id for m in page],
        )
        return self.get_paginated_response(CaseMemberSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        self.require_process("manage_members")
        serializer = CaseMemberCreateSerializer(data=request.data, context={"actor": self.actor})
        serializer.is_valid(raise_exception=True)
        member = case_member_add(actor=self.actor, case=self.case, **serializer.validated_data)
        return Response(
            CaseMemberSerializer(self.get_queryset().get(pk=member.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def destroy(self, request, *args, **kwargs):
        member = self.get_object()
        self.require_process("manage_members")
        case_member_remove(actor=self.actor, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)
