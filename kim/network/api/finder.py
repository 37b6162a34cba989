"""The responsibility finder in the API: /api/v1/responsibilities/find/."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.core.api import VALIDATION_ERROR, KimApiMixin, ScopedPrimaryKeyField, ScopedSlugField
from kim.core.models import FieldOfAction, Town
from kim.network.abilities import may_read_directory
from kim.network.api.directory import TAGS, legal_domain_field
from kim.network.finder import find_responsible, towns_for_address
from kim.network.models import profile_of


class FinderQuerySerializer(serializers.Serializer):
    field = ScopedSlugField(
        lambda context: FieldOfAction.objects.filter(tenant_id=context["actor"].tenant_id),
        slug_field="code",
        help_text=gettext_lazy("Handlungsfeld als Kürzel, z. B. „arbeit“."),
        error_messages={
            "does_not_exist": gettext_lazy("Unbekanntes Handlungsfeld „{value}“."),
            "required": gettext_lazy("Bitte das Handlungsfeld angeben."),
        },
    )
    legal_domain = legal_domain_field(required=False)
    town = ScopedPrimaryKeyField(
        lambda context: Town.objects.filter(tenant_id=context["actor"].tenant_id),
        required=False,
        help_text=gettext_lazy("ID des Orts (Wohnort der Person)."),
        error_messages={"does_not_exist": gettext_lazy("Unbekannter Ort.")},
    )
    address = serializers.CharField(
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Statt `town`: Postleitzahl oder Anschrift, z. B. „58120“; der Ort wird über "
            "die Postleitzahlen der Orte bestimmt."
        ),
    )

    def validate(self, attrs):
        if attrs.get("town") is None and attrs.get("address"):
            towns = towns_for_address(self.context["actor"], attrs["address"])
            if len(towns) != 1:
                raise serializers.ValidationError(
                    {
                        "address": _("Diese Angabe passt zu mehreren Orten; bitte `town` angeben.")
                        if towns
                        else _("Zu dieser Postleitzahl oder Anschrift kennen wir keinen Ort.")
                    }
                )
            attrs["town"] = towns[0]
        return attrs


class FinderOfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class FinderServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class FinderAnswerSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    responsibility = serializers.IntegerField(allow_null=True)
    organisation = FinderOfficeSerializer(allow_null=True)
    service = FinderServiceSerializer(allow_null=True)
    note = serializers.CharField()
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Warum die Zuständigkeit passt, je Merkmal."),
    )
    town = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("der gefragte Ort"))


class FinderView(KimApiMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Zuständige Stelle finden"),
        description=gettext_lazy(
            "Handlungsfeld, Rechtskreis und Ort (oder Postleitzahl) → die genaueste gültige "
            "Zuständigkeit, mit Begründung. Mehr Merkmale gehen vor weniger; bei gleich vielen "
            "das Handlungsfeld vor dem Rechtskreis, der Rechtskreis vor dem Ort. Ohne "
            "Treffer: `found: false`."
        ),
        parameters=[FinderQuerySerializer],
        responses={200: FinderAnswerSerializer, 400: VALIDATION_ERROR},
        tags=TAGS,
    )
    def get(self, request):
        self.require(may_read_directory(self.actor))
        query = FinderQuerySerializer(
            data=request.query_params.dict(), context={"actor": self.actor}
        )
        query.is_valid(raise_exception=True)
        data = query.validated_data
        town = data.get("town")
        match = find_responsible(
            self.actor,
            field=data["field"],
            legal_domain=data.get("legal_domain", ""),
            town=town,
        )
        if match is None:
            answer = {
                "found": False,
                "responsibility": None,
                "organisation": None,
                "service": None,
                "note": "",
                "reasons": [],
                "town": town.pk if town else None,
            }
        else:
            row = match.responsibility
            profile = profile_of(row.organisation)
            answer = {
                "found": True,
                "responsibility": row.pk,
                "organisation": {
                    "id": row.organisation_id,
                    "name": row.organisation.name,
                    "phone": profile.phone if profile else "",
                    "email": profile.email if profile else "",
                },
                "service": {
                    "id": row.service_id,
                    "name": row.service.name,
                    "phone": row.service.contact_phone,
                    "email": row.service.contact_email,
                }
                if row.service_id
                else None,
                "note": row.note,
                "reasons": match.reasons,
                "town": town.pk if town else None,
            }
        return Response(FinderAnswerSerializer(answer).data)
