"""The anonymiser of case reconstructions: names (also spelled differently), addresses,
phone numbers, e-mail addresses, other long numbers, exact dates and the tenant's
places never survive it – checked with generated data."""

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kim.people.names import fold
from kim.steering.anonymise import Secrets, anonymise, relative

START = date(2026, 1, 5)
PLACEHOLDER_WORDS = {
    "name",
    "ort",
    "im",
    "kreis",
    "adresse",
    "telefon",
    "e",
    "mail",
    "nummer",
    "datum",
}

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=3, max_size=12).map(
    str.capitalize
)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
phones = st.builds(
    lambda a, b, sep: f"0{a}{sep}{b}",
    st.integers(100, 9999),
    st.integers(10000, 9999999),
    st.sampled_from([" ", "/", "-", ""]),
)
emails = st.builds(
    lambda user, host: f"{user}@{host}.example",
    st.text(alphabet="abcdefghijklmnop.", min_size=1, max_size=10).filter(
        lambda u: not u.startswith(".") and not u.endswith(".")
    ),
    st.text(alphabet="abcdefghij", min_size=2, max_size=8),
)
streets = st.builds(
    lambda name, suffix, number: f"{name}{suffix} {number}",
    names,
    st.sampled_from(["straße", "str.", "weg", "platz", "allee", "gasse", "ring"]),
    st.integers(1, 250),
)
date_formats = st.sampled_from(
    [
        lambda d: f"{d:%d.%m.%Y}",
        lambda d: f"{d.day}.{d.month}.{d:%y}",
        lambda d: d.isoformat(),
        lambda d: (
            f"{d.day}. {['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'][d.month - 1]} {d.year}"
        ),
    ]
)


def words_of(text: str) -> set[str]:
    return set(fold(text).split())


@settings(max_examples=300, deadline=None)
@given(
    given_name=names,
    family_name=names,
    member=names,
    town=names,
    day=days,
    fmt=date_formats,
    phone=phones,
    email=emails,
    street=streets,
)
def test_nothing_identifying_survives(
    given_name, family_name, member, town, day, fmt, phone, email, street
):
    for value in (given_name, family_name, member, town):
        assume(fold(value) not in PLACEHOLDER_WORDS)
    written = fmt(day)
    text = (
        f"Frau {given_name} {family_name.upper()} kam am {written} mit ihrem Sohn {member} "
        f"in die Beratung. Sie wohnt in {town}, {street}, Telefon {phone}, {email}. "
        f"Aktenzeichen 4711-2026-99. {family_name}s Bescheid kam nicht."
    )
    secrets = Secrets(start=START, names=[f"{given_name} {family_name}", member], places=[town])
    result = anonymise(text, secrets)
    folded_words = words_of(result)
    for secret in (given_name, family_name, member, town):
        assert fold(secret) not in folded_words, (secret, result)
    for secret in (written, phone, email, street, "4711"):
        assert secret not in result, (secret, result)
    assert "Beratung" in result  # the account stays readable


@given(day=days)
def test_dates_become_times_in_the_case(day):
    phrase = relative(day, START)
    assert str(day.year) not in phrase
    if day < START:
        assert phrase == "vor Beginn der Beratung"


def test_a_worked_example():
    secrets = Secrets(
        start=date(2026, 1, 5),
        names=["Lina Haddad", "Amal Haddad", "Al-Hassan"],
        places=["Testhausen", "Bad Nordheim", "Südviertel"],
    )
    text = (
        "Lina Haddad (geb. 03.11.1988) meldete sich am 12.03.2026. Ihre Tochter Amal "
        "besucht die Grundschule in Bad Nordheim. Herr Al-Hassan, Nachbar aus dem "
        "Südviertel, begleitete sie; erreichbar unter 0151 2345678 oder "
        "lina.haddad@mail.example, Hauptstraße 12a, 12345 Testhausen. Im Mai 2026 "
        "kam der Bescheid, am 3.6. der Termin beim Jobcenter."
    )
    assert anonymise(text, secrets) == (
        "[Name] [Name] (geb. vor Beginn der Beratung) meldete sich im 3. Monat. Ihre Tochter "
        "[Name] besucht die Grundschule in [Ort im Kreis]. Herr [Name], Nachbar aus dem "
        "[Ort im Kreis], begleitete sie; erreichbar unter [Telefon] oder [E-Mail], [Adresse], "
        "[Nummer] [Ort im Kreis]. im 4. Monat kam der Bescheid, am [Datum] der Termin "
        "beim Jobcenter."
    )


def test_spelling_variants_of_a_name_go_too():
    secrets = Secrets(start=START, names=["Jürgen Müller", "Олена Шевченко"])
    result = anonymise("Mueller, Juergen und Olena Schewtschenko; MÜLLER.", secrets)
    assert result == "[Name], [Name] und [Name] [Name]; [Name]."


def test_a_date_later_than_start_is_counted_in_months():
    assert relative(START + timedelta(days=3), START) == "in den ersten zwei Wochen"
    assert relative(START + timedelta(days=40), START) == "im 2. Monat"
