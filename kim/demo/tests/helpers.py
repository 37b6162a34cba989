"""Checks shared by the demo tests."""

from collections import Counter

from django.db.models import Count, Exists, Max, OuterRef

from kim.cases.models import Case, Contact
from kim.core.models import Tenant
from kim.demo.bulk import person_names, search_entries
from kim.people.models import Person, PersonNameKey, PersonUnit


def names_of(person: Person) -> list[str]:
    aliases = list(person.aliases.values("family_name", "given_names"))
    fields = {"family_name": person.family_name, "given_names": person.given_names}
    return person_names(fields, aliases)


def assert_rows_like_the_services(tenant: Tenant) -> None:
    persons = Person.objects.filter(tenant=tenant).prefetch_related("aliases")
    keys = Counter()
    for token, code, person_id in PersonNameKey.objects.filter(tenant=tenant).values_list(
        "token", "phonetic", "person_id"
    ):
        keys[(person_id, token, code)] += 1
    for person in persons:
        search_name, expected = search_entries(names_of(person))
        assert person.search_name == search_name
        stored = sorted((t, c) for (pid, t, c) in keys if pid == person.pk)
        assert stored == sorted(expected), person.full_name
        assert PersonUnit.objects.filter(person=person, unit_id=person.owner_unit_id).exists()
    held = PersonUnit.objects.filter(person_id=OuterRef("person_id"), unit_id=OuterRef("unit_id"))
    cases = Case.objects.filter(tenant=tenant)
    assert not cases.filter(~Exists(held)).exists()
    latest = dict(
        Contact.objects.filter(tenant=tenant).values_list("case_id").annotate(d=Max("date"))
    )
    for case in cases:
        assert case.last_contact_on == latest.get(case.pk)
        unit_code, year, sequence = case.number.rsplit("-", 2)
        assert (unit_code, int(year)) == (case.unit.code, case.opened_on.year)
        assert len(sequence) == 4
    assert not cases.values("number").annotate(n=Count("id")).filter(n__gt=1).exists()
