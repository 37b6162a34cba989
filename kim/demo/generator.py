"""Synthetic data from demo to statewide size: one plan, two writers.

Scale 1 is "Kreis Musterland", written through the services (search keys,
PersonUnit rows and audit events as in real use). Each further unit of scale
adds 200 persons, spread over up to 53 more tenants ("Kreis Musterland 17",
"Stadt Musterburg 18", …) and written in bulk (COPY on PostgreSQL). Scale 1500
is the statewide set: about 300,000 persons, 400,000 cases and 5 million
contacts. Every tenant is written in one transaction and skipped when it
exists, so running again changes nothing.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kim.cases.models import Case, Contact
from kim.core.models import Tenant
from kim.demo.bulk import write_bulk
from kim.demo.directory import add_directory
from kim.demo.documents import add_documents
from kim.demo.families import kin_person
from kim.demo.plan import DEMO_PROFILE, STATEWIDE_PROFILE, PersonPlan, Planner, Profile, seeded
from kim.demo.procedures import add_procedures
from kim.demo.process import ASSESSMENT, EVALUATION, IMPLEMENTATION, INTAKE, PAUSED, PLANNING
from kim.demo.referrals import add_referrals
from kim.demo.residence import add_residence
from kim.demo.scenario import residence_overrides, tell
from kim.demo.sharing import add_sharing
from kim.demo.steering import add_steering
from kim.demo.structure import DEMO_PASSWORD, Structure, demo_structure, generated_structure
from kim.demo.writer import ServiceWriter
from kim.followups.services import followups_generate
from kim.people.models import Person

DEMO_SLUG = "musterland"
DEMO_PERSONS = 200
STATEWIDE_SCALE = 1500
TENANT_COUNT = 54  # Kreise and kreisfreie Städte in NRW
DEFAULT_SEED = 2026


@dataclass(frozen=True)
class TenantSpec:
    number: int  # 1 = Kreis Musterland
    name: str
    slug: str
    kind: str
    persons: int
    profile: Profile


def tenant_specs(
    scale: int, *, demo_persons: int = DEMO_PERSONS, seed: int = DEFAULT_SEED
) -> list[TenantSpec]:
    """The tenants of a data set of the given scale, with their sizes (deterministic)."""
    specs = [
        TenantSpec(1, "Kreis Musterland", DEMO_SLUG, Tenant.Kind.KREIS, demo_persons, DEMO_PROFILE)
    ]
    extra = (scale - 1) * DEMO_PERSONS
    if extra <= 0:
        return specs
    count = min(TENANT_COUNT - 1, max(1, math.ceil((scale - 1) / 25)))
    rng = seeded(f"{seed}:tenants")
    # About 23 of 54 are kreisfreie Städte; sizes vary like those of real districts.
    kinds = [
        Tenant.Kind.KREISFREIE_STADT if i % 7 in (1, 3, 5) else Tenant.Kind.KREIS
        for i in range(count)
    ]
    weights = [rng.lognormvariate(0, 0.55) for _ in range(count)]
    sizes = _apportion(extra, weights)
    for i, (kind, size) in enumerate(zip(kinds, sizes, strict=True)):
        number = i + 2
        if kind == Tenant.Kind.KREIS:
            name, slug = f"Kreis Musterland {number}", f"musterland-{number}"
        else:
            name, slug = f"Stadt Musterburg {number}", f"musterburg-{number}"
        specs.append(TenantSpec(number, name, slug, kind, size, STATEWIDE_PROFILE))
    return specs


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split total into integer parts proportional to weights (largest remainder)."""
    shares = [total * w / sum(weights) for w in weights]
    parts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


# --- Kreis Musterland --------------------------------------------------------------


def demo_plans(planner: Planner, structure: Structure, count: int) -> list[PersonPlan]:
    """The demo persons: fixed ones the guided tour relies on (kim.demo.scenario),
    the rest drawn."""
    today = planner.today
    users = structure.users
    nord, sued = structure.teams
    places = {(p.town.name, p.district.name): p for p in structure.places}

    def fixed(team, author, place, region, key="", aliases=(), cases=(), kin=(), **fields):
        plan = planner.person(team.unit, users[author], places[place], region_code=region, **fields)
        plan.key = key
        plan.aliases = list(aliases)
        plan.cases = [
            planner.case(
                team,
                users[manager],
                plan,
                today - timedelta(days=opened),
                closed and today - timedelta(days=closed),
                outcome,
            )
            for manager, opened, closed, outcome in cases
        ]
        main = plan.fields["languages"][0]
        for role, sex, given, family, birth, arrival, level in kin:
            interpreter = role == "partner" and main != "de" and level in ("", "0", "A1")
            kin_person(
                planner, plan, role, sex=sex, given_names=given, family_name=family,
                birth_date=birth, birth_date_precision="day", arrival_date=arrival,
                german_level=level, languages=[main] + (["de"] if level and main != "de" else []),
                interpreter_needed=interpreter, interpreter_language=main if interpreter else "",
                phone="", email="",
            )  # fmt: skip
        return [plan, *plan.kin]

    day, year = "day", "year"
    first = [
        *fixed(nord, "cm.nord", ("Nordheim", "Mitte"), "SY", "hassan", sex="m", given_names="Mohammed",
               family_name="Al-Hassan", birth_date=date(1987, 3, 12), birth_date_precision=day,
               arrival_date=date(2016, 9, 14), german_level="A2", languages=["ar", "de"],
               interpreter_needed=True, interpreter_language="ar",
               aliases=[{"kind": "document", "given_names": "Mohamed", "family_name": "Al Hassan"}],
               cases=[("cm.nord", 130, None, IMPLEMENTATION)],
               kin=[("partner", "f", "Rasha", "Khalil", date(1990, 5, 2), date(2018, 4, 20), "A1"),
                    ("child", "m", "Omar", "Al-Hassan", date(2012, 8, 1), date(2018, 4, 20), "B2"),
                    ("child", "f", "Sara", "Al-Hassan", date(2015, 2, 11), date(2018, 4, 20), "B2"),
                    ("child", "m", "Yousef", "Al-Hassan", date(2020, 10, 5), None, "B1")]),
        *fixed(nord, "cm.nord", ("Musterstadt", "Hafenviertel"), "DE", "mueller", sex="f",
               given_names="Anna", family_name="Müller", birth_date=date(1984, 8, 23),
               birth_date_precision=day, arrival_date=None, german_level="C2", languages=["de"],
               nationalities=["DE"], interpreter_needed=False, interpreter_language="",
               aliases=[{"kind": "birth", "given_names": "", "family_name": "Schmitz"}],
               cases=[("cm.nord", 500, 380, "goals_reached"), ("cm.nord", 200, None, EVALUATION)],
               kin=[("child", "f", "Lea", "Müller", date(2012, 4, 17), None, "C2"),
                    ("child", "m", "Finn", "Müller", date(2016, 9, 30), None, "C2")]),
        *fixed(sued, "cm.sued", ("Talstadt", "Neustadt"), "UA", "kovalenko", sex="f",
               given_names="Olena", family_name="Kovalenko", birth_date=date(1979, 6, 15),
               birth_date_precision=day,
               aliases=[{"kind": "document", "given_names": "Олена", "family_name": "Коваленко"}],
               cases=[("cm.sued", 300, None, "")]),
        *fixed(nord, "cm.nord3", ("Bergdorf", "Hohenfeld"), "TR", "yilmaz", sex="f",
               given_names="Ayşe", family_name="Yılmaz", birth_date=date(1972, 5, 6),
               birth_date_precision=day, cases=[("cm.nord3", 90, None, IMPLEMENTATION)]),
        *fixed(nord, "cm.nord", ("Nordheim", "Oberdorf"), "ER", "ghebremedhin", sex="m",
               given_names="Tesfay", family_name="Ghebremedhin", birth_date=date(1995, 1, 1),
               birth_date_precision=year, arrival_date=date(2019, 5, 20),
               cases=[("cm.nord", 60, None, ASSESSMENT)]),
        *fixed(sued, "cm.sued", ("Südhausen", "Rosental"), "AF", "rahimi", sex="m",
               given_names="Ahmad", family_name="Rahimi", birth_date=date(1990, 7, 2),
               birth_date_precision=day, cases=[("cm.sued", 250, None, "reopened")]),
        *fixed(nord, "cm.nord", ("Nordheim", "Am Bahnhof"), "UA", "bondarenko", sex="f",
               given_names="Iryna", family_name="Bondarenko", birth_date=date(1988, 11, 3),
               birth_date_precision=day, arrival_date=date(2022, 3, 20), german_level="A2",
               languages=["uk", "ru", "de"], nationalities=["UA"], interpreter_needed=True,
               interpreter_language="uk", cases=[("cm.nord", 2, None, INTAKE)],
               kin=[("child", "m", "Maksym", "Bondarenko", date(2014, 6, 9), date(2022, 3, 20), "B1")]),
        *fixed(nord, "cm.nord", ("Nordheim", "Am Bahnhof"), "RO", "popescu", sex="f",
               given_names="Elena", family_name="Popescu", birth_date=date(1981, 10, 19),
               birth_date_precision=day, arrival_date=date(2019, 7, 1),
               cases=[("cm.nord", 150, None, PAUSED)]),
        *fixed(nord, "cm.nord", ("Nordheim", "Oberdorf"), "BG", "ivanova", sex="f",
               given_names="Desislava", family_name="Ivanova", birth_date=date(1993, 2, 27),
               birth_date_precision=day, arrival_date=date(2023, 8, 15),
               cases=[("cm.nord", 45, None, PLANNING)]),
    ]  # fmt: skip
    # Registered again later under another spelling: the duplicate warning's examples.
    later = [
        *fixed(nord, "cm.nord2", ("Musterstadt", "Nordviertel"), "SY", sex="m", given_names="Muhammad",
               family_name="Alhasan", birth_date=date(1987, 12, 3), birth_date_precision=day),
        *fixed(sued, "cm.sued2", ("Talstadt", "Altstadt"), "UA", sex="f", given_names="Olena",
               family_name="Kowalenko", birth_date=date(1979, 6, 15), birth_date_precision=day),
        *fixed(nord, "cm.nord", ("Nordheim", "Mitte"), "TR", sex="f", given_names="Ayse",
               family_name="Yilmaz", birth_date=date(1972, 1, 1), birth_date_precision=year),
        *fixed(sued, "cm.sued", ("Talstadt", "Talaue"), "ER", sex="m", given_names="Tesfai",
               family_name="Gebremedhin", birth_date=date(1995, 1, 1), birth_date_precision=year,
               cases=[("cm.sued", 20, None, "")]),
        *fixed(sued, "cm.sued3", ("Südhausen", "Mitte"), "AF", sex="m", given_names="Ahmed",
               family_name="Rahimi", birth_date=date(1990, 2, 7), birth_date_precision=day),
    ]  # fmt: skip
    drawn = planner.persons(max(0, count - len(first) - len(later)))
    middle = len(drawn) // 2
    return (first + drawn[:middle] + later + drawn[middle:])[:count]


def write_with_services(
    structure: Structure, plans: list[PersonPlan], *, seed: int, today: date
) -> None:
    """Register persons, open cases, record contacts and run each case's course as
    users would; then the fixed story and the day's generated follow-ups."""
    writer = ServiceWriter(
        structure,
        rng=seeded(f"{seed}:services"),
        today=today,
        overrides=residence_overrides(today),
    )
    writer.write(plans)
    tell(writer, today=today)
    add_documents(writer, today=today)
    followups_generate(tenant=structure.tenant, today=today)


# --- the whole data set -----------------------------------------------------------------


def generate(
    *,
    scale: int = 1,
    seed: int = DEFAULT_SEED,
    demo_persons: int = DEMO_PERSONS,
    jobs: int = 1,
    today: date | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    """Create every tenant of the data set that does not exist yet."""
    today = today or timezone.localdate()
    specs = tenant_specs(scale, demo_persons=demo_persons, seed=seed)
    created: dict[str, int] = {"tenants": 0}
    started = time.monotonic()
    with transaction.atomic():
        structure = demo_structure()
        # Also added to a demo loaded before the directory existed.
        add_directory(structure, today=today)
        if not Person.objects.filter(tenant=structure.tenant).exists():
            planner = Planner(structure, rng=seeded(seed), today=today, profile=DEMO_PROFILE)
            plans = demo_plans(planner, structure, demo_persons)
            write_with_services(structure, plans, seed=seed, today=today)
            created["tenants"] += 1
            log(
                f"{structure.tenant.name}: {demo_persons} Personen ({time.monotonic() - started:.1f} s)"
            )
        # After the cases and the directory; also added to a demo loaded before referrals existed.
        add_referrals(structure, today=today)
        # Shares, an emergency access and a case conference; also added to an older demo.
        add_sharing(structure, today=today)
        # Structural issues from the barriers; also added to an older demo.
        add_steering(structure, today=today)
        # Clients in every pre-check situation (Baustein 3); also added to an older demo.
        add_residence(structure, today=today)
        # The authority's procedures in every stage, for the backlog page; also added to an
        # older demo.
        add_procedures(structure, today=today)
    existing = set(Tenant.objects.values_list("slug", flat=True))
    # Largest first, so that parallel workers finish together.
    missing = sorted(
        (spec for spec in specs[1:] if spec.slug not in existing), key=lambda spec: -spec.persons
    )
    password_hash = make_password(DEMO_PASSWORD) if missing else ""
    for spec, counts, seconds in _run_tenants(
        missing, jobs, seed=seed, today=today, password_hash=password_hash
    ):
        created["tenants"] += 1
        for label, n in counts.items():
            created[label] = created.get(label, 0) + n
        log(
            f"{spec.name}: {spec.persons:,} Personen, {counts.get('cases.Case', 0):,} Fälle, "
            f"{counts.get('cases.Contact', 0):,} Kontakte ({seconds:.1f} s, "
            f"gesamt {time.monotonic() - started:.0f} s)"
        )
    if missing:
        _analyze()
    return created


def _run_tenants(specs: list[TenantSpec], jobs: int, **kwargs):
    """Yield (spec, counts, seconds) per tenant, in `jobs` processes when jobs > 1."""
    if jobs <= 1 or len(specs) <= 1:
        for spec in specs:
            yield _timed_tenant(spec, **kwargs)
        return
    import multiprocessing
    from functools import partial

    from django.db import connections

    connections.close_all()  # each worker opens its own connection
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(specs))) as pool:
        yield from pool.imap_unordered(partial(_timed_tenant, **kwargs), specs)


def _timed_tenant(spec: TenantSpec, **kwargs):
    begun = time.monotonic()
    counts = generate_tenant(spec, **kwargs)
    return spec, counts, time.monotonic() - begun


def generate_tenant(
    spec: TenantSpec, *, seed: int, today: date, password_hash: str
) -> dict[str, int]:
    rng = seeded(f"{seed}:{spec.slug}")
    with transaction.atomic():
        _fast_commit()
        structure = generated_structure(
            name=spec.name,
            slug=spec.slug,
            kind=spec.kind,
            persons=spec.persons,
            rng=rng,
            password_hash=password_hash,
        )
        planner = Planner(structure, rng=rng, today=today, profile=spec.profile)
        return write_bulk(structure, planner.persons(spec.persons), today=today)


def _fast_commit() -> None:
    """Generated data can be made again: do not wait for the WAL flush at commit."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def _analyze() -> None:
    """Fresh planner statistics: with the ones from before the load, PostgreSQL
    plans hash joins over millions of estimated rows for a 30-row lookup."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def population(scale: int, *, demo_persons: int = DEMO_PERSONS, seed: int = DEFAULT_SEED) -> str:
    """Whether the database holds the data set of this scale.

    "complete", "partial" (some planned tenants missing, the rest as planned),
    "empty", or "different" (tenants or sizes of another scale).
    """
    from django.db.models import Count

    specs = tenant_specs(scale, demo_persons=demo_persons, seed=seed)
    planned = {spec.slug: spec.persons for spec in specs[1:]}
    actual = dict(
        Person.objects.filter(tenant__slug__startswith="muster")
        .exclude(tenant__slug=DEMO_SLUG)
        .values_list("tenant__slug")
        .annotate(n=Count("id"))
    )
    generated = set(
        Tenant.objects.filter(slug__regex=r"^muster(land|burg)-[0-9]+$").values_list(
            "slug", flat=True
        )
    )
    demo_present = Person.objects.filter(tenant__slug=DEMO_SLUG).exists()
    if not generated and not demo_present:
        return "empty"
    if generated - set(planned) or any(actual.get(slug, 0) != planned[slug] for slug in generated):
        return "different"
    return "complete" if demo_present and generated == set(planned) else "partial"


def summary() -> dict[str, int]:
    from kim.accounts.models import User
    from kim.core.models import Unit

    return {
        "Kommunen": Tenant.objects.count(),
        "Einheiten": Unit.objects.count(),
        "Demo-Konten": User.objects.filter(is_demo=True).count(),
        "Personen": Person.objects.count(),
        "Fälle": Case.objects.count(),
        "davon offen": Case.objects.filter(status=Case.Status.OPEN).count(),
        "Kontakte": Contact.objects.count(),
    }
