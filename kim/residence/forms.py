"""The facts of a pre-check as a form: every fact may stay "unknown"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.residence import eligibility

YES_NO_UNKNOWN = [("", _("unbekannt")), ("true", _("ja")), ("false", _("nein"))]

# The form in groups, as a counsellor asks.
GROUPS = [
    (
        _("Person und Aufenthalt"),
        ["birth_date", "residence_since", "status", "tolerated_since"],
    ),
    (
        _("Sprache, Test und Bekenntnis"),
        [
            "german_level",
            "naturalisation_test_passed",
            "integration_course_completed",
            "special_integration",
            "commitment",
            "civic_knowledge",
            "former_citizenship_given_up_or_exempt",
        ],
    ),
    (
        _("Lebensunterhalt"),
        [
            "receives_benefits",
            "former_guest_worker",
            "full_time_months_last_24",
            "spouse_of_exempt_with_child",
            "benefits_not_own_fault",
            "livelihood_mostly_by_work",
            "livelihood_prognosis_positive",
        ],
    ),
    (
        _("Familie und Schule"),
        [
            "minor_child_in_household",
            "school_age_children",
            "children_attend_school",
            "school_years_successful",
            "recognised_qualification",
        ],
    ),
    (_("Weitere Angaben"), ["integration_prognosis_positive", "identity_deception"]),
]


def _field(kind: str, label: str):
    if kind == "date":
        return forms.DateField(label=label, required=False, widget=DateInput)
    if kind == "bool":
        return forms.TypedChoiceField(
            label=label,
            required=False,
            choices=YES_NO_UNKNOWN,
            coerce=lambda value: value == "true",
            empty_value=None,
        )
    if kind == "int":
        return forms.IntegerField(label=label, required=False, min_value=0, max_value=99)
    if kind == "cefr":
        return forms.ChoiceField(
            label=label,
            required=False,
            choices=[("", _("unbekannt"))] + [(level, level) for level in eligibility.CEFR],
        )
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", _("unbekannt")), *eligibility.STATUSES.items()],
    )


class PrecheckForm(KernFormMixin, forms.Form):
    on = forms.DateField(label=_("Tag der Prüfung"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (kind, label) in eligibility.FACTS.items():
            self.fields[name] = _field(kind, label)

    def groups(self):
        return [(title, [self[name] for name in names]) for title, names in GROUPS]

    def facts(self) -> dict:
        """The facts entered (after is_valid); unknown ones left out."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in eligibility.FACTS and value not in (None, "")
        }

    def clean_on(self):
        on = self.cleaned_data["on"]
        try:
            eligibility.version_for("stag10", on)
            eligibility.version_for("aufenthg25a", on)
        except eligibility.NoRuleVersion as error:
            raise forms.ValidationError(str(error)) from error
        return on
