from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.models import User
from kim.cases.models import Case, CaseClosure, CaseMember, Contact, TargetGroup, TextTemplate
from kim.cases.phases import Phase
from kim.cases.selectors import text_templates
from kim.core.forms import DateInput, KernFormMixin
from kim.core.models import FieldOfAction, Unit


def _fields_of(tenant_id):
    return FieldOfAction.objects.filter(tenant_id=tenant_id, active=True).order_by(
        "position", "name"
    )


class CaseOpenForm(KernFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Einheit"), queryset=Unit.objects.none())
    case_manager = forms.ModelChoiceField(
        label=_("Fallverantwortung"), queryset=User.objects.none()
    )
    reason = forms.CharField(
        label=_("Anlass"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Warum kommt die Person? In eigenen Worten, kurz."),
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units, managers, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["case_manager"].queryset = managers
        self.fields["fields"].queryset = _fields_of(tenant_id)
        if len(units) == 1:
            self.fields["unit"].initial = units[0]
            self.fields["unit"].widget = forms.HiddenInput()


class CaseEditForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    case_manager = forms.ModelChoiceField(
        label=_("Fallverantwortung"), queryset=User.objects.none()
    )
    reason = forms.CharField(
        label=_("Anlass"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, managers, tenant_id, can_assign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = managers
        self.fields["fields"].queryset = _fields_of(tenant_id)
        if not can_assign:
            del self.fields["case_manager"]


class ContactForm(KernFormMixin, forms.ModelForm):
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text_template = forms.ModelChoiceField(
        label=_("Textbaustein"),
        queryset=TextTemplate.objects.none(),
        required=False,
        empty_label=_("– Textbaustein wählen –"),
        widget=forms.Select(
            attrs={"aria-keyshortcuts": "Alt+Shift+T", "data-kim-text-template": ""}
        ),
        help_text=_("Fügt den Text an der Schreibmarke in die Notiz ein (Alt+Umschalt+T)."),
    )

    class Meta:
        model = Contact
        fields = ["date", "duration_minutes", "mode", "interpreter_used", "language", "note"]
        widgets = {
            "date": DateInput,
            "mode": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 8}),
            "duration_minutes": forms.NumberInput(
                attrs={"min": 1, "max": 600, "inputmode": "numeric"}
            ),
        }
        help_texts = {
            "note": _(
                "Was wurde besprochen, was wurde vereinbart? Keine Diagnosen oder Daten Dritter, die nicht nötig sind."
            ),
            "language": _("Sprache des Gesprächs."),
        }

    def __init__(self, *args, tenant_id, defaults: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_of_action"].queryset = _fields_of(tenant_id)
        self.fields["mode"].choices = Contact.Mode.choices
        self.fields["mode"].horizontal = True  # five short options on one line
        self.fields["fields_of_action"].horizontal = True  # a dozen options: wrap, not a column
        self.fields["text_template"].queryset = text_templates(tenant_id)
        self.tenant_id = tenant_id
        self.inserted = None
        if not self.is_bound and not self.instance.pk:
            for name, value in (defaults or {}).items():
                self.initial.setdefault(name, value)
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("duration_minutes", 45)
        if self.instance.pk and not self.is_bound:
            self.initial["fields_of_action"] = list(self.instance.fields.all())
            self.initial["version"] = self.instance.version

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Ein Kontakt kann nicht in der Zukunft liegen."))
        return value

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if not 1 <= value <= 600:
            raise forms.ValidationError(_("Bitte eine Dauer zwischen 1 und 600 Minuten angeben."))
        return value

    def clean_note(self):
        return self.cleaned_data["note"].replace("\r\n", "\n")

    def contact_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def with_template_inserted(self):
        """A copy of the bound form with the chosen text template appended to the note.

        The fallback without JavaScript (app.js inserts at the cursor instead);
        whatever was typed stays.
        """
        data = self.data.copy()
        template = None
        pk = data.get(self.add_prefix("text_template"), "")
        if pk.isdigit():
            template = self.fields["text_template"].queryset.filter(pk=pk).first()
        if template is not None:
            note = data.get(self.add_prefix("note"), "").rstrip()
            data[self.add_prefix("note")] = f"{note}\n\n{template.body}" if note else template.body
        data[self.add_prefix("text_template")] = ""
        copy = type(self)(data, instance=self.instance, tenant_id=self.tenant_id)
        copy.inserted = template
        return copy


class CaseFilterForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Name oder Fallnummer"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle")), *Case.Status.choices]
    )
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("alle")), *Phase.choices]
    )
    unit = forms.ModelChoiceField(label=_("Einheit"), required=False, queryset=Unit.objects.none())
    case_manager = forms.ModelChoiceField(
        label=_("Fallverantwortung"), required=False, queryset=User.objects.none()
    )

    def __init__(self, *args, units, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("alle")
        self.fields["case_manager"].queryset = managers
        self.fields["case_manager"].empty_label = _("alle")


# --- the course of a case ---------------------------------------------------------------


class PhaseChangeForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_phase = forms.ChoiceField(label=_("Neue Phase"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Grund"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nötig, wenn der Fall zurückgeht oder pausiert."),
    )

    def __init__(self, *args, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Phase.choices)
        self.fields["to_phase"].choices = [(p, labels[p]) for p in targets]


class IntakeForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    access_route = forms.ChoiceField(
        label=_("Zugangsweg"),
        required=False,
        choices=[("", _("– bitte wählen –")), *Case.AccessRoute.choices],
        help_text=_("Wie ist die Person zum Case Management gekommen?"),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Zielgruppen"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cm_indicated = forms.ChoiceField(
        label=_("Ist Case Management angezeigt?"),
        choices=Case.CmIndicated.choices,
        widget=forms.RadioSelect,
    )
    cm_indicated_reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nötig, wenn kein Case Management angezeigt ist."),
    )
    consent_status = forms.ChoiceField(
        label=_("Einwilligung"),
        choices=Case.ConsentStatus.choices,
        widget=forms.RadioSelect,
        help_text=_("Stand der Einwilligung in die Datenverarbeitung im Case Management."),
    )

    def __init__(self, *args, tenant_id, **kwargs):
        super().__init__(*args, **kwargs)
        from kim.cases.selectors import target_groups

        self.fields["target_groups"].queryset = target_groups(tenant_id)
        for name in ("target_groups", "cm_indicated", "consent_status"):
            self.fields[name].horizontal = True  # short options side by side

    @classmethod
    def initial_for(cls, case: Case, groups: list[TargetGroup] | None = None) -> dict:
        return {
            "version": case.version,
            "access_route": case.access_route,
            "target_groups": list(case.target_groups.all()) if groups is None else groups,
            "cm_indicated": case.cm_indicated,
            "cm_indicated_reason": case.cm_indicated_reason,
            "consent_status": case.consent_status,
        }


class CloseForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Abschlussgrund"), choices=CaseClosure.Reason.choices, widget=forms.RadioSelect
    )
    closed_on = forms.DateField(label=_("abgeschlossen am"), widget=DateInput)
    summary = forms.CharField(
        label=_("Abschlussbericht"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Verlauf und Ergebnis in wenigen Sätzen: Was wurde erreicht, was bleibt offen?"
        ),
    )

    def clean_summary(self):
        return self.cleaned_data["summary"].replace("\r\n", "\n")


class ReopenForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_phase = forms.ChoiceField(
        label=_("Wieder eröffnen in Phase"),
        choices=[(Phase.INTAKE, Phase.INTAKE.label), (Phase.ASSESSMENT, Phase.ASSESSMENT.label)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Grund"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberSearchForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Name oder Geburtsdatum"), max_length=200)


class MemberAddForm(KernFormMixin, forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role_in_case = forms.ChoiceField(
        label=_("Rolle im Fall"),
        choices=[("", _("– bitte wählen –")), *CaseMember.Role.choices],
    )


class HandoverRequestForm(KernFormMixin, forms.Form):
    to_unit = forms.ModelChoiceField(label=_("An Einheit"), queryset=Unit.objects.none())
    to_user = forms.ModelChoiceField(
        label=_("An Case Manager*in"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leer lassen, wenn die Teamleitung der Einheit entscheiden soll."),
    )
    note = forms.CharField(
        label=_("Notiz zur Übergabe"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Was muss die übernehmende Seite wissen? Nur, was für die Übernahme nötig ist."
        ),
    )

    def __init__(self, *args, units, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units
        self.fields["to_user"].queryset = managers
        self.fields["to_user"].empty_label = _("– die Einheit (Teamleitung) –")
        self.fields["to_user"].label_from_instance = _manager_label


def _manager_label(user) -> str:
    units = sorted({m.unit.name for m in user.memberships.all()})
    return f"{user} ({', '.join(units)})" if units else str(user)


class HandoverAcceptForm(KernFormMixin, forms.Form):
    case_manager = forms.ModelChoiceField(
        label=_("Fallverantwortung übernimmt"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = managers


class HandoverDeclineForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Grund der Ablehnung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
