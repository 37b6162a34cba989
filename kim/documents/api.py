"""REST API of documents: /api/v1/persons/{person_pk}/documents/,
/api/v1/cases/{case_pk}/documents/ (list, upload), /api/v1/documents/{id}/
(metadata), …/download/ (the file) and …/delete/ (with a reason).

Rows come from the selectors the pages use; the person or case in the URL is
fetched through its permission-scoped selector first (404). Lists and the
metadata are audited as `document.list`, the file as `document.download`, as
on the pages; the services audit upload and deletion. Uploads are
multipart/form-data and checked by their content (PDF, JPEG or PNG, at most
10 MB) in the documents service.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from kim.cases.selectors import visible_cases
from kim.core.abilities import abilities
from kim.core.api import (
    NOT_FOUND,
    WRITE_ERRORS,
    EnumField,
    FileContentNegotiation,
    KimApiMixin,
    file_response,
    service_errors,
    user_name,
)
from kim.core.audit import audit
from kim.documents.abilities import may_upload_to_case, may_upload_to_person
from kim.documents.models import Document
from kim.documents.selectors import documents_of_case, documents_of_person, visible_documents
from kim.documents.services import DESCRIPTION_MAX, REASON_MAX, document_delete, document_upload
from kim.documents.views import download_name
from kim.people.selectors import visible_persons

TAGS = [gettext_lazy("Dokumente")]
PERSON_PK = OpenApiParameter(
    "person_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID der Person")
)
CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID des Falls")
)


class DocumentAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    download = serializers.BooleanField()
    delete = serializers.BooleanField()


class DocumentSerializer(serializers.ModelSerializer):
    type = EnumField(Document.Kind.choices, enum_name="DocumentType", source="kind")
    case_number = serializers.SerializerMethodField()
    uploaded_by_name = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField(
        help_text=gettext_lazy("Gelöscht: die Datei gibt es nicht mehr, nur diese Angaben.")
    )
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "person",
            "case",
            "case_number",
            "unit",
            "type",
            "description",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "deleted",
            "deleted_at",
            "deletion_reason",
            "abilities",
        ]
        read_only_fields = fields

    def get_case_number(self, document) -> str | None:
        return document.case.number if document.case_id else None

    def get_uploaded_by_name(self, document) -> str:
        return user_name(document.uploaded_by)

    def get_deleted(self, document) -> bool:
        return document.deleted_at is not None

    @extend_schema_field(DocumentAbilitiesSerializer)
    def get_abilities(self, document) -> dict:
        return abilities(self.context["actor"], document)


class DocumentUploadSerializer(serializers.Serializer):
    type = EnumField(
        Document.Kind.choices,
        enum_name="DocumentType",
        error_messages={"required": gettext_lazy("Bitte die Art des Dokuments auswählen.")},
    )
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX,
        help_text=gettext_lazy("Was das Dokument ist, z. B. „Bescheid Jobcenter März“."),
        error_messages={
            "required": gettext_lazy("Bitte kurz beschreiben, was das Dokument ist."),
            "blank": gettext_lazy("Bitte kurz beschreiben, was das Dokument ist."),
        },
    )
    file = serializers.FileField(
        help_text=gettext_lazy("PDF, JPEG oder PNG, höchstens 10 MB."),
        error_messages={
            "required": gettext_lazy("Bitte eine Datei auswählen."),
            "empty": gettext_lazy("Die Datei ist leer."),
            "invalid": gettext_lazy("Bitte die Datei als multipart/form-data senden."),
        },
    )


class DocumentDeleteSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX,
        help_text=gettext_lazy("Warum das Dokument gelöscht wird (Pflicht, wie auf der Seite)."),
        error_messages={
            "required": gettext_lazy("Bitte den Grund der Löschung angeben."),
            "blank": gettext_lazy("Bitte den Grund der Löschung angeben."),
        },
    )


class DocumentsOfMixin(KimApiMixin):
    # List and upload for the person or case in the URL (`target`).
    parser_classes = [MultiPartParser]

    def represent_page(self, documents, obj) -> Response:
        page = self.paginate_queryset(documents)
        self.audit_page("document.list", page, obj=obj, person_id=obj_person_id(obj))
        return self.get_paginated_response(
            DocumentSerializer(page, many=True, context={"actor": self.actor}).data
        )

    def upload(self, **target) -> Response:
        serializer = DocumentUploadSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors(kind="type"):
            document = document_upload(
                actor=self.actor,
                kind=data["type"],
                description=data["description"],
                upload=data["file"],
                **target,
            )
        document = (
            visible_documents(self.actor)
            .select_related("person", "case", "uploaded_by")
            .get(pk=document.pk)
        )
        return Response(
            DocumentSerializer(document, context={"actor": self.actor}).data,
            status=status.HTTP_201_CREATED,
        )


def obj_person_id(obj) -> int:
    return obj.person_id if hasattr(obj, "person_id") else obj.pk


UPLOAD_DESCRIPTION = gettext_lazy(
    "Als multipart/form-data mit `type`, `description` und `file`. Der Inhalt entscheidet "
    "über das Format: nur PDF, JPEG oder PNG, höchstens 10 MB; Name und angegebener Typ "
    "müssen dazu passen."
)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Dokumente einer Person auflisten"),
        description=gettext_lazy(
            "Die Dokumente der Person und die ihrer Fälle, die Sie sehen, neueste zuerst "
            "(ohne gelöschte)."
        ),
        parameters=[PERSON_PK],
        responses={200: DocumentSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Dokument zur Person hochladen"),
        description=UPLOAD_DESCRIPTION,
        parameters=[PERSON_PK],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
)
class PersonDocumentViewSet(DocumentsOfMixin, viewsets.GenericViewSet):
    queryset = Document.objects.none()  # for the schema; rows come from the selectors
    serializer_class = DocumentSerializer

    @property
    def person(self):
        return self.fetch(visible_persons(self.actor), "person_pk")

    def list(self, request, *args, **kwargs):
        return self.represent_page(documents_of_person(self.actor, self.person), self.person)

    def create(self, request, *args, **kwargs):
        self.require(may_upload_to_person(self.actor, self.person))
        return self.upload(person=self.person)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Dokumente eines Falls auflisten"),
        parameters=[CASE_PK],
        responses={200: DocumentSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Dokument zum Fall hochladen"),
        description=gettext_lazy(
            "Als multipart/form-data mit `type`, `description` und `file`. Der Inhalt "
            "entscheidet über das Format: nur PDF, JPEG oder PNG, höchstens 10 MB; Name und "
            "angegebener Typ müssen dazu passen. Ein abgeschlossener Fall nimmt keine "
            "Dokumente mehr an (403)."
        ),
        parameters=[CASE_PK],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
)
class CaseDocumentViewSet(DocumentsOfMixin, viewsets.GenericViewSet):
    queryset = Document.objects.none()  # for the schema; rows come from the selectors
    serializer_class = DocumentSerializer

    @property
    def case(self):
        return self.fetch(visible_cases(self.actor).select_related("person", "unit"), "case_pk")

    def list(self, request, *args, **kwargs):
        return self.represent_page(documents_of_case(self.actor, self.case), self.case)

    def create(self, request, *args, **kwargs):
        case = self.case
        if not may_upload_to_case(self.actor, case):
            if case.is_closed:
                raise exceptions.PermissionDenied(
                    _("Der Fall ist abgeschlossen. Dokumente können nur noch gelesen werden.")
                )
            self.require(False)
        return self.upload(case=case)


@extend_schema_view(
    retrieve=extend_schema(
        summary=gettext_lazy("Angaben zu einem Dokument"),
        description=gettext_lazy(
            "Art, Beschreibung, Format, Größe, Prüfsumme; bei gelöschten Dokumenten auch "
            "wann und warum."
        ),
        responses={200: DocumentSerializer, **NOT_FOUND},
        tags=TAGS,
    ),
    download=extend_schema(
        summary=gettext_lazy("Datei herunterladen"),
        description=gettext_lazy(
            "Die Datei als Anhang (PDF, JPEG oder PNG). Jeder Abruf wird protokolliert. "
            "Gelöschte Dokumente haben keine Datei mehr (404)."
        ),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description=gettext_lazy("die Datei")
            ),
            **NOT_FOUND,
        },
        tags=TAGS,
    ),
    remove=extend_schema(
        summary=gettext_lazy("Dokument löschen"),
        description=gettext_lazy(
            "Die Datei wird entfernt; die Angaben bleiben mit wer, wann und warum. Löschen "
            "darf, wer das Dokument hochgeladen hat oder die Teamleitung, nicht in "
            "abgeschlossenen Fällen."
        ),
        request=DocumentDeleteSerializer,
        responses={200: DocumentSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
)
class DocumentViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Document.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = DocumentSerializer

    def get_queryset(self):
        return visible_documents(self.actor).select_related("person", "case", "uploaded_by")

    def get_object(self):
        return self.fetch(self.get_queryset())

    def represent(self, document) -> dict:
        return DocumentSerializer(document, context={"actor": self.actor}).data

    def retrieve(self, request, *args, **kwargs):
        document = self.get_object()
        audit(
            actor=self.actor,
            action="document.list",
            obj=document,
            person_id=document.person_id,
            changes={"ids": [document.pk]},
        )
        return Response(self.represent(document))

    @action(detail=True, methods=["get"], content_negotiation_class=FileContentNegotiation)
    def download(self, request, *args, **kwargs):
        document = self.get_object()
        if not abilities(self.actor, document)["download"]:
            raise exceptions.NotFound(
                _("Das Dokument wurde gelöscht; die Datei gibt es nicht mehr.")
            )
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise exceptions.NotFound(_("Die Datei wurde nicht gefunden.")) from exc
        audit(
            actor=self.actor,
            action="document.download",
            obj=document,
            person_id=document.person_id,
        )
        return file_response(
            handle, filename=download_name(document), content_type=document.content_type
        )

    @action(detail=True, methods=["post"], url_path="delete")
    def remove(self, request, *args, **kwargs):
        document = self.get_object()
        if document.deleted_at is None:
            self.require(abilities(self.actor, document)["delete"])
        serializer = DocumentDeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = document_delete(
            actor=self.actor, document=document, reason=serializer.validated_data["reason"]
        )
        return Response(self.represent(self.get_queryset().get(pk=document.pk)))
