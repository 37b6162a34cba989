"""/api/v1/eligibility/check/: the pre-check of a facts document for a date – per
criterion met / not met / unknown, with the reason, the legal reference and the day a
time requirement is (or will be) met. Nothing is stored; the facts schema is in
docs/einbuergerung.md and openapi.yaml."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.core.api import VALIDATION_ERROR, DateField, EnumField, KimApiMixin
from kim.residence import eligibility
from kim.residence.abilities import may_precheck
from kim.residence.rule_data import CHECKS

TAGS = [gettext_lazy("Aufenthalt und Einbürgerung")]
ANSWERS = [
    (eligibility.MET, eligibility.STATUS_LABELS[eligibility.MET]),
    (eligibility.NOT_MET, eligibility.STATUS_LABELS[eligibility.NOT_MET]),
    (eligibility.UNKNOWN, eligibility.STATUS_LABELS[eligibility.UNKNOWN]),
]


def _fact_field(name: str, kind: str, label: str):
    common = {"required": False, "allow_null": True, "help_text": label}
    if kind == "date":
        return serializers.DateField(**common)
    if kind == "bool":
        return serializers.BooleanField(**common)
    if kind == "int":
        return serializers.IntegerField(min_value=0, max_value=99, **common)
    if kind == "cefr":
        return EnumField(eligibility.CEFR, enum_name="CefrLevel", **common)
    return EnumField(
        list(eligibility.STATUSES.items()), enum_name="EligibilityResidenceStatus", **common
    )


class StrictFacts(serializers.Serializer):
    """Unknown facts are an error, not silently dropped: a misspelt fact would
    otherwise turn into "unknown" without anyone noticing."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        values = super().to_internal_value(data)
        if unknown:
            raise serializers.ValidationError({name: [_("Unbekannte Angabe.")] for name in unknown})
        return values


FactsSerializer = type(
    "EligibilityFactsSerializer",
    (StrictFacts,),
    {name: _fact_field(name, kind, label) for name, (kind, label) in eligibility.FACTS.items()},
)


class CheckRequestSerializer(serializers.Serializer):
    on = DateField(
        required=False,
        help_text=gettext_lazy("Tag der Prüfung (JJJJ-MM-TT); ohne Angabe heute."),
    )
    checks = serializers.ListField(
        child=EnumField(sorted(CHECKS), enum_name="EligibilityCheck"),
        required=False,
        help_text=gettext_lazy("Welche Prüfungen; ohne Angabe alle drei."),
    )
    facts = FactsSerializer(
        help_text=gettext_lazy("Die Angaben zur Person; fehlende Angaben ergeben „unbekannt“.")
    )


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    status = EnumField(ANSWERS, enum_name="EligibilityAnswer")
    status_label = serializers.CharField()
    reason = serializers.CharField()
    reference = serializers.CharField()
    earliest = serializers.DateField(
        allow_null=True,
        help_text=gettext_lazy("Zeitvoraussetzung: der Tag, an dem sie erfüllt ist oder wird."),
    )
    deadline = serializers.DateField(
        allow_null=True,
        help_text=gettext_lazy("Altersgrenze: der letzte Tag, an dem ein Antrag zählt."),
    )


class VersionSerializer(serializers.Serializer):
    id = serializers.CharField()
    reference = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class CheckResultSerializer(serializers.Serializer):
    check = serializers.CharField()
    title = serializers.CharField()
    on = serializers.DateField()
    version = VersionSerializer()
    status = EnumField(ANSWERS, enum_name="EligibilityAnswer")
    status_label = serializers.CharField()
    time_requirements_met_on = serializers.DateField(allow_null=True)
    criteria = CriterionSerializer(many=True)
    disclaimer = serializers.CharField()


class CheckAnswerSerializer(serializers.Serializer):
    on = serializers.DateField()
    results = CheckResultSerializer(many=True)


def result_data(result: eligibility.CheckResult) -> dict:
    version = result.version
    return {
        "check": result.check,
        "title": result.title,
        "on": result.on,
        "version": {
            "id": version["id"],
            "reference": version["reference"],
            "valid_from": version["valid_from"],
            "valid_until": version["valid_until"],
        },
        "status": result.status,
        "status_label": result.status_label,
        "time_requirements_met_on": result.time_requirements_met_on,
        "criteria": [
            {
                "code": c.code,
                "label": c.label,
                "status": c.status,
                "status_label": c.status_label,
                "reason": c.reason,
                "reference": c.reference,
                "earliest": c.earliest,
                "deadline": c.deadline,
            }
            for c in result.criteria
        ],
        "disclaimer": result.disclaimer,
    }


class EligibilityCheckView(KimApiMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Vorprüfung: Einbürgerung, § 25a, § 25b"),
        description=gettext_lazy(
            "Prüft ein Angabendokument für einen Tag mit der an diesem Tag geltenden Fassung "
            "der Regeln (§ 10 StAG, § 25a und § 25b AufenthG). Je Kriterium erfüllt / nicht "
            "erfüllt / unbekannt mit Begründung und Fundstelle; Zeitvoraussetzungen mit dem "
            "Tag, an dem sie erfüllt sind. Das Gesamtergebnis ist nie stärker als das "
            "schwächste Kriterium. Eine Vorprüfung, keine Entscheidung; es wird nichts "
            "gespeichert. Beispiele: docs/einbuergerung.md."
        ),
        request=CheckRequestSerializer,
        responses={200: CheckAnswerSerializer, 400: VALIDATION_ERROR},
        examples=[
            OpenApiExample(
                gettext_lazy("Einbürgerung nach fünf Jahren"),
                request_only=True,
                value={
                    "on": "2026-03-01",
                    "checks": ["stag10"],
                    "facts": {
                        "residence_since": "2021-03-01",
                        "german_level": "B1",
                        "naturalisation_test_passed": True,
                        "receives_benefits": False,
                        "commitment": True,
                    },
                },
            )
        ],
        tags=TAGS,
    )
    def post(self, request):
        self.require(may_precheck(self.actor))
        query = CheckRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        on = data.get("on") or date.today()
        facts = {name: value for name, value in data["facts"].items() if value is not None}
        results = []
        for code in data.get("checks") or sorted(CHECKS):
            try:
                results.append(result_data(eligibility.check(code, facts, on)))
            except eligibility.NoRuleVersion as error:
                raise serializers.ValidationError({"on": [str(error)]}) from error
        return Response(CheckAnswerSerializer({"on": on, "results": results}).data)
