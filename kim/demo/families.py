"""Households of the demo data set: a partner and children drawn to fit a person.

Household members share the address and origin; children are born when the
parent was an adult, and those born after the family's arrival were born in
Germany (no arrival date). Only the demo profile draws households.
"""

from datetime import date, timedelta

from kim.demo.process import pick
from kim.demo.structure import Place
from kim.demo.vocabulary import REGIONS

CHILDREN = [(0, 20), (1, 25), (2, 30), (3, 17), (4, 8)]
# Regions where a couple and their children usually share one family name.
SHARED_NAMES = ("UA", "RO", "BG", "TR", "DE")
FAMILY_REUNION = ("SY", "AF", "IQ", "ER")
PARTNER_CASE_SHARE = 0.3


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _family_name(head, sex: str) -> str:
    name = head.fields["family_name"]
    if head.region == "BG" and name.endswith(("ova", "eva")) and sex != "f":
        return name[:-1]  # Ivanova -> Ivanov; person() adds the "a" for women
    return name


def kin_person(planner, head, role: str, **fields):
    """A household member of `head` with the given fields, registered by the same unit."""
    f = head.fields
    place = Place(f["town"], f["district"], f["postcode"])
    fields.setdefault("street", f["street"])
    fields.setdefault("nationalities", list(f["nationalities"][:1]))
    plan = planner.person(head.unit, head.author, place, region_code=head.region, **fields)
    plan.aliases, plan.role, plan.head = [], role, head
    head.kin.append(plan)
    return plan


def _settle_language(planner, plan, *, child_age: int | None = None) -> None:
    """German level and interpreter need from the member's own arrival and age."""
    f = plan.fields
    rng = planner.rng
    main = REGIONS[plan.region].languages[0][0]
    if child_age is not None:
        if child_age < 3:
            level = ""
        elif f["arrival_date"] is None or (planner.today - f["arrival_date"]).days > 3 * 365:
            level = pick(rng, [("B1", 30), ("B2", 40), ("C1", 30)])
        else:
            level = pick(rng, [("A1", 40), ("A2", 60)])
        f.update(
            german_level=level,
            languages=[main] if child_age < 3 or main == "de" else [main, "de"],
            interpreter_needed=False,
            interpreter_language="",
            phone="",
            email="",
        )
        return
    if f["arrival_date"] is None:
        return
    level = planner._german_level(REGIONS[plan.region], f["arrival_date"])
    needs = main != "de" and level in ("", "0", "A1", "A2")
    f.update(
        german_level=level, interpreter_needed=needs, interpreter_language=main if needs else ""
    )


def draw_family(planner, team, head, *, room: int) -> list:
    """A partner and/or children for `head` (at most `room` persons); some partners
    get a case of their own with the same team."""
    rng, today = planner.rng, planner.today
    f = head.fields
    age = age_on(f["birth_date"], today)
    if age < 21 or room <= 0 or f["sex"] not in ("f", "m"):
        return []
    region = REGIONS[head.region]
    single = f["sex"] == "f" and rng.random() < (0.5 if head.region == "DE" else 0.2)
    children = pick(rng, CHILDREN)
    if single:
        children = max(1, children)
    taken = {f["given_names"]}
    partner = None
    if not single:
        sex = "m" if f["sex"] == "f" else "f"
        names = [n for n in (region.female if sex == "f" else region.male) if n not in taken]
        partner_age = max(19, age + rng.randint(-6, 6))
        arrival = f["arrival_date"]
        if arrival and head.region in FAMILY_REUNION and rng.random() < 0.4:
            arrival = min(
                arrival + timedelta(days=rng.randint(180, 900)), today - timedelta(days=14)
            )
        partner = kin_person(
            planner,
            head,
            "partner",
            sex=sex,
            given_names=rng.choice(names),
            family_name=_family_name(head, sex) if head.region in SHARED_NAMES else None,
            birth_date=date(today.year - partner_age - 1, rng.randint(1, 12), rng.randint(1, 28)),
            birth_date_precision="day",
            arrival_date=arrival,
        )
        taken.add(partner.fields["given_names"])
        _settle_language(planner, partner)
    # Children carry the father's family name where names are not shared.
    father = head if f["sex"] == "m" or partner is None else partner
    for _ in range(min(children, room - len(head.kin))):
        child_age = rng.randint(0, min(17, age - 19))
        birth = today - timedelta(days=child_age * 365 + rng.randint(30, 330))
        sex = rng.choice(["f", "m"])
        names = [n for n in (region.female if sex == "f" else region.male) if n not in taken]
        # Born abroad if born before the last parent arrived; then arrived with them.
        arrivals = [p.fields["arrival_date"] for p in (head, partner) if p is not None]
        arrived = max((a for a in arrivals if a), default=None)
        born_here = arrived is None or birth >= arrived
        child = kin_person(
            planner,
            head,
            "child",
            sex=sex,
            given_names=rng.choice(names),
            family_name=_family_name(father, sex),
            birth_date=birth,
            birth_date_precision="day",
            arrival_date=None if born_here else arrived,
        )
        taken.add(child.fields["given_names"])
        _settle_language(planner, child, child_age=child_age)
    if partner is not None and rng.random() < PARTNER_CASE_SHARE:
        partner.cases = planner.cases(team, partner, 1)
    return list(head.kin)
