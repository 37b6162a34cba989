from hypothesis import given
from hypothesis import strategies as st

from kim.people.names import fold, index_keys, phonetic


def test_umlauts_fold_the_german_way():
    assert fold("Müller") == fold("Mueller") == "mueller"
    assert fold("Weiß") == "weiss"


def test_transliterations_of_one_name_share_a_phonetic_key():
    assert phonetic(fold("Mohammed")) == phonetic(fold("muhamad"))
    assert phonetic("alhassan") == phonetic("alhasan")
    assert phonetic(fold("Khaled")) == phonetic(fold("Chaled"))
    assert phonetic(fold("Dschamal")) == phonetic(fold("Jamal"))
    assert phonetic(fold("Yusuf")) == phonetic(fold("Jussuf"))


def test_cyrillic_is_transliterated_like_the_latin_spelling():
    assert {k for _, k in index_keys("Шевченко")} == {k for _, k in index_keys("Shevchenko")}


def test_romanian_and_turkish_diacritics_are_dropped():
    assert fold("Ștefănescu") == "stefanescu"
    assert fold("Şahin Yıldız") == "sahin yildiz"


def test_compound_names_are_also_indexed_joined():
    tokens = {token for token, _ in index_keys("Al-Hassan")}
    assert tokens == {"al", "hassan", "alhassan"}


@given(st.text(max_size=40))
def test_fold_always_returns_lowercase_ascii(text):
    folded = fold(text)
    assert folded == folded.lower()
    assert folded.isascii()
