"""Tenants, towns, organisations, units and staff of the synthetic data set.

`demo_structure` builds the hand-made "Kreis Musterland" idempotently;
`generated_structure` builds one further tenant of the statewide data set.
Both return a `Structure` that the person plan draws from.
"""

import math
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from kim.accounts.models import Membership, Role, User
from kim.core.models import District, Organisation, Tenant, Town, Unit
from kim.core.tenants import tenant_seed
from kim.demo.catalogues import seed_fields_of_action
from kim.demo.vocabulary import (
    DISTRICTS,
    STAFF_FAMILY,
    STAFF_GIVEN,
    TOWN_PREFIXES,
    TOWN_SUFFIXES,
    WELFARE_PROVIDERS,
)

DEMO_PASSWORD = "demo"  # noqa: S105 - demo accounts log in only in demo mode


@dataclass(frozen=True)
class Place:
    town: Town
    district: District
    postcode: str


@dataclass
class Team:
    """A case-management unit with its staff and the places it serves."""

    unit: Unit
    case_managers: list[User]
    lead: User | None
    places: list[Place]
    weight: float = 1.0


@dataclass
class Structure:
    tenant: Tenant
    fields: dict[str, object]  # code -> FieldOfAction
    teams: list[Team]
    authority_unit: Unit
    authority_staff: list[User]
    places: list[Place]
    users: dict[str, User] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)


class DemoConflict(Exception):
    """Demo data would touch an account that is not a demo account."""


# --- staff --------------------------------------------------------------------


class StaffBuilder:
    """Creates users with memberships; existing users are left untouched."""

    def __init__(self, tenant: Tenant, *, password_hash: str | None = None):
        self.tenant = tenant
        self._password_hash = password_hash
        self.roles = {role.code: role for role in Role.objects.all()}
        self.users: dict[str, User] = {}

    @property
    def password_hash(self) -> str:
        # Hashing costs a quarter second: once per run, shared by all demo accounts.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def add(
        self, username: str, first: str, last: str, memberships: list[tuple[Unit, str]]
    ) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@{self.tenant.slug}.example",
                tenant=self.tenant,
                is_demo=True,
                password=self.password_hash,
            )
        elif not user.is_demo or user.tenant_id != self.tenant.pk:
            raise DemoConflict(
                f"Das Konto „{username}“ gibt es schon, aber nicht als Demo-Konto von "
                f"{self.tenant.name}; es wird nicht verändert."
            )
        for unit, role_code in memberships:
            Membership.objects.get_or_create(
                tenant=self.tenant, user=user, unit=unit, role=self.roles[role_code]
            )
        self.users[username] = user
        return user

    def add_many(self, rows: list[tuple[str, str, str, Unit, str]]) -> list[User]:
        """Bulk variant for new tenants: (username, first, last, unit, role code)."""
        User.objects.bulk_create(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@{self.tenant.slug}.example",
                tenant=self.tenant,
                is_demo=True,
                password=self.password_hash,
            )
            for username, first, last, _, _ in rows
        )
        users = list(User.objects.filter(username__in=[row[0] for row in rows]))
        by_name = {u.username: u for u in users}
        Membership.objects.bulk_create(
            Membership(
                tenant=self.tenant,
                user=by_name[username],
                unit=unit,
                role=self.roles[role_code],
            )
            for username, _, _, unit, role_code in rows
        )
        self.users.update(by_name)
        return [by_name[row[0]] for row in rows]


# --- Kreis Musterland ------------------------------------------------------------

DEMO_TOWNS = [
    ("Musterstadt", [("Mitte", "58100"), ("Nordviertel", "58101"), ("Hafenviertel", "58102"),
                     ("Lindenhof", "58103")]),
    ("Nordheim", [("Mitte", "58120"), ("Oberdorf", "58121"), ("Am Bahnhof", "58120")]),
    ("Südhausen", [("Mitte", "58130"), ("Rosental", "58131"), ("Kirchberg", "58131")]),
    ("Bergdorf", [("Bergdorf", "58140"), ("Hohenfeld", "58141")]),
    ("Talstadt", [("Altstadt", "58150"), ("Neustadt", "58151"), ("Talaue", "58152"),
                  ("Weiher", "58152")]),
]  # fmt: skip
# Which places each case-management team serves: town name -> district names.
DEMO_TEAM_AREAS = {
    "NORD": {"Nordheim": None, "Bergdorf": None, "Musterstadt": ["Nordviertel", "Hafenviertel"]},
    "SUED": {"Südhausen": None, "Talstadt": None, "Musterstadt": ["Mitte", "Lindenhof"]},
}
DEMO_PARTNER_ORGANISATIONS = {
    "aa": ("Agentur für Arbeit Musterland", Organisation.Kind.EMPLOYMENT_AGENCY),
    "vhs": ("VHS Kreis Musterland", Organisation.Kind.OTHER),
    "psz": ("Psychosoziales Zentrum Musterland", Organisation.Kind.WELFARE_PROVIDER),
    "ehrenamt": ("Ehrenamtsbörse Musterland", Organisation.Kind.VOLUNTEER),
}
# username, first name, last name, unit code, role code
DEMO_STAFF = [
    ("cm.nord", "Miriam", "Kessler", "NORD", "case_manager"),
    ("cm.nord2", "Jonas", "Albers", "NORD", "case_manager"),
    ("cm.nord3", "Selin", "Aktaş", "NORD", "case_manager"),
    ("cm.nord4", "Paul", "Wendt", "NORD", "case_manager"),
    ("leitung.nord", "Birgit", "Lorenz", "NORD", "team_lead"),
    ("cm.sued", "Tobias", "Brandt", "SUED", "case_manager"),
    ("cm.sued2", "Nadia", "Rahmani", "SUED", "case_manager"),
    ("cm.sued3", "Katharina", "Vogt", "SUED", "case_manager"),
    ("cm.sued4", "Elias", "Morawski", "SUED", "case_manager"),
    ("leitung.sued", "Frank", "Heinemann", "SUED", "team_lead"),
    ("koordination", "Claudia", "Engel", "KI", "coordination"),
    ("datenschutz", "Ulrike", "Sommer", "KI", "data_protection"),
    ("admin", "Holger", "Brandes", "KI", "administration"),
    ("abh", "Markus", "Petersen", "ABH", "authority"),
    ("abh2", "Leyla", "Güler", "ABH", "authority"),
]
# Staff working in several units: username, first name, last name, [(unit code, role code)].
# The lead over both teams reviews duplicate pairs whose records sit in NORD and
# SUED (such as the two Tesfai records), which neither team's own lead may see.
DEMO_STAFF_SEVERAL_UNITS = [
    ("leitung.kreis", "Hanna", "Musterfrau", [("NORD", "team_lead"), ("SUED", "team_lead")]),
]


def demo_structure() -> Structure:
    """Kreis Musterland with its fixed cast; safe to call again."""
    tenant, _ = Tenant.objects.get_or_create(
        slug="musterland", defaults={"name": "Kreis Musterland", "kind": Tenant.Kind.KREIS}
    )
    places = []
    towns = {}
    for town_name, districts in DEMO_TOWNS:
        postcodes = ", ".join(sorted({code for _, code in districts}))
        town, _ = Town.objects.get_or_create(
            tenant=tenant, name=town_name, defaults={"postcodes": postcodes}
        )
        towns[town_name] = town
        for district_name, code in districts:
            district, _ = District.objects.get_or_create(
                tenant=tenant, town=town, name=district_name
            )
            places.append(Place(town, district, code))
    fields = {f.code: f for f in seed_fields_of_action(tenant)}
    tenant_seed(tenant)

    def organisation(name, kind):
        return Organisation.objects.get_or_create(
            tenant=tenant, name=name, defaults={"kind": kind}
        )[0]

    # Further partners that support plans and consents name.
    partners = {
        key: organisation(name, kind) for key, (name, kind) in DEMO_PARTNER_ORGANISATIONS.items()
    }

    def unit(org, name, code, town):
        return Unit.objects.get_or_create(
            tenant=tenant, code=code, defaults={"organisation": org, "name": name, "town": town}
        )[0]

    kind = Organisation.Kind
    units = {
        "KI": unit(
            organisation(
                "Kommunales Integrationszentrum Kreis Musterland", kind.INTEGRATION_CENTRE
            ),
            "KI – KIM-Koordination",
            "KI",
            towns["Musterstadt"],
        ),
        "NORD": unit(
            organisation("AWO Musterland", kind.WELFARE_PROVIDER),
            "Case Management Nord",
            "NORD",
            towns["Nordheim"],
        ),
        "SUED": unit(
            organisation("Caritas Musterland", kind.WELFARE_PROVIDER),
            "Case Management Süd",
            "SUED",
            towns["Südhausen"],
        ),
        "ABH": unit(
            organisation(
                "Ausländer- und Einbürgerungsbehörde Kreis Musterland", kind.FOREIGNERS_AUTHORITY
            ),
            "Ausländer- und Einbürgerungsbehörde",
            "ABH",
            towns["Musterstadt"],
        ),
        "JC": unit(
            organisation("Jobcenter Kreis Musterland", kind.JOBCENTER),
            "Jobcenter – Team Integration",
            "JC",
            towns["Musterstadt"],
        ),
        "JUG": unit(
            organisation("Jugendamt Kreis Musterland", kind.YOUTH_OFFICE),
            "Jugendamt – Allgemeiner Sozialer Dienst",
            "JUG",
            towns["Musterstadt"],
        ),
        "SOZ": unit(
            organisation("Sozialamt Kreis Musterland", kind.SOCIAL_OFFICE),
            "Sozialamt – Leistungen nach AsylbLG",
            "SOZ",
            towns["Talstadt"],
        ),
    }
    staff = StaffBuilder(tenant)
    for username, first, last, code, role in DEMO_STAFF:
        staff.add(username, first, last, [(units[code], role)])
    for username, first, last, memberships in DEMO_STAFF_SEVERAL_UNITS:
        staff.add(username, first, last, [(units[code], role) for code, role in memberships])
    users = staff.users

    def team(code, weight):
        area = DEMO_TEAM_AREAS[code]
        served = [
            p
            for p in places
            if p.town.name in area
            and (area[p.town.name] is None or p.district.name in area[p.town.name])
        ]
        members = [u for name, u in users.items() if name.startswith(f"cm.{code.lower()}")]
        return Team(units[code], members, users[f"leitung.{code.lower()}"], served, weight)

    unit_organisations = {
        key: units[code].organisation
        for key, code in [("ki", "KI"), ("awo", "NORD"), ("caritas", "SUED"), ("abh", "ABH"),
                          ("jc", "JC"), ("jug", "JUG"), ("soz", "SOZ")]
    }  # fmt: skip
    return Structure(
        tenant=tenant,
        fields=fields,
        teams=[team("NORD", 1.0), team("SUED", 1.0)],
        authority_unit=units["ABH"],
        authority_staff=[users["abh"], users["abh2"]],
        places=places,
        users=users,
        organisations=unit_organisations | partners,
    )


# --- further tenants of the statewide set ------------------------------------------


def generated_structure(
    *, name: str, slug: str, kind: str, persons: int, rng: random.Random, password_hash: str
) -> Structure:
    """A new tenant sized for `persons` persons. The tenant must not exist yet."""
    tenant = Tenant.objects.create(name=name, slug=slug, kind=kind)
    short = name.split(" ", 1)[1]  # "Musterland 17"
    places = _generated_places(tenant, kind, short, rng)
    fields = {f.code: f for f in seed_fields_of_action(tenant)}
    tenant_seed(tenant)
    okind = Organisation.Kind
    org = {
        "ki": (f"Kommunales Integrationszentrum {short}", okind.INTEGRATION_CENTRE),
        "abh": (f"Ausländer- und Einbürgerungsbehörde {short}", okind.FOREIGNERS_AUTHORITY),
        "verwaltung": (
            f"{'Kreisverwaltung' if kind == Tenant.Kind.KREIS else 'Stadtverwaltung'} {short}",
            okind.MUNICIPAL_OFFICE,
        ),
        "jc": (f"Jobcenter {short}", okind.JOBCENTER),
        "jug": (f"Jugendamt {short}", okind.YOUTH_OFFICE),
        "soz": (f"Sozialamt {short}", okind.SOCIAL_OFFICE),
    }
    providers = rng.sample(WELFARE_PROVIDERS, rng.randint(2, 4))
    for code, label in providers:
        org[code] = (f"{label} {short}", okind.WELFARE_PROVIDER)
    orgs = {
        key: Organisation.objects.create(tenant=tenant, name=label, kind=okind_)
        for key, (label, okind_) in org.items()
    }
    seat = places[0].town
    ki = Unit.objects.create(
        tenant=tenant, organisation=orgs["ki"], name="KI – KIM-Koordination", code="KI", town=seat
    )
    abh = Unit.objects.create(
        tenant=tenant,
        organisation=orgs["abh"],
        name="Ausländer- und Einbürgerungsbehörde",
        code="ABH",
        town=seat,
    )
    Unit.objects.create(
        tenant=tenant,
        organisation=orgs["jc"],
        name="Jobcenter – Team Integration",
        code="JC",
        town=seat,
    )

    n_teams = max(2, min(14, round(persons / 1200)))
    team_places: list[list[Place]] = [[] for _ in range(n_teams)]
    for i, place in enumerate(places):
        team_places[i % n_teams].append(place)
    for i in range(len(places), n_teams):  # more teams than places: share
        team_places[i].append(places[i % len(places)])
    weights = [rng.uniform(0.6, 1.6) for _ in range(n_teams)]
    total_weight = sum(weights)

    names = _staff_names(rng)
    staff_rows: list[tuple[str, str, str, Unit, str]] = []
    team_units = []
    for i in range(n_teams):
        provider_code, provider_label = providers[i % len(providers)]
        area = team_places[i][0]
        area_name = area.town.name if kind == Tenant.Kind.KREIS else area.district.name
        unit = Unit.objects.create(
            tenant=tenant,
            organisation=orgs[provider_code],
            name=f"{provider_label} – Case Management {area_name} {i + 1}",
            code=f"{provider_code}{i + 1}",
            town=area.town,
        )
        team_units.append(unit)
        expected = persons * weights[i] / total_weight
        prefix = f"{slug}.{unit.code.lower()}"
        staff_rows.append((f"{prefix}.leitung", *next(names), unit, "team_lead"))
        # About 150 persons per case manager, which leaves some 50 open cases each.
        for n in range(1, max(3, min(20, math.ceil(expected / 150))) + 1):
            staff_rows.append((f"{prefix}.cm{n}", *next(names), unit, "case_manager"))
    staff_rows += [
        (f"{slug}.koordination", *next(names), ki, "coordination"),
        (f"{slug}.datenschutz", *next(names), ki, "data_protection"),
        (f"{slug}.admin", *next(names), ki, "administration"),
        (f"{slug}.abh1", *next(names), abh, "authority"),
        (f"{slug}.abh2", *next(names), abh, "authority"),
    ]
    staff = StaffBuilder(tenant, password_hash=password_hash)
    staff.add_many(staff_rows)
    users = staff.users
    teams = []
    for i, unit in enumerate(team_units):
        prefix = f"{slug}.{unit.code.lower()}"
        members = [u for name, u in users.items() if name.startswith(f"{prefix}.cm")]
        teams.append(Team(unit, members, users[f"{prefix}.leitung"], team_places[i], weights[i]))
    return Structure(
        tenant=tenant,
        fields=fields,
        teams=teams,
        authority_unit=abh,
        authority_staff=[users[f"{slug}.abh1"], users[f"{slug}.abh2"]],
        places=places,
        users=users,
        organisations=orgs,
    )


def _generated_places(tenant: Tenant, kind: str, short: str, rng: random.Random) -> list[Place]:
    base = 32000 + (sum(map(ord, tenant.slug)) * 97) % 27000
    if kind == Tenant.Kind.KREIS:
        names = rng.sample(
            [p + s for p in TOWN_PREFIXES for s in TOWN_SUFFIXES], rng.randint(5, 10)
        )
        layout = [(town, rng.sample(DISTRICTS, rng.randint(2, 4))) for town in names]
    else:
        layout = [
            (f"Musterburg {short.rsplit(' ', 1)[-1]}", rng.sample(DISTRICTS, rng.randint(6, 12)))
        ]
    districts = []
    places = []
    towns = []
    for t, (town_name, district_names) in enumerate(layout):
        codes = [f"{base + t * 20 + d:05d}" for d in range(len(district_names))]
        town = Town(tenant=tenant, name=town_name, postcodes=", ".join(codes))
        towns.append(town)
        districts.append((town, list(zip(district_names, codes, strict=True))))
    Town.objects.bulk_create(towns)
    towns = {t.name: t for t in Town.objects.filter(tenant=tenant)}
    rows = []
    for town, named in districts:
        for district_name, code in named:
            rows.append((District(tenant=tenant, town=towns[town.name], name=district_name), code))
    District.objects.bulk_create([d for d, _ in rows])
    by_key = {(d.town_id, d.name): d for d in District.objects.filter(tenant=tenant)}
    for district, code in rows:
        saved = by_key[(district.town.pk, district.name)]
        places.append(Place(towns[district.town.name], saved, code))
    return places


def _staff_names(rng: random.Random):
    while True:
        yield rng.choice(STAFF_GIVEN), rng.choice(STAFF_FAMILY)
