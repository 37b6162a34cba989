"""Contacts of a case: /api/v1/cases/{case_pk}/contacts/.

Contacts come only from `contacts_of_case` of a case fetched through
`visible_cases`, so an invisible case hides its contacts (404).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from kim.cases.api.common import (
    CASE_PK,
    MAX_CONTACT_MINUTES,
    NOT_FOUND,
    field_codes,
    tenant_fields,
)
from kim.cases.models import Case, Contact
from kim.cases.selectors import contacts_of_case, visible_cases
from kim.cases.services import contact_record, contact_update
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
from kim.core.models import FieldOfAction


class ContactAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()


class ContactSerializer(serializers.ModelSerializer):
    # A counselling contact in lists.

    fields = field_codes(read_only=True)
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "case",
            "date",
            "duration_minutes",
            "mode",
            "interpreter_used",
            "language",
            "fields",
            "note",
            "created_by",
            "created_by_name",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_created_by_name(self, contact) -> str:
        return str(contact.created_by) if contact.created_by_id else ""


class ContactDetailSerializer(ContactSerializer):
    # A contact with what the caller may do with it.

    abilities = serializers.SerializerMethodField()

    class Meta(ContactSerializer.Meta):
        fields = [*ContactSerializer.Meta.fields, "abilities"]
        read_only_fields = fields

    @extend_schema_field(ContactAbilitiesSerializer)
    def get_abilities(self, contact) -> dict:
        return abilities(self.context["actor"], contact)


class ContactWriteSerializer(KimModelSerializer):
    fields = field_codes(queryset=FieldOfAction.objects.none(), required=False)

    class Meta:
        model = Contact
        fields = [
            "date",
            "duration_minutes",
            "mode",
            "interpreter_used",
            "language",
            "fields",
            "note",
        ]
        extra_kwargs = {"duration_minutes": {"min_value": 1, "max_value": MAX_CONTACT_MINUTES}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].child_relation.queryset = tenant_fields(self.context.get("actor"))

    def validate_date(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("Das Datum liegt in der Zukunft."))
        case = self.context.get("case")
        if case is not None and value < case.opened_on:
            raise serializers.ValidationError(
                _("Das Datum liegt vor der Eröffnung des Falls am %(date)s.")
                % {"date": case.opened_on.strftime("%d.%m.%Y")}
            )
        return value


class ContactUpdateSerializer(ContactWriteSerializer):
    version = required_version_field()

    class Meta(ContactWriteSerializer.Meta):
        fields = ["version", *ContactWriteSerializer.Meta.fields]

    def validate(self, attrs):
        if "version" not in attrs:  # partial=True skips the required check
            raise serializers.ValidationError(
                {"version": self.fields["version"].error_messages["required"]}
            )
        return attrs


CONTACT_TAGS = [gettext_lazy("Beratungskontakte")]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Beratungskontakte eines Falls auflisten"),
        description=gettext_lazy(
            "Die Kontakte eines Falls, neueste zuerst. Ist der Fall für Sie nicht sichtbar: 404."
        ),
        parameters=[CASE_PK],
        responses={200: ContactSerializer(many=True), **NOT_FOUND},
        tags=CONTACT_TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Beratungskontakt abrufen"),
        parameters=[CASE_PK],
        responses={200: ContactDetailSerializer, **NOT_FOUND},
        tags=CONTACT_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Beratungskontakt erfassen"),
        description=gettext_lazy("Dokumentiert einen Kontakt in einem offenen Fall Ihrer Einheit."),
        parameters=[CASE_PK],
        request=ContactWriteSerializer,
        responses={
            201: ContactDetailSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            **NOT_FOUND,
        },
        tags=CONTACT_TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Beratungskontakt ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Felder eines eigenen Kontakts (Teamleitung: jedes "
            "Kontakts). `version` ist Pflicht; ist sie veraltet: 409."
        ),
        parameters=[CASE_PK],
        request=ContactUpdateSerializer,
        responses={
            200: ContactDetailSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            409: ConflictSerializer,
            **NOT_FOUND,
        },
        tags=CONTACT_TAGS,
    ),
)
class ContactViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Contact.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = ContactDetailSerializer

    @property
    def case(self) -> Case:
        """The case from the URL, fetched through `visible_cases` (404 otherwise)."""
        if not hasattr(self, "_case"):
            self._case = get_object_or_404(
                visible_cases(self.actor).select_related("unit"), pk=self.kwargs["case_pk"]
            )
        return self._case

    def get_queryset(self):
        return contacts_of_case(self.case)

    def get_object(self):
        contact = super().get_object()
        contact.case = self.case
        return contact

    def get_serializer_context(self):
        context = {**super().get_serializer_context(), "actor": self.actor}
        if "case_pk" in self.kwargs:  # absent while the schema is generated
            context["case"] = self.case
        return context

    def represent(self, contact: Contact) -> dict:
        contact.case = self.case
        return ContactDetailSerializer(contact, context=self.get_serializer_context()).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        self.audit_page("contact.list", page, obj=self.case, person_id=self.case.person_id)
        return self.get_paginated_response(ContactSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        audit(actor=self.actor, action="contact.view", obj=contact, person_id=self.case.person_id)
        return Response(self.represent(contact))

    def create(self, request, *args, **kwargs):
        serializer = ContactWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        contact = contact_record(actor=self.actor, case=self.case, **serializer.validated_data)
        return Response(
            self.represent(self.get_queryset().get(pk=contact.pk)), status=status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        contact = self.get_object()
        serializer = ContactUpdateSerializer(
            instance=contact, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contact_update(
            actor=self.actor,
            contact=contact,
            version=data.pop("version"),
            fields=data.pop("fields", list(contact.fields.all())),
            **data,
        )
        return Response(self.represent(self.get_queryset().get(pk=contact.pk)))

    def stale_representation(self, current: Contact) -> dict:
        current = self.get_queryset().get(pk=current.pk)
        audit(actor=self.actor, action="contact.view", obj=current, person_id=self.case.person_id)
        return self.represent(current)
