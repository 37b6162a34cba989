"""Checking an import file as a whole and planning what it changes.

`build_plan` reads every row, parses every cell and validates every
organisation and service with the same rules as the pages
(`service_errors`, `organisation_errors`); it writes nothing. The plan lists
every problem (row, column, German message) or, for a clean file, what would
be created, changed or left as it is. `kim.network.services.exchange`
carries out a clean plan in one transaction.

Only the columns present in the file are applied: a file with just
"Organisation", "Angebot" and "Wartezeit in Wochen" updates waiting times
and leaves everything else alone.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _

from kim.cases.models import TargetGroup
from kim.core.actor import Actor
from kim.core.models import District, FieldOfAction, Organisation, Town
from kim.network.exchange.columns import (
    BY_KEY,
    COLUMNS,
    DISTRICT_SEPARATOR,
    ORGANISATION,
    ORGANISATION_HEADERS,
    REQUIRED,
    SERVICE,
    SERVICE_HEADERS,
    header_key,
)
from kim.network.exchange.table import TableError, read_table
from kim.network.models import Service, profile_of
from kim.network.models.directory import LEGAL_DOMAIN_SHORT
from kim.network.selectors.directory import directory_services, with_details
from kim.network.services.directory import (
    PROFILE_FIELDS,
    SERVICE_FIELDS,
    SERVICE_RELATIONS,
    normalise_profile_data,
    normalise_service_data,
    organisation_errors,
    service_errors,
)
from kim.people.catalogues import LANGUAGES
from kim.people.models import LegalDomain

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
YES = {"ja", "j", "x", "1", "yes", "y", "wahr", "true"}
NO = {"nein", "n", "0", "no", "falsch", "false", ""}
MAX_LISTED = 12


@dataclass
class Issue:
    row: int
    column: str  # the column's header; "" when the row as a whole is meant
    message: str


@dataclass
class OrganisationStep:
    row: int
    existing: Organisation | None
    data: dict  # name, kind and the directory details, complete
    action: str = UNCHANGED
    changes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data["name"]


@dataclass
class ServiceStep:
    row: int
    organisation: OrganisationStep
    existing: Service | None
    data: dict  # normalised, complete (SERVICE_FIELDS and SERVICE_RELATIONS)
    archived: bool
    action: str = UNCHANGED
    changes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data["name"]


@dataclass
class ImportPlan:
    filename: str
    file_format: str = ""
    rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    organisations: list[OrganisationStep] = field(default_factory=list)
    services: list[ServiceStep] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues and self.rows > 0

    def count(self, part: str, action: str) -> int:
        steps = self.organisations if part == ORGANISATION else self.services
        return sum(1 for step in steps if step.action == action)

    @property
    def changes_anything(self) -> bool:
        return any(s.action != UNCHANGED for s in [*self.organisations, *self.services])


class Catalogue:
    """Entries of one list column, found by their name or their code, ignoring case."""

    def __init__(self, entries, *, label=str, codes=None):
        self.by_text: dict[str, object] = {}
        self.labels: list[str] = []
        for entry in entries:
            text = label(entry)
            self.labels.append(text)
            self.by_text.setdefault(text.casefold(), entry)
            for code in codes(entry) if codes else ():
                self.by_text.setdefault(str(code).casefold(), entry)

    def find(self, text: str):
        return self.by_text.get(" ".join(text.split()).casefold())

    def hint(self) -> str:
        shown = ", ".join(self.labels[:MAX_LISTED])
        return shown + (" …" if len(self.labels) > MAX_LISTED else "")


@dataclass
class Lookups:
    fields: Catalogue
    target_groups: Catalogue
    towns: Catalogue
    districts: Catalogue
    legal_domains: Catalogue
    languages: Catalogue
    kinds: Catalogue

    @classmethod
    def for_tenant(cls, tenant_id: int) -> "Lookups":
        districts = District.objects.filter(tenant_id=tenant_id).select_related("town")
        return cls(
            fields=Catalogue(
                FieldOfAction.objects.filter(tenant_id=tenant_id).order_by("-active", "position"),
                label=lambda f: f.name,
                codes=lambda f: [f.code],
            ),
            target_groups=Catalogue(
                TargetGroup.objects.filter(tenant_id=tenant_id).order_by("-active", "position"),
                label=lambda g: g.name,
                codes=lambda g: [g.code],
            ),
            towns=Catalogue(
                Town.objects.filter(tenant_id=tenant_id).order_by("name"), label=lambda t: t.name
            ),
            districts=Catalogue(
                districts.order_by("town__name", "name"),
                label=lambda d: f"{d.town.name}{DISTRICT_SEPARATOR}{d.name}",
                codes=lambda d: [f"{d.town.name} – {d.name}", f"{d.town.name}-{d.name}"],
            ),
            legal_domains=Catalogue(
                LegalDomain.values,
                label=lambda code: LEGAL_DOMAIN_SHORT[code],
                codes=lambda code: [code, str(LegalDomain(code).label)],
            ),
            languages=Catalogue(
                [code for code, _label in LANGUAGES],
                label=lambda code: str(dict(LANGUAGES)[code]),
                codes=lambda code: [code],
            ),
            kinds=Catalogue(
                Organisation.Kind.values,
                label=lambda code: str(Organisation.Kind(code).label),
                codes=lambda code: [code],
            ),
        )


# --- cells --------------------------------------------------------------------------------


class CellError(ValueError):
    pass


def _list(text: str, catalogue: Catalogue, what: str) -> list:
    found, unknown = [], []
    for part in re.split(r"[;\n]+", text):
        part = part.strip()
        if not part:
            continue
        entry = catalogue.find(part)
        if entry is None:
            unknown.append(part)
        elif entry not in found:
            found.append(entry)
    if unknown:
        raise CellError(
            _("Unbekannt: %(unknown)s. %(what)s sind: %(known)s.")
            % {
                "unknown": ", ".join(f"„{u}“" for u in unknown),
                "what": what,
                "known": catalogue.hint(),
            }
        )
    return found


def _bool(text: str) -> bool:
    value = text.strip().casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(_("Bitte „ja“ oder „nein“ angeben."))


def _weeks(text: str) -> int | None:
    value = text.strip().replace(",", ".")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError as error:
        raise CellError(
            _("Bitte eine ganze Zahl von Wochen angeben (0 = keine Wartezeit).")
        ) from error
    if not number.is_integer() or not 0 <= number <= 104:
        raise CellError(_("Bitte eine ganze Zahl von Wochen zwischen 0 und 104 angeben."))
    return int(number)


def _date(text: str) -> date | None:
    value = text.strip()
    if not value:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CellError(_("Kein gültiges Datum. Bitte als TT.MM.JJJJ angeben, z. B. 03.02.2026."))


def _postcode(text: str) -> str:
    value = text.strip()
    # Excel drops the leading zero of "01067" when it takes the postcode for a number.
    return value.zfill(5) if value.isdigit() and len(value) == 4 else value


def _kind(text: str, lookups: Lookups) -> str:
    value = text.strip()
    if not value:
        return ""
    kind = lookups.kinds.find(value)
    if kind is None:
        raise CellError(
            _("Unbekannte Art „%(value)s“. Möglich sind: %(known)s.")
            % {"value": value, "known": lookups.kinds.hint()}
        )
    return kind


def _parse(key: str, text: str, lookups: Lookups):
    parsers = {
        "org_kind": lambda: _kind(text, lookups),
        "org_postcode": lambda: _postcode(text),
        "postcode": lambda: _postcode(text),
        "fields": lambda: _list(text, lookups.fields, _("Handlungsfelder")),
        "target_groups": lambda: _list(text, lookups.target_groups, _("Zielgruppen")),
        "legal_domains": lambda: _list(text, lookups.legal_domains, _("Rechtskreise")),
        "languages": lambda: _list(text, lookups.languages, _("Sprachen")),
        "towns": lambda: _list(text, lookups.towns, _("Orte")),
        "districts": lambda: _list(text, lookups.districts, _("Stadtteile (Ort: Stadtteil)")),
        "waiting_weeks": lambda: _weeks(text),
        "accepts_referrals": lambda: _bool(text),
        "archived": lambda: _bool(text),
        "reviewed_on": lambda: _date(text),
    }
    parser = parsers.get(key)
    return parser() if parser else text.strip()


# --- the plan -------------------------------------------------------------------------------


class Planner:
    def __init__(self, actor: Actor, plan: ImportPlan):
        self.actor = actor
        self.plan = plan
        self.lookups = Lookups.for_tenant(actor.tenant_id)
        organisations = Organisation.objects.filter(tenant_id=actor.tenant_id).select_related(
            "profile"
        )
        self.existing_organisations = {o.name.casefold(): o for o in organisations}
        self.existing_services: dict[tuple[int, str], Service] = {
            (s.organisation_id, s.name.casefold()): s
            for s in with_details(directory_services(actor))
        }
        self.organisations: dict[str, OrganisationStep] = {}
        # name (casefolded) -> {column: (row it came from, value)}
        self.organisation_values: dict[str, dict] = {}
        self.services: dict[tuple[str, str], int] = {}

    def issue(self, row: int, key: str, message) -> None:
        column = BY_KEY[key].header if key in BY_KEY else key
        self.plan.issues.append(Issue(row, column, str(message)))

    def read_header(self, header: list[str]) -> list[str | None]:
        keys: list[str | None] = []
        seen: set[str] = set()
        for text in header:
            key = header_key(text) if text.strip() else None
            if text.strip() and key is None:
                self.issue(
                    1, text, _("Unbekannte Spalte. Bitte die Spaltenköpfe des Exports verwenden.")
                )
            elif key in seen:
                self.issue(1, text, _("Diese Spalte kommt doppelt vor."))
                key = None
            if key:
                seen.add(key)
            keys.append(key)
        for key in REQUIRED:
            if key not in seen:
                self.issue(1, key, _("Diese Spalte fehlt; ohne sie lässt sich nichts zuordnen."))
        return keys

    def parse_row(self, number: int, keys, cells: list[str]) -> dict | None:
        values = {}
        for key, text in zip(keys, cells, strict=False):
            if key is None:
                continue
            try:
                values[key] = _parse(key, text, self.lookups)
            except CellError as error:
                self.issue(number, key, error)
        extra = cells[len(keys) :]
        if any(cell.strip() for cell in extra):
            self.issue(number, "", _("Die Zeile hat mehr Zellen als die Kopfzeile Spalten."))
        return values

    def gather_organisations(self, parsed: list[tuple[int, dict]]) -> None:
        """Each organisation's values over all its rows.

        An empty cell means "as in the organisation's other rows"; two different
        values for the same organisation are an error in the later row.
        """
        for number, values in parsed:
            name = (values.get("org_name") or "").strip()
            if not name:
                self.issue(number, "org_name", _("Bitte den Namen der Organisation angeben."))
                continue
            key = name.casefold()
            gathered = self.organisation_values.setdefault(key, {})
            for column, value in values.items():
                if BY_KEY[column].part != ORGANISATION or column == "org_name":
                    continue
                seen = gathered.get(column)
                if seen is None or (not seen[1] and value):
                    gathered[column] = (number, value)
                elif value and seen[1] != value:
                    self.issue(
                        number,
                        column,
                        _("Weicht von Zeile %(row)s ab („%(value)s“). Eine Organisation hat "
                          "überall dieselben Angaben.") % {"row": seen[0], "value": seen[1]},
                    )  # fmt: skip

    def organisation_step(self, number: int, values: dict) -> OrganisationStep | None:
        name = (values.get("org_name") or "").strip()
        if not name:
            return None
        key = name.casefold()
        step = self.organisations.get(key)
        if step is not None:
            return step
        given = {column: value for column, (_row, value) in self.organisation_values[key].items()}
        existing = self.existing_organisations.get(key)
        profile = profile_of(existing) if existing else None
        data = {
            "name": existing.name if existing else name,
            "kind": existing.kind if existing else "",
        }
        for target in PROFILE_FIELDS:
            data[target] = getattr(profile, target) if profile else ""
        before = dict(data)
        for column, value in given.items():
            if column == "org_kind" and not value and existing:
                continue
            data[BY_KEY[column].target] = value
        data.update(normalise_profile_data(data))
        step = OrganisationStep(row=number, existing=existing, data=data)
        self.organisations[key] = step
        self.plan.organisations.append(step)
        errors = organisation_errors(
            tenant_id=self.actor.tenant_id,
            name=data["name"],
            kind=data["kind"],
            profile={k: data[k] for k in PROFILE_FIELDS},
            exclude_pk=existing.pk if existing else None,
        )
        for target, messages in errors.items():
            column = ORGANISATION_HEADERS.get(target, "")
            for message in messages:
                self.plan.issues.append(Issue(number, column, message))
        if existing is None:
            step.action = CREATE
        else:
            step.changes = [
                ORGANISATION_HEADERS.get(k, k) for k in data if data[k] != before.get(k)
            ]
            step.action = UPDATE if step.changes else UNCHANGED
            if step.changes and profile is not None and profile.archived_at is not None:
                self.issue(
                    number,
                    "org_name",
                    _("Die Organisation ist archiviert. Stellen Sie sie zuerst auf ihrer Seite "
                      "wieder her."),
                )  # fmt: skip
        return step

    def service_step(self, number: int, values: dict, organisation: OrganisationStep) -> None:
        given = {k: v for k, v in values.items() if BY_KEY[k].part == SERVICE}
        name = (given.get("name") or "").strip()
        if not name:
            rest = [k for k, v in given.items() if k != "name" and v not in ("", [], None, False)]
            if rest:
                self.issue(
                    number,
                    "name",
                    _("Der Name des Angebots fehlt; die übrigen Angaben zum Angebot lassen sich "
                      "so keinem Angebot zuordnen."),
                )  # fmt: skip
            return
        key = (organisation.name.casefold(), name.casefold())
        if key in self.services:
            self.issue(
                number,
                "name",
                _("Dieses Angebot dieser Organisation steht schon in Zeile %(row)s.")
                % {"row": self.services[key]},
            )
            return
        self.services[key] = number
        existing = None
        if organisation.existing is not None:
            existing = self.existing_services.get((organisation.existing.pk, name.casefold()))
        if existing is not None:
            current = {n: getattr(existing, n) for n in SERVICE_FIELDS}
            for relation in SERVICE_RELATIONS:
                current[relation] = list(getattr(existing, relation).all())
            current = normalise_service_data(current)
        else:
            current = normalise_service_data({})
        data = dict(current)
        for column, value in given.items():
            if column == "archived":
                continue
            data[BY_KEY[column].target] = value
        if existing is not None:
            data["name"] = existing.name if name.casefold() == existing.name.casefold() else name
        data = normalise_service_data(data)
        was_archived = existing is not None and existing.archived_at is not None
        archived = given.get("archived", was_archived)
        step = ServiceStep(
            row=number, organisation=organisation, existing=existing, data=data, archived=archived
        )
        self.plan.services.append(step)
        errors = service_errors(
            tenant_id=self.actor.tenant_id,
            organisation=organisation.existing,
            data=data,
            exclude_pk=existing.pk if existing else None,
        )
        for target, messages in errors.items():
            column = SERVICE_HEADERS.get(target, "")
            for message in messages:
                self.plan.issues.append(Issue(number, column, message))
        if existing is None:
            step.action = CREATE
        else:
            step.changes = [
                SERVICE_HEADERS[k] for k in data if _comparable(data[k]) != _comparable(current[k])
            ]
            if archived != was_archived:
                step.changes.append(SERVICE_HEADERS["archived"])
            step.action = UPDATE if step.changes else UNCHANGED
            if was_archived and archived and step.changes:
                self.issue(
                    number,
                    "archived",
                    _("Das Angebot ist archiviert und kann so nicht geändert werden. Setzen Sie "
                      "„Archiviert“ auf „nein“, um es wiederherzustellen."),
                )  # fmt: skip
        profile = profile_of(organisation.existing) if organisation.existing else None
        archived_organisation = profile is not None and profile.archived_at is not None
        if archived_organisation and step.action != UNCHANGED and not archived:
            self.issue(
                number,
                "org_name",
                _("Die Organisation ist archiviert. Stellen Sie sie zuerst auf ihrer Seite "
                  "wieder her."),
            )  # fmt: skip


def _comparable(value):
    if isinstance(value, list):
        return sorted(getattr(v, "pk", v) for v in value)
    return value


def build_plan(actor: Actor, content: bytes, *, filename: str = "") -> ImportPlan:
    """Check the whole file; the plan lists every problem, or every change."""
    plan = ImportPlan(filename=filename)
    with translation.override("de"):
        try:
            table = read_table(content)
        except TableError as error:
            plan.issues.append(Issue(0, "", str(error)))
            return plan
        plan.file_format, plan.notes = table.format, table.notes
        planner = Planner(actor, plan)
        keys = planner.read_header(table.header)
        if plan.issues:
            return plan
        if not table.rows:
            plan.issues.append(
                Issue(0, "", _("Die Datei enthält keine Zeilen unter der Kopfzeile."))
            )
            return plan
        plan.rows = len(table.rows)
        parsed = [(number, planner.parse_row(number, keys, cells)) for number, cells in table.rows]
        planner.gather_organisations(parsed)
        for number, values in parsed:
            organisation = planner.organisation_step(number, values)
            if organisation is not None:
                planner.service_step(number, values, organisation)
        plan.issues.sort(key=lambda issue: (issue.row, _column_order(issue.column)))
    return plan


def _column_order(header: str) -> int:
    for position, column in enumerate(COLUMNS):
        if column.header == header:
            return position
    return -1
