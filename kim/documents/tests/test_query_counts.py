"""The documents sections cost the same number of queries for one document as for many."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.core.actor import get_actor
from kim.documents.sections import case_documents_section, person_documents_section
from kim.documents.services import document_upload
from kim.documents.tests.conftest import upload
from kim.testing.factories import open_case, register_person


def add_documents(world, person, case, n):
    for i in range(n):
        for target in ({"person": person}, {"case": case}):
            user = world.cm if i % 2 else world.lead  # different uploaders
            document_upload(
                actor=get_actor(user),
                kind="letter",
                description=f"Schreiben {i}",
                upload=upload(),
                **target,
            )


def count(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def test_the_sections_and_pages_do_not_grow_with_the_number_of_documents(client, world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, person, world.unit_a)
    second_case = open_case(world.cm, person, world.unit_a)
    client.force_login(world.cm)
    add_documents(world, person, case, 1)

    def measure():
        # A fresh actor and fresh objects each time, as in a request.
        from kim.cases.models import Case
        from kim.people.models import Person

        actor = get_actor(type(world.cm).objects.get(pk=world.cm.pk))
        fresh_person = Person.objects.get(pk=person.pk)
        fresh_case = Case.objects.select_related("person").get(pk=case.pk)
        return (
            count(lambda: person_documents_section(actor, fresh_person)),
            count(lambda: case_documents_section(actor, fresh_case)),
            count(lambda: client.get(reverse("people:detail", args=[person.pk]))),
            count(lambda: client.get(reverse("cases:detail", args=[case.pk]))),
        )

    few = measure()
    add_documents(world, person, case, 8)
    add_documents(world, person, second_case, 3)
    many = measure()
    assert many == few
    assert few[0] <= 3 and few[1] <= 2  # holding units (person page), rows, audit event
