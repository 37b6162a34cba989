"""REST API of the reviewed merge of two person records, as on the review page:

- /api/v1/persons/{person_pk}/merge/{merged_pk}/: the review (GET) and the
  merge (POST) of `merged_pk` into `person_pk`;
- /api/v1/persons/{person_pk}/merges/: the records merged into a person.

Both records must be visible to the actor (404) and held by units where they
have `person.merge` (403, `may_merge`). The merge is refused with 409 when the
records or anything that would move changed since the review (its `plan`);
the answer then carries the review as it is now. Reads are audited as on the
pages (`person.view`); the service audits the merge (`person.merge`).
"""

from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.core.api import (
    NOT_FOUND,
    WRITE_ERRORS,
    ConflictSerializer,
    EnumField,
    ErrorSerializer,
    KimApiMixin,
    user_name,
)
from kim.core.audit import audit
from kim.people.api import PersonSerializer
from kim.people.api.duplicates import FACTOR_HELP, TAGS, factor_labels
from kim.people.api.records import PERSON_PK, PersonRecordMixin
from kim.people.matching import score_pair
from kim.people.models import Person, PersonMerge
from kim.people.selectors import visible_persons
from kim.people.selectors.duplicates import may_merge, merges_into
from kim.people.services.duplicates import records_of
from kim.people.services.merge import (
    FIELD_GROUPS,
    MERGED,
    SURVIVOR,
    merge_field_choices,
    merge_plan,
    move_label,
    person_merge,
)

MERGED_PK = OpenApiParameter(
    "merged_pk",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("ID des Datensatzes, der in die Person zusammengeführt wird"),
)
MERGE_CHOICES = [
    (SURVIVOR, gettext_lazy("den Wert des bleibenden Datensatzes behalten")),
    (MERGED, gettext_lazy("den Wert des zusammengeführten Datensatzes übernehmen")),
]

# --- review and merge ---------------------------------------------------------------


class MatchSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text=gettext_lazy("Übereinstimmung in Prozent"))
    factors = serializers.ListField(child=serializers.CharField(), help_text=FACTOR_HELP)
    factor_labels = serializers.ListField(child=serializers.CharField())


class FieldChoiceSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=gettext_lazy("Kürzel der Angabe, z. B. „address“"))
    label = serializers.CharField()
    fields = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy(
            "Die Felder der Person, die zusammen gewählt werden (Anschrift: Straße, PLZ, Ort, "
            "Stadtteil); ihre Werte stehen unter `survivor` und `merged`."
        ),
    )
    differs = serializers.BooleanField()
    combined = serializers.BooleanField(
        help_text=gettext_lazy(
            "Listen (Staatsangehörigkeiten, Sprachen) werden vereinigt, nicht gewählt."
        )
    )
    default = EnumField(
        MERGE_CHOICES,
        enum_name="MergeChoice",
        allow_blank=True,
        help_text=gettext_lazy(
            "Wo gewählt wird: der vorgeschlagene Wert (survivor, oder merged, wenn die "
            "bleibende Person keinen hat); sonst leer."
        ),
    )


class MoveSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    moved = serializers.IntegerField(help_text=gettext_lazy("Einträge, die umziehen"))
    combined = serializers.IntegerField(
        help_text=gettext_lazy("Einträge, die die bleibende Person schon hat: zusammengelegt")
    )
    children = serializers.SerializerMethodField(
        help_text=gettext_lazy("Was an den Einträgen hängt und mitkommt (z. B. Kontakte)")
    )

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"label": {"type": "string"}, "count": {"type": "integer"}},
            },
        }
    )
    def get_children(self, move) -> list:
        return [{"label": label, "count": count} for label, count in move.children]


class MergePreviewSerializer(serializers.Serializer):
    survivor = PersonSerializer(help_text=gettext_lazy("Der Datensatz, der bleibt"))
    merged = PersonSerializer(help_text=gettext_lazy("Der Datensatz, der zusammengeführt wird"))
    match = MatchSerializer()
    fields = FieldChoiceSerializer(many=True)
    moves = MoveSerializer(many=True, help_text=gettext_lazy("Was umzieht, je Art"))
    blockers = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Was das Zusammenführen verhindert; leer, wenn es möglich ist."),
    )
    plan = serializers.CharField(
        help_text=gettext_lazy(
            "Fingerabdruck dieser Vorschau; beim Zusammenführen mitzusenden. Hat sich "
            "seitdem etwas geändert, antwortet die API mit 409."
        )
    )


class MergeRequestSerializer(serializers.Serializer):
    plan = serializers.CharField(
        max_length=40,
        help_text=gettext_lazy("`plan` aus der Vorschau, auf der die Entscheidung beruht"),
        error_messages={
            "required": gettext_lazy("Bitte `plan` aus der Vorschau mitsenden."),
            "blank": gettext_lazy("Bitte `plan` aus der Vorschau mitsenden."),
        },
    )
    reason = serializers.CharField(
        max_length=500,
        help_text=gettext_lazy("Zum Beispiel „doppelt registriert, gleicher Pass“."),
        error_messages={
            "required": gettext_lazy("Bitte geben Sie eine Begründung an."),
            "blank": gettext_lazy("Bitte geben Sie eine Begründung an."),
        },
    )
    choices = serializers.DictField(
        child=EnumField(MERGE_CHOICES, enum_name="MergeChoice"),
        required=False,
        help_text=gettext_lazy(
            "Je Angabe, die sich unterscheidet (`key` aus `fields`), welcher Wert bleibt: "
            "survivor oder merged. Ohne Angabe gilt `default` der Vorschau."
        ),
    )

    def validate_choices(self, value):
        known = {key for key, _label, _fields in FIELD_GROUPS}
        unknown = {key: [_("Unbekannte Angabe.")] for key in value if key not in known}
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class MergeMoveSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    moved = serializers.IntegerField()
    combined = serializers.IntegerField()


class MergedRecordSerializer(serializers.Serializer):
    # The merged record's name and date of birth as the merge stored them.
    family_name = serializers.CharField()
    given_names = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    birth_date_precision = serializers.CharField()


class MergeSerializer(serializers.ModelSerializer):
    merged_record = MergedRecordSerializer(
        help_text=gettext_lazy(
            "Name und Geburtsdatum des zusammengeführten Datensatzes, wie sie beim "
            "Zusammenführen gespeichert waren"
        )
    )
    merged_by_name = serializers.SerializerMethodField()
    moves = serializers.SerializerMethodField()
    aliases_added = serializers.SerializerMethodField(
        help_text=gettext_lazy("Namen, die als Namensvarianten gespeichert wurden")
    )

    class Meta:
        model = PersonMerge
        fields = [
            "id",
            "survivor",
            "merged",
            "merged_record",
            "merged_at",
            "merged_by",
            "merged_by_name",
            "reason",
            "taken_from_merged",
            "moves",
            "aliases_added",
        ]
        read_only_fields = fields

    def get_merged_by_name(self, merge) -> str:
        return user_name(merge.merged_by)

    @extend_schema_field(MergeMoveSerializer(many=True))
    def get_moves(self, merge) -> list:
        moved = merge.moved.get("moved", {})
        combined = merge.moved.get("combined", {})
        return [
            {
                "key": key,
                "label": move_label(key),
                "moved": moved.get(key, 0),
                "combined": combined.get(key, 0),
            }
            for key in sorted({*moved, *combined})
        ]

    def get_aliases_added(self, merge) -> int:
        return merge.moved.get("aliases_added", 0)


class MergeView(KimApiMixin, APIView):
    def pair(self) -> tuple[Person, Person]:
        """Both records (404 unless the actor sees each), 403 unless they may merge them."""
        persons = (
            visible_persons(self.actor)
            .select_related("town", "district", "owner_unit")
            .prefetch_related("aliases")
        )
        survivor = self.fetch(persons, "person_pk")
        merged = self.fetch(persons, "merged_pk")
        if survivor.pk == merged.pk:
            raise exceptions.NotFound(
                _("Ein Datensatz kann nicht mit sich selbst zusammengeführt werden.")
            )
        self.require(may_merge(self.actor, survivor, merged))
        return survivor, merged

    def preview(self, survivor: Person, merged: Person) -> dict:
        plan = merge_plan(survivor, merged)
        records = records_of([survivor.pk, merged.pk], tenant_id=survivor.tenant_id)
        match = score_pair(records[survivor.pk], records[merged.pk])
        for person in (survivor, merged):
            audit(
                actor=self.actor,
                action="person.view",
                obj=person,
                person_id=person.pk,
                changes={"form": "merge_review", "pair": [survivor.pk, merged.pk]},
            )
        context = {"actor": self.actor}
        return MergePreviewSerializer(
            {
                "survivor": survivor,
                "merged": merged,
                "match": {
                    "score": match.score,
                    "factors": list(match.factors),
                    "factor_labels": factor_labels(match.factors),
                },
                "fields": [
                    {**vars(choice), "default": choice.default or ""}
                    for choice in merge_field_choices(survivor, merged)
                ],
                "moves": plan.shown,
                "blockers": [str(b) for b in plan.blockers],
                "plan": plan.digest,
            },
            context=context,
        ).data

    @extend_schema(
        summary=gettext_lazy("Zusammenführen prüfen"),
        description=gettext_lazy(
            "Beide Datensätze Feld für Feld (wo sie sich unterscheiden, mit dem "
            "vorgeschlagenen Wert), was umzieht, was das Zusammenführen verhindert, und "
            "`plan`, den Fingerabdruck dieser Vorschau. Beide Datensätze müssen Einheiten "
            "führen, in denen Sie zusammenführen dürfen (sonst 403)."
        ),
        parameters=[PERSON_PK, MERGED_PK],
        responses={200: MergePreviewSerializer, 403: ErrorSerializer, **NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request, person_pk, merged_pk):
        return Response(self.preview(*self.pair()))

    @extend_schema(
        summary=gettext_lazy("Zusammenführen"),
        description=gettext_lazy(
            "Führt `merged_pk` in die Person zusammen, wie geprüft: jeder Eintrag, der auf "
            "den zusammengeführten Datensatz zeigt, zieht um; je Angabe bleibt der gewählte "
            "Wert. Hat sich seit der Vorschau etwas geändert (`plan`), wird nichts "
            "geändert: 409 mit der aktuellen Vorschau unter `current`."
        ),
        parameters=[PERSON_PK, MERGED_PK],
        request=MergeRequestSerializer,
        responses={201: MergeSerializer, **WRITE_ERRORS, 409: ConflictSerializer},
        tags=TAGS,
    )
    def post(self, request, person_pk, merged_pk):
        survivor, merged = self.pair()
        serializer = MergeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        chosen = data.get("choices", {})
        take = {
            choice.key
            for choice in merge_field_choices(survivor, merged)
            if choice.default is not None and chosen.get(choice.key, choice.default) == MERGED
        }
        try:
            record = person_merge(
                actor=self.actor,
                survivor=survivor,
                merged=merged,
                reason=data["reason"],
                expected=data["plan"],
                take_from_merged=take,
            )
        except IntegrityError:
            return Response(
                {
                    "detail": _(
                        "Die Datensätze konnten nicht zusammengeführt werden, weil Einträge "
                        "einander widersprechen. Es wurde nichts geändert."
                    )
                },
                status=status.HTTP_409_CONFLICT,
            )
        record = PersonMerge.objects.select_related("merged_by").get(pk=record.pk)
        return Response(MergeSerializer(record).data, status=status.HTTP_201_CREATED)

    def stale_detail(self, current) -> str:
        return _(
            "Die Datensätze haben sich inzwischen geändert: Seit der Vorschau hat jemand einen "
            "der beiden Datensätze oder ihre Einträge geändert. Es wurde nichts "
            "zusammengeführt. Bitte prüfen Sie die aktuelle Vorschau (`current`) und senden "
            "Sie sie mit ihrem `plan` erneut."
        )

    def stale_representation(self, current) -> dict:
        self.__dict__.pop("_fetched", None)  # read both records again, as they are now
        try:
            return self.preview(*self.pair())
        except exceptions.APIException:  # no longer both visible and mergeable: nothing to show
            return {}


# --- history -----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Zusammengeführte Datensätze einer Person"),
        description=gettext_lazy(
            "Die Datensätze, die in diese Person zusammengeführt wurden, neueste zuerst: "
            "wann, von wem, warum, was umzog und welche Angaben vom zusammengeführten "
            "Datensatz kamen; sein Name und Geburtsdatum so, wie sie beim Zusammenführen "
            "gespeichert waren. Für alle, die die Person sehen."
        ),
        parameters=[PERSON_PK],
        responses={200: MergeSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
)
class PersonMergeViewSet(PersonRecordMixin, viewsets.GenericViewSet):
    queryset = PersonMerge.objects.none()  # for the schema; rows come from the selector
    serializer_class = MergeSerializer

    def list(self, request, *args, **kwargs):
        person = self.person
        page = self.paginate_queryset(merges_into(self.actor, person))
        self.audit_page(
            "person.view",
            page,
            obj=person,
            person_id=person.pk,
            form="merge_history",
            merged_ids=[merge.merged_id for merge in page],
        )
        return self.get_paginated_response(MergeSerializer(page, many=True).data)
