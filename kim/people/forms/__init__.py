from kim.people.forms.person import PERSON_FIELDS, EditForm, PersonForm, RegisterForm

__all__ = ["PERSON_FIELDS", "EditForm", "PersonForm", "RegisterForm"]
