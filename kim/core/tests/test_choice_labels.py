"""`get_<field>_display()` on tenant models: the cached value → label map still
translates into the language active when the label is shown."""

from django.utils import translation

from kim.cases.models import Case, Contact


def test_label_follows_the_active_language():
    contact = Contact(language="ar", mode=Contact.Mode.PHONE)
    with translation.override("de"):
        assert contact.get_language_display() == "Arabisch"
        assert contact.get_mode_display() == str(Contact.Mode.PHONE.label)
    with translation.override("en"):
        assert contact.get_language_display() == "Arabic"
    with translation.override("de"):
        assert contact.get_language_display() == "Arabisch"


def test_unknown_or_empty_value_is_shown_as_stored():
    assert Contact(language="xx").get_language_display() == "xx"
    assert Contact(language="").get_language_display() == ""


def test_each_field_has_its_own_labels():
    case = Case(phase=Case.Phase.PAUSED, paused_from=Case.Phase.ASSESSMENT)
    with translation.override("de"):
        assert case.get_phase_display() == str(Case.Phase.PAUSED.label)
        assert case.get_paused_from_display() == str(Case.Phase.ASSESSMENT.label)
