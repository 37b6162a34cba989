from kim.people.forms.consent import ConsentEditForm, ConsentForm, ConsentWithdrawForm
from kim.people.forms.household import (
    MemberAddForm,
    MemberLeaveForm,
    RelationAddForm,
    RelationEditForm,
    RelationRemoveForm,
)
from kim.people.forms.legal import (
    LegalDomainCorrectForm,
    LegalDomainEndForm,
    LegalDomainForm,
    LegalDomainTransitionForm,
    ResidenceCorrectForm,
    ResidenceForm,
)
from kim.people.forms.person import PERSON_FIELDS, EditForm, PersonForm, RegisterForm

__all__ = [
    "PERSON_FIELDS",
    "ConsentEditForm",
    "ConsentForm",
    "ConsentWithdrawForm",
    "EditForm",
    "LegalDomainCorrectForm",
    "LegalDomainEndForm",
    "LegalDomainForm",
    "LegalDomainTransitionForm",
    "MemberAddForm",
    "MemberLeaveForm",
    "PersonForm",
    "RegisterForm",
    "RelationAddForm",
    "RelationEditForm",
    "RelationRemoveForm",
    "ResidenceCorrectForm",
    "ResidenceForm",
]
