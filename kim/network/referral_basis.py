"""The legal basis of a referral: does a consent cover it, and if not, why not.

A referral that shares personal data needs a consent of the person that is
valid on the sending day, names the recipient organisation (or its kind of
office), covers every shared data category and the purpose category – or a
legal mandate of the recipient that the user states. `consent_problems` says
in German what keeps one consent from covering a referral; the form lists it
beside each consent, the send service refuses with it.

What the partner sees of each data category is fixed here as well, so the
form can say it and the partner page can show exactly that.
"""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.models import Organisation
from kim.people.models import Consent

DataCategory = Consent.DataCategory

# Documents are never passed on with a referral (the partner page has no files).
SHAREABLE_CATEGORIES: tuple[str, ...] = tuple(
    code for code in DataCategory.values if code != DataCategory.DOCUMENTS
)

# What the partner page shows for each category. Stammdaten are the person's name,
# birth date, phone and languages; the other categories add nothing by themselves:
# they allow the message to the partner to speak of them.
PARTNER_SEES = {
    DataCategory.BASE_DATA: gettext_lazy(
        "Name, Geburtsdatum, Telefon, Sprachen und ob Sprachmittlung nötig ist"
    ),
    DataCategory.RESIDENCE: gettext_lazy("der aktuelle Aufenthaltsstatus (Art und gültig bis)"),
}
MESSAGE_ONLY = gettext_lazy("nur was Sie dazu in der Nachricht schreiben")


def partner_sees(code: str) -> str:
    return str(PARTNER_SEES.get(code, MESSAGE_ONLY))


def _date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def names_recipient(consent: Consent, organisation: Organisation) -> bool:
    """The consent names the organisation, or its kind of office (uses prefetched recipients)."""
    named = any(o.pk == organisation.pk for o in consent.recipient_organisations.all())
    return named or organisation.kind in consent.recipient_kinds


def consent_problems(
    consent: Consent,
    *,
    person_id: int,
    organisation: Organisation,
    data_categories: list[str],
    purpose_category: str,
    on: date,
) -> list[str]:
    """Why this consent does not cover the referral, one German sentence per gap;
    empty when it covers it. Expects `recipient_organisations` prefetched."""
    problems = []
    if consent.person_id != person_id:
        return [_("Die Einwilligung gehört nicht zu dieser Person.")]
    state = consent.state(on)
    if state == "withdrawn":
        problems.append(_("widerrufen am %(date)s") % {"date": _date(consent.withdrawn_on)})
    elif state == "expired":
        problems.append(_("abgelaufen am %(date)s") % {"date": _date(consent.valid_until)})
    elif state == "pending":
        problems.append(_("gilt erst ab %(date)s") % {"date": _date(consent.given_on)})
    if not names_recipient(consent, organisation):
        problems.append(_("nennt „%(name)s“ nicht als Empfänger") % {"name": organisation.name})
    if purpose_category and consent.purpose_category != purpose_category:
        labels = dict(Consent.PurposeCategory.choices)
        problems.append(
            _("gilt für den Zweck „%(has)s“, nicht für „%(wanted)s“")
            % {
                "has": labels.get(consent.purpose_category, consent.purpose_category),
                "wanted": labels.get(purpose_category, purpose_category),
            }
        )
    missing = [code for code in data_categories if code not in consent.data_categories]
    if missing:
        labels = dict(DataCategory.choices)
        problems.append(
            _("umfasst diese Daten nicht: %(missing)s")
            % {"missing": ", ".join(str(labels.get(code, code)) for code in missing)}
        )
    return problems


def legal_basis_errors(
    *,
    person_id: int,
    organisation: Organisation,
    data_categories: list[str],
    purpose_category: str,
    consent: Consent | None,
    legal_mandate: str,
    on: date,
) -> dict[str, str]:
    """What keeps a referral from being sent on the day, by form field; empty if nothing.

    No shared data: nothing to check. A stated mandate stands on its own (a
    consent chosen as well must still cover the referral). Otherwise the chosen
    consent must cover it.
    """
    if not data_categories:
        return {}
    if consent is not None:
        problems = consent_problems(
            consent,
            person_id=person_id,
            organisation=organisation,
            data_categories=data_categories,
            purpose_category=purpose_category,
            on=on,
        )
        if problems:
            return {
                "consent": _("Die gewählte Einwilligung deckt diese Vermittlung nicht: %(why)s.")
                % {"why": "; ".join(problems)}
            }
        return {}
    if legal_mandate.strip():
        return {}
    return {
        "consent": _(
            "Ohne passende Einwilligung kann die Vermittlung mit Daten nicht gesendet werden. "
            "Wählen Sie eine Einwilligung, die die Stelle, alle geteilten Daten und den Zweck "
            "abdeckt, nennen Sie den gesetzlichen Auftrag der Stelle, oder teilen Sie keine Daten."
        )
    }
