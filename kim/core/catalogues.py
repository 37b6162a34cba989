"""Per-tenant catalogues the administration maintains (fields of action, target
groups, barrier categories, text templates …).

A catalogue model is a `TenantModel` with `code` (fixed once created: the API
and the demo refer to it), `name`, `position` and `active`, and optionally one
long text (`text_field`, e.g. the body of a text template). The app that owns
the model registers it here in its AppConfig.ready(); the administration
(kim.accounts) builds the list, form and ordering pages from the registry, and
the API (`kim.core.api_catalogues`) a read-only list under
/api/v1/catalogues/<api_name>/, so neither core nor accounts imports the apps
that own the catalogues.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Catalogue:
    key: str  # URL segment under /verwaltung/kataloge/, e.g. "zielgruppen"
    model: type
    title: Promise  # plural, e.g. "Zielgruppen"
    create_label: Promise  # e.g. "Zielgruppe anlegen"
    saved_message: Promise  # e.g. "Die Zielgruppe wurde gespeichert."
    intro: Promise  # what the catalogue is for, shown above the list
    audit_prefix: str  # audit actions "<prefix>.create", ".update", ".move"
    code_taken: Promise  # error when the code exists, e.g. "Dieses Kürzel hat bereits …"
    order: int = 100
    text_field: str = ""  # optional long text edited with the entry
    text_label: Promise | str = ""
    text_help: Promise | str = ""
    api_name: str = ""  # path under /api/v1/catalogues/, e.g. "target-groups"; "" = none


_CATALOGUES: dict[str, Catalogue] = {}


def register_catalogue(catalogue: Catalogue) -> Catalogue:
    _CATALOGUES[catalogue.key] = catalogue
    return catalogue


def catalogues() -> list[Catalogue]:
    return sorted(_CATALOGUES.values(), key=lambda c: (c.order, c.key))


def get_catalogue(key: str) -> Catalogue | None:
    return _CATALOGUES.get(key)


def catalogue_list(catalogue: Catalogue, tenant_id: int | None, *, inactive: bool = False):
    """The entries of a tenant's catalogue in the order the pages show them;
    active ones only unless `inactive`."""
    entries: QuerySet = catalogue.model.objects.filter(tenant_id=tenant_id)
    if not inactive:
        entries = entries.filter(active=True)
    return entries.order_by("position", "name", "id")
