from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import FieldOfAction, Organisation
from kim.planning.models import (
    Action,
    AssessmentItem,
    BarrierCategory,
    Goal,
    LegalDomain,
    Urgency,
)
from kim.planning.selectors import barrier_categories, fields_of_action

REQUIRED = forms.Field.default_error_messages["required"]


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


def _text(value: str) -> str:
    return (value or "").replace("\r\n", "\n").strip()


# --- assessment -----------------------------------------------------------------


class AssessmentForm(KernFormMixin, forms.Form):
    based_on = forms.IntegerField(
        label=_("Grundlage (Fassung)"), widget=forms.HiddenInput, min_value=0
    )
    assessed_on = forms.DateField(label=_("eingeschätzt am"), widget=DateInput)
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Was hat sich seit der letzten Einschätzung geändert, und warum?"),
    )

    def clean_assessed_on(self):
        return _not_in_future(
            self.cleaned_data["assessed_on"], _("Ein Assessment kann nicht in der Zukunft liegen.")
        )

    def clean_note(self):
        return _text(self.cleaned_data["note"])


class AssessmentItemForm(KernFormMixin, forms.Form):
    """One field of action within the assessment form (prefix: feld-<id>)."""

    situation = forms.CharField(
        label=_("Situation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    needs = forms.CharField(
        label=_("Bedarfe"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resources = forms.CharField(
        label=_("Ressourcen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    urgency = forms.ChoiceField(
        label=_("Dringlichkeit"),
        required=False,
        choices=[("", _("– nicht eingeschätzt –")), *Urgency.choices],
    )

    def __init__(self, *args, field: FieldOfAction, **kwargs):
        super().__init__(*args, prefix=f"feld-{field.pk}", **kwargs)
        self.field_of_action = field
        self.summary_label = field.name

    def clean(self):
        data = super().clean()
        for name in ("situation", "needs", "resources"):
            data[name] = _text(data.get(name))
        filled = any(data.get(name) for name in ("situation", "needs", "resources"))
        if filled and not data.get("urgency"):
            self.add_error("urgency", _("Bitte die Dringlichkeit einschätzen."))
        return data

    @property
    def has_content(self) -> bool:
        source = self.data if self.is_bound else self.initial
        if self.is_bound:
            return any(source.get(self.add_prefix(name)) for name in AssessmentItem.ASPECTS)
        return any(source.get(name) for name in AssessmentItem.ASPECTS)

    def item_data(self) -> dict:
        return {"field": self.field_of_action} | {
            name: self.cleaned_data.get(name) or "" for name in AssessmentItem.ASPECTS
        }


# --- barriers -------------------------------------------------------------------


class BarrierForm(KernFormMixin, forms.Form):
    """Flag a barrier on its own page (from the case page)."""

    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.none(),
        empty_label=_("Bitte wählen"),
    )
    category = forms.ModelChoiceField(
        label=_("Art der Hürde"),
        queryset=BarrierCategory.objects.none(),
        empty_label=_("Bitte wählen"),
    )
    legal_domain = forms.ChoiceField(
        label=_("Betroffener Rechtskreis"),
        choices=[("", _("Bitte wählen")), *LegalDomain.choices],
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Was ist passiert? Ohne Namen: die Beschreibung dient der Strukturarbeit."),
    )
    flagged_on = forms.DateField(label=_("gemeldet am"), widget=DateInput)

    def __init__(self, *args, tenant_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = fields_of_action(tenant_id)
        self.fields["category"].queryset = barrier_categories(tenant_id)
        if "flagged_on" in self.fields and not self.is_bound:
            self.initial.setdefault("flagged_on", timezone.localdate())

    def clean_flagged_on(self):
        return _not_in_future(
            self.cleaned_data["flagged_on"], _("Eine Hürde kann nicht in der Zukunft liegen.")
        )

    def clean_description(self):
        return _text(self.cleaned_data["description"])

    def barrier_data(self) -> dict | None:
        """The keyword arguments of `barrier_flag` (without actor, case and source)."""
        return {name: self.cleaned_data[name] for name in self.fields}


class BarrierInlineForm(BarrierForm):
    """An optional barrier inside another form, e.g. a contact or an assessment.

    Use with the prefix "huerde" (the default) next to the main form; include
    the template "planning/_barrier_inline.html" with `barrier_form`. After
    both forms are valid, pass `barrier_data()` (None if not flagged) to
    `barrier_flag(actor=…, case=…, flagged_on=<date of the contact>,
    source="contact", source_id=<contact id>, **data)`.
    """

    flag = forms.BooleanField(label=_("Dabei ist eine Hürde aufgefallen"), required=False)
    field_order = ["flag", "field", "category", "legal_domain", "description"]

    def __init__(self, *args, tenant_id: int, prefix: str = "huerde", **kwargs):
        super().__init__(*args, tenant_id=tenant_id, prefix=prefix, **kwargs)
        self.summary_label = _("Hürde")
        del self.fields["flagged_on"]
        for field in self.fields.values():
            field.required = False

    def clean(self):
        data = super().clean()
        if data.get("flag"):
            for name in ("field", "category", "legal_domain"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, REQUIRED)
        return data

    def barrier_data(self) -> dict | None:
        if not self.cleaned_data.get("flag"):
            return None
        return {
            name: self.cleaned_data[name]
            for name in ("field", "category", "legal_domain", "description")
        }


# --- support plan ---------------------------------------------------------------


class GoalForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(label=_("Version"), widget=forms.HiddenInput, required=False)
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.none(),
        empty_label=_("Bitte wählen"),
    )
    wording = forms.CharField(
        label=_("Ziel"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Was soll erreicht werden? Konkret und überprüfbar, in Worten der Person."),
    )
    target_date = forms.DateField(label=_("Zieldatum"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)

    def __init__(self, *args, tenant_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = fields_of_action(tenant_id)

    def clean_wording(self):
        return _text(self.cleaned_data["wording"])

    def goal_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("field", "wording", "target_date", "status")
        }


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        wording = obj.wording if len(obj.wording) <= 80 else obj.wording[:79] + "…"
        return f"{wording} ({obj.field.name})"


class ActionForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(label=_("Version"), widget=forms.HiddenInput, required=False)
    what = forms.CharField(label=_("Was ist zu tun?"), max_length=300)
    goal = GoalChoiceField(
        label=_("Zu welchem Ziel?"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("– keinem Ziel zugeordnet –"),
    )
    who = forms.ChoiceField(
        label=_("Wer übernimmt?"), choices=Action.Who.choices, widget=forms.RadioSelect
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("– keine –"),
        help_text=_("Nur wenn ein Träger oder eine Stelle die Maßnahme übernimmt."),
    )
    who_name = forms.CharField(
        label=_("Name oder Bezeichnung"),
        max_length=200,
        required=False,
        help_text=_(
            "Zum Beispiel die Ansprechperson oder eine Stelle, die nicht in der Liste ist."
        ),
    )
    due_date = forms.DateField(label=_("fällig am"), widget=DateInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)

    DATA = ("what", "goal", "who", "organisation", "who_name", "due_date", "status")

    def __init__(self, *args, goals, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["organisation"].queryset = organisations

    def action_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.DATA}


class GoalEvaluationForm(KernFormMixin, forms.Form):
    """The evaluation of one goal on the evaluation page (prefix: ziel-<id>)."""

    version = forms.IntegerField(label=_("Version"), widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("Ergebnis"),
        choices=Goal.Evaluation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte ein Ergebnis wählen.")},
    )
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Bitte begründen Sie die Bewertung.")},
    )

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, prefix=f"ziel-{goal.pk}", **kwargs)
        self.goal = goal
        self.summary_label = goal.wording if len(goal.wording) <= 60 else goal.wording[:59] + "…"
        self.fields["result"].horizontal = True
        if not self.is_bound:
            self.initial = {
                "version": goal.version,
                "result": goal.evaluation
                or (goal.status if goal.status in Goal.Evaluation.values else None),
                "reason": goal.evaluation_reason,
            }

    def clean_reason(self):
        value = _text(self.cleaned_data["reason"])
        if not value:
            raise forms.ValidationError(_("Bitte begründen Sie die Bewertung."))
        return value

    def evaluation_data(self) -> dict:
        return {
            "goal": self.goal,
            "version": self.cleaned_data["version"],
            "result": self.cleaned_data["result"],
            "reason": self.cleaned_data["reason"],
        }


class EvaluationDateForm(KernFormMixin, forms.Form):
    evaluated_on = forms.DateField(label=_("bewertet am"), widget=DateInput)

    def clean_evaluated_on(self):
        return _not_in_future(
            self.cleaned_data["evaluated_on"], _("Eine Bewertung kann nicht in der Zukunft liegen.")
        )


# --- pages without writes -------------------------------------------------------


class CompareForm(KernFormMixin, forms.Form):
    """Which two versions of the assessment to put side by side (GET)."""

    a = forms.TypedChoiceField(label=_("Frühere Fassung"), coerce=int)
    b = forms.TypedChoiceField(label=_("Spätere Fassung"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                v.number,
                _("Fassung %(n)s vom %(d)s")
                % {"n": v.number, "d": v.assessed_on.strftime("%d.%m.%Y")},
            )
            for v in versions
        ]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
