"""Demo for Baustein 3: clients of cm.nord in every pre-check situation – eligible for
naturalisation now, eligible in three months, blocked by the language level, blocked
by benefits, unknown because facts are missing – and a tolerated young person for
§ 25a. Synthetic names; dates relative to the day the demo is loaded."""

from datetime import date, timedelta

from kim.cases.services import case_open
from kim.core.actor import get_actor
from kim.people.models import Person
from kim.people.services import legal_domain_start, person_register, residence_status_record
from kim.residence.eligibility import add_years
from kim.residence.person_check import facts_save

ALL_SET = {
    "naturalisation_test_passed": True,
    "commitment": True,
    "receives_benefits": False,
}

# (family name, given names, birth date, German level, residence since (years, days
#  ago), status kind, legal basis, SGB II, facts entered for the check)
CLIENTS = [
    ("Okonkwo", "Adaeze", date(1988, 4, 12), "B1", (5, 40), "ae", "§ 25 Abs. 2 AufenthG", False, ALL_SET),
    ("Haidari", "Sami", date(1992, 9, 3), "B2", (5, -90), "ae", "§ 18b AufenthG", False, ALL_SET),
    ("Petrova", "Mila", date(1985, 1, 20), "A2", (7, 0), "ae", "§ 28 AufenthG", False, ALL_SET),
    ("Mensah", "Kofi", date(1979, 11, 2), "B1", (6, 0), "ae", "§ 25 Abs. 2 AufenthG", True,
     {"naturalisation_test_passed": True, "commitment": True, "former_guest_worker": False,
      "full_time_months_last_24": 8, "spouse_of_exempt_with_child": False}),
    ("Rahimi", "Laleh", date(1995, 6, 30), "", (5, 100), "ae", "§ 25 Abs. 1 AufenthG", False, {}),
    ("Yousef", "Karim", date(2003, 2, 14), "B1", (4, 0), "duldung", "§ 60a AufenthG", False,
     {"school_years_successful": 4, "integration_prognosis_positive": True,
      "identity_deception": False}),
]  # fmt: skip


def add_residence(structure, *, today: date) -> bool:
    """Once per demo: skipped when the clients exist (e.g. an older demo gets them)."""
    user = structure.users.get("cm.nord")
    if (
        user is None
        or Person.objects.filter(
            tenant=structure.tenant, family_name="Okonkwo", given_names="Adaeze"
        ).exists()
    ):
        return False
    actor = get_actor(user)
    unit = next(m.unit for m in user.memberships.select_related("unit") if m.unit.code == "NORD")
    for family, given, born, level, (years, days), kind, basis, sgb2, facts in CLIENTS:
        person = person_register(
            actor=actor,
            unit=unit,
            family_name=family,
            given_names=given,
            birth_date=born,
            german_level=level,
        )
        since = add_years(today, -years) - timedelta(days=days)
        residence_status_record(
            actor=actor, person=person, kind=kind, valid_from=since, legal_basis=basis
        )
        if sgb2:
            legal_domain_start(
                actor=actor, person=person, domain="sgb2", valid_from=today - timedelta(days=400)
            )
        case_open(
            actor=actor,
            person=person,
            unit=unit,
            reason="Beratung zu Aufenthalt und Einbürgerung",
            opened_on=today,
        )
        if facts:
            facts_save(actor=actor, person=person, version=0, facts=facts, on=today)
    return True
