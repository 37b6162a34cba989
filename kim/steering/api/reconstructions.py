"""/api/v1/steering/reconstructions/: the released case reconstructions, for the
coordination only (`may_request`; everyone else 403), as the page of a request shows
them: the anonymised account, the author's comments, when it was released and the
request it answers. Never the case, the person or the author: the query does not even
load those columns (`released_reconstructions`).
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from kim.core.api import VALIDATION_ERROR
from kim.steering.api.common import CLOSED, NOT_THERE, TAGS, SteeringApiMixin, path_id
from kim.steering.models import CaseReconstruction
from kim.steering.reconstructions import may_request, released_reconstructions

RECONSTRUCTION_ID = path_id(gettext_lazy("ID der Fallrekonstruktion"))


class ReconstructionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    request = serializers.IntegerField(source="request.id")
    request_theme = serializers.CharField(source="request.theme")
    issue = serializers.IntegerField(
        source="request.issue_id",
        allow_null=True,
        help_text=gettext_lazy("Das Strukturthema der Anfrage, falls sie eines nennt."),
    )
    account = serializers.CharField(help_text=gettext_lazy("Fallverlauf (anonymisiert)"))
    comments = serializers.CharField(help_text=gettext_lazy("Einschätzung der Verfasser*in"))
    released_at = serializers.DateTimeField()


class ReconstructionFilterSerializer(serializers.Serializer):
    request = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy("Nur Rekonstruktionen zu dieser Anfrage (ID)."),
        error_messages={"invalid": gettext_lazy("Die Anfrage wird mit ihrer ID angegeben.")},
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Freigegebene Fallrekonstruktionen auflisten"),
        description=gettext_lazy(
            "Nur freigegebene Rekonstruktionen, zuletzt freigegebene zuerst – ohne Fall, "
            "Person und Verfasser*in. Nur für die KIM-Koordination (sonst 403)."
        ),
        parameters=[ReconstructionFilterSerializer],
        responses={200: ReconstructionSerializer(many=True), 400: VALIDATION_ERROR, **CLOSED},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Freigegebene Fallrekonstruktion abrufen"),
        description=gettext_lazy(
            "Eine freigegebene Rekonstruktion, ohne Fall, Person und Verfasser*in; "
            "Entwürfe gibt es nicht (404)."
        ),
        parameters=[RECONSTRUCTION_ID],
        responses={200: ReconstructionSerializer, **NOT_THERE},
        tags=TAGS,
    ),
)
class ReconstructionViewSet(SteeringApiMixin, viewsets.GenericViewSet):
    queryset = CaseReconstruction.objects.none()  # for the schema; rows from get_queryset
    serializer_class = ReconstructionSerializer

    def may_use(self) -> bool:
        return may_request(self.actor)

    def get_queryset(self):
        return released_reconstructions(self.actor)

    def list(self, request, *args, **kwargs):
        wanted = ReconstructionFilterSerializer(data=request.query_params.dict())
        wanted.is_valid(raise_exception=True)
        rows = self.get_queryset()
        if wanted.validated_data.get("request"):
            rows = rows.filter(request_id=wanted.validated_data["request"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ReconstructionSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(ReconstructionSerializer(self.fetch(self.get_queryset())).data)
