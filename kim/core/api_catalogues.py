"""Read-only API of the tenant's catalogues: /api/v1/catalogues/<api_name>/.

One list per catalogue registered in `kim.core.catalogues` with an
`api_name` (fields of action, target groups, barrier categories, text
templates), built from the registry so core does not import the apps that own
them. Any signed-in user of a tenant reads their own tenant's entries, active
ones by default, in the order the pages show them. Catalogues hold no personal
data: reading them is not audited.
"""

from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from kim.core.api import VALIDATION_ERROR, KimApiMixin
from kim.core.catalogues import Catalogue, catalogue_list, catalogues

TAGS = [gettext_lazy("Kataloge")]


class CatalogueFilterSerializer(serializers.Serializer):
    include_inactive = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy(
            "Auch deaktivierte Einträge (`active: false`), z. B. um Kürzel älterer "
            "Datensätze zu benennen. Standard: nur aktive."
        ),
    )


def entry_serializer(catalogue: Catalogue) -> type[serializers.ModelSerializer]:
    """`code`, `name`, `position`, `active` and the catalogue's long text, if it has one."""
    fields = ["code", "name", "position", "active"]
    if catalogue.text_field:
        fields.append(catalogue.text_field)
    meta = type(
        "Meta", (), {"model": catalogue.model, "fields": fields, "read_only_fields": fields}
    )
    name = f"{catalogue.model.__name__}EntrySerializer"
    return type(name, (serializers.ModelSerializer,), {"Meta": meta})


def catalogue_view(catalogue: Catalogue) -> type[generics.ListAPIView]:
    output = entry_serializer(catalogue)

    class CatalogueView(KimApiMixin, generics.ListAPIView):
        serializer_class = output
        queryset = catalogue.model.objects.none()  # for the schema; rows from get_queryset

        def get_queryset(self):
            filters = CatalogueFilterSerializer(data=self.request.query_params)
            filters.is_valid(raise_exception=True)
            return catalogue_list(
                catalogue,
                self.actor.tenant_id,
                inactive=filters.validated_data["include_inactive"],
            )

        @extend_schema(
            summary=catalogue.title,
            description=catalogue.intro,
            parameters=[CatalogueFilterSerializer],
            responses={200: output(many=True), 400: VALIDATION_ERROR},
            tags=TAGS,
        )
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

    CatalogueView.__name__ = CatalogueView.__qualname__ = f"{catalogue.model.__name__}ListView"
    return CatalogueView


def catalogue_urls() -> list:
    """One URL per catalogue with an API name, under catalogues/."""
    return [
        path(
            f"catalogues/{catalogue.api_name}/",
            catalogue_view(catalogue).as_view(),
            name=f"catalogue-{catalogue.api_name}",
        )
        for catalogue in catalogues()
        if catalogue.api_name
    ]
