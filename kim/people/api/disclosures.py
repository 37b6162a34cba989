"""The disclosure log of a person in the API: /api/v1/persons/{person_pk}/disclosures/.

Read-only, for those who see the person (the person comes from `visible_persons`,
404 otherwise); every read is audited as `disclosure.view`, as on the page. Data
protection answers access requests on the pages, where the search asks for a
reason.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from kim.core.api import EnumField, ErrorSerializer, KimApiMixin, user_name
from kim.people.models import Consent, Disclosure
from kim.people.selectors import disclosures_of, visible_persons

PERSON_PK = OpenApiParameter(
    "person_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID der Person")
)


class DisclosureSerializer(serializers.ModelSerializer):
    kind = EnumField(Disclosure.Kind.choices, enum_name="DisclosureKind")
    purpose_category = EnumField(
        Consent.PurposeCategory.choices, enum_name="ConsentPurposeCategory", allow_blank=True
    )
    data_categories = serializers.ListField(
        child=EnumField(Consent.DataCategory.choices, enum_name="ConsentDataCategory")
    )
    recipient = serializers.CharField(
        source="recipient_name",
        help_text=gettext_lazy("Der Empfänger, wie das Protokoll ihn nennt."),
    )
    disclosed_by_name = serializers.SerializerMethodField()
    effective_end = serializers.DateField(
        allow_null=True,
        help_text=gettext_lazy(
            "Letzter Tag einer andauernden Offenlegung (Freigabe): geplantes Ende, "
            "vorzeitiges Ende oder Widerruf bzw. Ablauf der Einwilligung."
        ),
    )

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "person",
            "case_id",
            "case_number",
            "kind",
            "disclosed_at",
            "disclosed_by",
            "disclosed_by_name",
            "unit",
            "recipient",
            "recipient_organisation",
            "recipient_unit",
            "recipient_label",
            "purpose_category",
            "purpose",
            "consent",
            "legal_mandate",
            "data_categories",
            "source_type",
            "source_id",
            "ends_on",
            "ended_on",
            "ended_reason",
            "effective_end",
        ]
        read_only_fields = fields

    def get_disclosed_by_name(self, row) -> str:
        return user_name(row.disclosed_by) if row.disclosed_by_id else ""


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Offenlegungsprotokoll einer Person"),
        description=gettext_lazy(
            "Wer welche Daten der Person wann, wofür und auf welcher Rechtsgrundlage "
            "erhalten hat (Vermittlungen, Freigaben, Fallkonferenzen, Exporte, "
            "Notfallzugriffe), neueste zuerst."
        ),
        parameters=[PERSON_PK],
        responses={200: DisclosureSerializer(many=True), 404: ErrorSerializer},
        tags=[gettext_lazy("Personen: Offenlegungen")],
    ),
)
class DisclosureViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Disclosure.objects.none()  # for the schema; rows come from the selectors
    serializer_class = DisclosureSerializer

    def list(self, request, *args, **kwargs):
        person = self.fetch(visible_persons(self.actor), "person_pk")
        page = self.paginate_queryset(disclosures_of(self.actor, person))
        self.audit_page("disclosure.view", page, obj=person, person_id=person.pk)
        return self.get_paginated_response(DisclosureSerializer(page, many=True).data)
