"""Writing a plan in bulk: PostgreSQL COPY (elsewhere bulk_create), no per-row services.

Produces the rows the services would: the search name and name keys exactly as
`kim.people.services.person_reindex` computes them, PersonUnit rows for the
registering unit and every unit with a case, case numbers `<UNIT>-<year>-<nnnn>`
per unit and year in order of opening, and `last_contact_on`; each case's
phase with its history (CasePhaseChange rows, as the phase services append
them) and the intake result the phase implies. Audit events, assessments,
plans and closing reports are not written: the bulk set stands for history
that predates the platform.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import connection, models
from django.utils import timezone, translation

from kim.cases.models import Case, CaseClosure, CasePhaseChange, Contact
from kim.demo.plan import PersonPlan
from kim.demo.process import CLOSED, INTAKE
from kim.demo.structure import Structure
from kim.people.models import Person, PersonAlias, PersonNameKey, PersonUnit
from kim.people.names import search_entries

NOT_INDICATED = "Kein Bedarf an Case Management festgestellt."


def person_names(fields: dict, aliases: list[dict]) -> list[str]:
    names = [fields["family_name"], fields["given_names"]]
    for alias in aliases:
        names += [alias.get("family_name", ""), alias.get("given_names", "")]
    return names


class RowSink:
    """COPY on PostgreSQL; bulk_create elsewhere (SQLite in tests)."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.counts: dict[str, int] = defaultdict(int)

    def ids(self, model: type[models.Model], n: int) -> list[int]:
        if n == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, n],
                )
                return sorted(row[0] for row in cursor.fetchall())
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table name from our own models, quoted
            start = cursor.fetchone()[0] + 1
            return list(range(start, start + n))

    def write(self, model: type[models.Model], attnames: list[str], rows: Iterable[tuple]) -> None:
        label = model._meta.label
        if not self.postgres:
            objs = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
            model.objects.bulk_create(objs, batch_size=500)
            self.counts[label] += len(objs)
            return
        fields = [model._meta.get_field(name) for name in attnames]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        adapt = [
            (i, f)
            for i, f in enumerate(fields)
            if isinstance(f, models.JSONField) or getattr(f, "multiple", False)
        ]
        n = 0
        with connection.cursor() as cursor:
            sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                write_row = copy.write_row
                for row in rows:
                    if adapt:
                        row = list(row)
                        for i, f in adapt:
                            row[i] = f.get_db_prep_value(row[i], connection)
                    write_row(row)
                    n += 1
        self.counts[label] += n


def write_bulk(structure: Structure, plans: list[PersonPlan], *, today: date) -> dict[str, int]:
    """Insert the plan's persons, cases and contacts; returns row counts per model."""
    sink = RowSink()
    tenant_id = structure.tenant.pk
    tz = timezone.get_current_timezone()

    def at(day: date) -> datetime:
        return datetime.combine(day, time(9, 0), tzinfo=tz)

    field_ids = {code: f.pk for code, f in structure.fields.items()}
    person_ids = sink.ids(Person, len(plans))
    registered = [
        min((c.opened_on for c in plan.cases), default=None)
        or max(plan.fields["arrival_date"] or today, today - timedelta(days=365))
        for plan in plans
    ]
    cases = [
        (pid, case) for pid, plan in zip(person_ids, plans, strict=True) for case in plan.cases
    ]
    case_ids = sink.ids(Case, len(cases))
    contact_ids = sink.ids(Contact, sum(len(case.contacts) for _, case in cases))

    person_columns = [
        "id", "tenant_id", "owner_unit_id", "family_name", "given_names", "birth_date",
        "birth_date_precision", "sex", "nationalities", "languages", "german_level",
        "arrival_date", "street", "postcode", "town_id", "district_id", "phone", "email",
        "interpreter_needed", "interpreter_language", "search_name", "version",
        "created_by_id", "created_at", "updated_at",
    ]  # fmt: skip
    keys_by_person: list[list[tuple[str, str]]] = []

    def person_rows():
        for pid, plan, day in zip(person_ids, plans, registered, strict=True):
            f = plan.fields
            search_name, keys = search_entries(person_names(f, plan.aliases))
            keys_by_person.append(keys)
            stamp = at(day)
            yield (
                pid, tenant_id, plan.unit.pk, f["family_name"], f["given_names"], f["birth_date"],
                f["birth_date_precision"], f["sex"], f["nationalities"], f["languages"],
                f["german_level"], f["arrival_date"], f["street"], f["postcode"],
                f["town"].pk if f["town"] else None, f["district"].pk if f["district"] else None,
                f["phone"], f["email"], f["interpreter_needed"], f["interpreter_language"],
                search_name, 1, plan.author.pk, stamp, stamp,
            )  # fmt: skip

    sink.write(Person, person_columns, person_rows())
    sink.write(
        PersonAlias,
        ["tenant_id", "person_id", "kind", "family_name", "given_names"],
        (
            (
                tenant_id,
                pid,
                a.get("kind", "spelling"),
                a.get("family_name", ""),
                a.get("given_names", ""),
            )
            for pid, plan in zip(person_ids, plans, strict=True)
            for a in plan.aliases
            if a.get("family_name") or a.get("given_names")
        ),
    )
    sink.write(
        PersonNameKey,
        ["tenant_id", "person_id", "token", "phonetic"],
        (
            (tenant_id, pid, token, code)
            for pid, keys in zip(person_ids, keys_by_person, strict=True)
            for token, code in keys
        ),
    )

    def person_unit_rows():
        for pid, plan, day in zip(person_ids, plans, registered, strict=True):
            units = [plan.unit.pk]
            units += sorted({c.team.unit.pk for c in plan.cases} - {plan.unit.pk})
            for unit_id in units:
                yield tenant_id, pid, unit_id, at(day)

    sink.write(PersonUnit, ["tenant_id", "person_id", "unit_id", "since"], person_unit_rows())

    numbers = _case_numbers(cases)

    def case_rows():
        for cid, (pid, case), number in zip(case_ids, cases, numbers, strict=True):
            status = Case.Status.CLOSED if case.closed_on else Case.Status.OPEN
            changed = at(case.closed_on or case.last_contact_on or case.opened_on)
            course = case.course
            indicated, consent, why = _intake(course)
            yield (
                cid, tenant_id, pid, case.team.unit.pk, case.manager.pk, number, status,
                course.phase, course.paused_from, indicated, why, consent,
                case.opened_on, case.closed_on, case.reason, case.last_contact_on, 1,
                at(case.opened_on), changed,
            )  # fmt: skip

    sink.write(
        Case,
        [
            "id", "tenant_id", "person_id", "unit_id", "case_manager_id", "number", "status",
            "phase", "paused_from", "cm_indicated", "cm_indicated_reason", "consent_status",
            "opened_on", "closed_on", "reason", "last_contact_on", "version", "created_at",
            "updated_at",
        ],
        case_rows(),
    )  # fmt: skip

    def phase_rows():
        closing = {value: str(label) for value, label in CaseClosure.Reason.choices}
        for cid, (_, case) in zip(case_ids, cases, strict=True):
            manager = case.manager.pk
            yield tenant_id, cid, "", INTAKE, at(case.opened_on), "", manager
            previous = INTAKE
            for i, (day, phase, reason) in enumerate(case.course.steps):
                if phase == CLOSED:
                    reason = closing[case.course.closing_reason or "goals_reached"]
                stamp = at(day) + timedelta(minutes=60 + 20 * i)
                yield tenant_id, cid, previous, phase, stamp, reason, manager
                previous = phase

    with translation.override("de"):
        sink.write(
            CasePhaseChange,
            [
                "tenant_id",
                "case_id",
                "from_phase",
                "to_phase",
                "changed_at",
                "reason",
                "changed_by_id",
            ],
            phase_rows(),
        )
    sink.write(
        Case.fields.through,
        ["case_id", "fieldofaction_id"],
        (
            (cid, field_ids[code])
            for cid, (_, case) in zip(case_ids, cases, strict=True)
            for code in case.field_codes
        ),
    )

    def contact_rows():
        ids = iter(contact_ids)
        for cid, (_, case) in zip(case_ids, cases, strict=True):
            for day, minutes, mode, interpreter, language, note, _codes, author in case.contacts:
                stamp = at(day)
                yield (
                    next(ids), tenant_id, cid, day, minutes, mode, interpreter, language, note,
                    author.pk, 1, stamp, stamp,
                )  # fmt: skip

    sink.write(
        Contact,
        [
            "id", "tenant_id", "case_id", "date", "duration_minutes", "mode", "interpreter_used",
            "language", "note", "created_by_id", "version", "created_at", "updated_at",
        ],
        contact_rows(),
    )  # fmt: skip

    def contact_field_rows():
        ids = iter(contact_ids)
        for _, case in cases:
            for contact in case.contacts:
                contact_id = next(ids)
                for code in contact[6]:
                    yield contact_id, field_ids[code]

    sink.write(Contact.fields.through, ["contact_id", "fieldofaction_id"], contact_field_rows())
    return dict(sink.counts)


def _intake(course) -> tuple[str, str, str]:
    """What the intake of a case with this course found: indicated, consent, reason."""
    if course.left_intake:
        return Case.CmIndicated.YES, Case.ConsentStatus.GIVEN, ""
    if course.outcome == "not_indicated":
        return Case.CmIndicated.NO, Case.ConsentStatus.PENDING, NOT_INDICATED
    return Case.CmIndicated.OPEN, Case.ConsentStatus.PENDING, ""


def _case_numbers(cases: list) -> list[str]:
    """`<UNIT>-<year>-<nnnn>` numbered per unit and year in order of opening, as
    case_open numbers them when cases are opened in that order."""
    order = sorted(range(len(cases)), key=lambda i: (cases[i][1].opened_on, i))
    sequence: dict[tuple[int, int], int] = defaultdict(int)
    numbers = [""] * len(cases)
    for i in order:
        case = cases[i][1]
        key = (case.team.unit.pk, case.opened_on.year)
        sequence[key] += 1
        numbers[i] = f"{case.team.unit.code}-{case.opened_on.year}-{sequence[key]:04d}"
    return numbers
