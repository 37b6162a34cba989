"""REST API of duplicate persons, as on the team lead's list:

- /api/v1/duplicates/: the pairs the actor may review, with how many more
  involve records only other units hold (a number, nothing else);
- /api/v1/duplicates/decisions/: "not a duplicate" decisions (list, record,
  withdraw).

The review and the merge of a pair are in `kim.people.api.merge`. Who may do
what comes from `kim.people.selectors.duplicates`: `person.merge` in units
that hold *both* records. Without `person.merge` anywhere these endpoints
answer 403; a person named in a body whom the actor does not see is 400, a
pair they see but may not merge 403. Reads are audited as on the pages
(`duplicate.list`); the services audit the decisions.
"""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.core.api import (
    NOT_FOUND,
    VALIDATION_ERROR,
    ApiPagination,
    ErrorSerializer,
    KimApiMixin,
    ScopedPrimaryKeyField,
    user_name,
)
from kim.core.audit import audit
from kim.people.api import CountryCodeField
from kim.people.matching import FACTOR_LABELS
from kim.people.models import DuplicatePair, NotDuplicate, Person
from kim.people.selectors import visible_persons
from kim.people.selectors.duplicates import (
    dismissed_pairs,
    duplicate_pairs,
    may_merge,
    merge_units,
    pair_counts,
)
from kim.people.services.duplicates import (
    duplicate_dismiss,
    duplicate_restore,
    duplicates_scan,
    latest_scan,
)

TAGS = [gettext_lazy("Dubletten")]
PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description=gettext_lazy("Seite, ab 1")),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=gettext_lazy("Einträge je Seite, höchstens 200")
    ),
]
FACTOR_HELP = gettext_lazy("Gründe der Bewertung als Kürzel, z. B. „birth_swapped“.")


def factor_labels(codes) -> list[str]:
    return [str(FACTOR_LABELS.get(code, code)) for code in codes]


class DuplicatesMixin(KimApiMixin):
    def require_merge(self) -> None:
        """403 for everyone without `person.merge` in any unit: the duplicates are not theirs."""
        self.require(bool(merge_units(self.actor)))


# --- the list ----------------------------------------------------------------------


class PairPersonSerializer(serializers.ModelSerializer):
    # A record of a pair: what the list shows to tell the two apart.
    nationalities = serializers.ListField(child=CountryCodeField(), read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "family_name",
            "given_names",
            "birth_date",
            "birth_date_precision",
            "nationalities",
            "created_at",
        ]
        read_only_fields = fields


class DuplicatePairSerializer(serializers.ModelSerializer):
    first = PairPersonSerializer()
    second = PairPersonSerializer()
    score = serializers.IntegerField(help_text=gettext_lazy("Übereinstimmung in Prozent"))
    factors = serializers.ListField(child=serializers.CharField(), help_text=FACTOR_HELP)
    factor_labels = serializers.SerializerMethodField()

    class Meta:
        model = DuplicatePair
        fields = ["first", "second", "score", "factors", "factor_labels", "found_at"]
        read_only_fields = fields

    def get_factor_labels(self, pair) -> list[str]:
        return factor_labels(pair.factors)


class DuplicateListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=gettext_lazy("Paare, die Sie prüfen dürfen"))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    hidden = serializers.IntegerField(
        help_text=gettext_lazy(
            "Weitere mögliche Dubletten mit einem Datensatz, den nur andere Einheiten "
            "führen: nur ihre Anzahl, damit keine Daten dieser Einheiten sichtbar werden."
        )
    )
    scanned_at = serializers.DateTimeField(
        help_text=gettext_lazy("Stand der nächtlichen Prüfung; Entscheidungen wirken sofort.")
    )
    results = DuplicatePairSerializer(many=True)


class DuplicateListView(DuplicatesMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Mögliche Dubletten auflisten"),
        description=gettext_lazy(
            "Paare vermutlich doppelt registrierter Personen, deren beide Datensätze "
            "Einheiten führen, in denen Sie Dubletten zusammenführen dürfen, beste "
            "Übereinstimmung zuerst, mit den Gründen. Nur mit der Berechtigung "
            "person.merge (Teamleitung), sonst 403."
        ),
        parameters=PAGE_PARAMETERS,
        responses={200: DuplicateListSerializer, 403: ErrorSerializer, **NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request):
        self.require_merge()
        actor = self.actor
        scan = latest_scan(actor.tenant_id)
        if scan is None:
            # First use in this tenant, as on the page; afterwards the nightly scan.
            scan = duplicates_scan(tenant_id=actor.tenant_id)
        listed, hidden = pair_counts(actor)
        pagination = ApiPagination()
        pagination.django_paginator_class = _counted(listed)
        pairs = pagination.paginate_queryset(duplicate_pairs(actor), request, view=self)
        if pairs:
            audit(
                actor=actor,
                action="duplicate.list",
                changes={
                    "page": pagination.page.number,
                    "ids": [pk for pair in pairs for pk in (pair.first_id, pair.second_id)],
                },
            )
        return Response(
            DuplicateListSerializer(
                {
                    "count": listed,
                    "next": pagination.get_next_link(),
                    "previous": pagination.get_previous_link(),
                    "hidden": hidden,
                    "scanned_at": scan.finished_at,
                    "results": pairs,
                }
            ).data
        )


def _counted(count: int):
    """A paginator that takes the total counted with the hidden pairs (one query, not two)."""

    class Counted(Paginator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.count = count

    return Counted


# --- "not a duplicate" -------------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer):
    first = PairPersonSerializer()
    second = PairPersonSerializer()
    decided_by_name = serializers.SerializerMethodField()
    withdrawn = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Zurückgenommen: das Paar wird wieder als mögliche Dublette geprüft."
        )
    )

    class Meta:
        model = NotDuplicate
        fields = [
            "id",
            "first",
            "second",
            "reason",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "withdrawn",
            "withdrawn_at",
        ]
        read_only_fields = fields

    def get_decided_by_name(self, decision) -> str:
        return user_name(decision.decided_by)

    def get_withdrawn(self, decision) -> bool:
        return decision.withdrawn_at is not None


def person_field(help_text):
    return ScopedPrimaryKeyField(
        lambda context: visible_persons(context["actor"]),
        help_text=help_text,
        error_messages={
            "does_not_exist": gettext_lazy(
                "Diese Person gibt es nicht oder Sie dürfen sie nicht sehen."
            ),
            "incorrect_type": gettext_lazy("Die Person wird als Zahl (ID) angegeben."),
            "required": gettext_lazy("Bitte beide Datensätze angeben."),
        },
    )


class DecisionCreateSerializer(serializers.Serializer):
    first = person_field(gettext_lazy("der eine Datensatz (ID)"))
    second = person_field(gettext_lazy("der andere Datensatz (ID)"))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text=gettext_lazy("Zum Beispiel „Geschwister mit ähnlichem Namen“."),
    )

    def validate(self, attrs):
        if attrs["first"].pk == attrs["second"].pk:
            raise serializers.ValidationError(
                {"second": _("Bitte zwei verschiedene Datensätze angeben.")}
            )
        return attrs


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Entscheidungen „kein Duplikat“ auflisten"),
        description=gettext_lazy(
            "Geltende Entscheidungen über Paare, die Sie zusammenführen dürften, neueste "
            "zuerst; diese Paare erscheinen nicht mehr unter den Dubletten."
        ),
        responses={200: DecisionSerializer(many=True), 403: ErrorSerializer},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Als verschiedene Personen vermerken"),
        description=gettext_lazy(
            "„Kein Duplikat“: das Paar verlässt die Liste, auch nach der nächtlichen "
            "Prüfung. Beide Datensätze müssen Einheiten führen, in denen Sie "
            "zusammenführen dürfen (sonst 403); Personen, die Sie nicht sehen, sind 400."
        ),
        request=DecisionCreateSerializer,
        responses={201: DecisionSerializer, 400: VALIDATION_ERROR, 403: ErrorSerializer},
        tags=TAGS,
    ),
    withdraw=extend_schema(
        summary=gettext_lazy("Entscheidung „kein Duplikat“ zurücknehmen"),
        description=gettext_lazy("Das Paar wird sofort neu bewertet und erscheint wieder."),
        request=None,
        responses={200: DecisionSerializer, 403: ErrorSerializer, **NOT_FOUND},
        tags=TAGS,
    ),
)
class DecisionViewSet(DuplicatesMixin, viewsets.GenericViewSet):
    queryset = NotDuplicate.objects.none()  # for the schema; rows come from the selectors
    serializer_class = DecisionSerializer

    def list(self, request, *args, **kwargs):
        self.require_merge()
        decisions = self.paginate_queryset(dismissed_pairs(self.actor))
        if decisions:
            audit(
                actor=self.actor,
                action="duplicate.list",
                changes={
                    "dismissed": True,
                    "page": self.paginator.page.number,
                    "ids": [pk for d in decisions for pk in (d.first_id, d.second_id)],
                },
            )
        return self.get_paginated_response(DecisionSerializer(decisions, many=True).data)

    def create(self, request, *args, **kwargs):
        self.require_merge()
        serializer = DecisionCreateSerializer(data=request.data, context={"actor": self.actor})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self.require(may_merge(self.actor, data["first"], data["second"]))
        decision = duplicate_dismiss(
            actor=self.actor,
            first=data["first"],
            second=data["second"],
            reason=data.get("reason", ""),
        )
        return Response(self.represent(decision), status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        self.require_merge()
        decision = self.fetch(dismissed_pairs(self.actor))
        duplicate_restore(actor=self.actor, decision=decision)
        return Response(self.represent(decision))

    def represent(self, decision) -> dict:
        decision = NotDuplicate.objects.select_related("first", "second", "decided_by").get(
            pk=decision.pk
        )
        return DecisionSerializer(decision).data
