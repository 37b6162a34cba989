"""Forms of the procedure pages; the services validate the rest (in German, per field)."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.residence.models import Procedure, ProcedureAppointment
from kim.residence.procedure_selectors import ALL, OPEN

LETTER_DEADLINE_DAYS = 28


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class ProcedureFilterForm(KernFormMixin, forms.Form):
    art = forms.ChoiceField(
        label=_("Verfahren"),
        required=False,
        choices=[("", _("alle Arten")), *Procedure.Kind.choices],
    )
    stand = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[(OPEN, _("alle offenen")), (ALL, _("alle")), *Procedure.Stage.choices],
    )


class ProcedureOpenForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Art des Verfahrens"),
        choices=Procedure.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte die Art des Verfahrens wählen.")},
    )
    opened_on = forms.DateField(
        label=_("begonnen am"),
        widget=DateInput,
        help_text=_("Der Tag der ersten Beratung oder des Antrags."),
        error_messages={"required": _("Bitte das Datum angeben.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Einheit"),
        queryset=None,
        error_messages={"required": _("Bitte die Einheit wählen.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        if len(units) > 1:
            self.fields["unit"].queryset = units
        else:
            # One unit: nothing to choose.
            del self.fields["unit"]


class ProcedureMoveForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to = forms.ChoiceField(
        label=_("Neuer Stand"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte den neuen Stand wählen."),
            "invalid_choice": _("Dieser Stand ist von hier aus nicht möglich."),
        },
    )
    on = forms.DateField(
        label=_("am"), widget=DateInput, error_messages={"required": _("Bitte das Datum angeben.")}
    )
    note = forms.CharField(
        label=_("Anmerkung oder Grund"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bei Rücknahme oder Ablehnung ist der Grund Pflicht."),
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        kwargs.setdefault("auto_id", "move-%s")
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(to, Procedure.Stage(to).label) for to in allowed]


class DocumentForm(KernFormMixin, forms.Form):
    """One line of the checklist: present since a day, or (empty) missing."""

    received_on = forms.DateField(label=_("liegt vor seit"), required=False, widget=DateInput)

    def __init__(self, *args, code: str, label: str, **kwargs):
        kwargs.setdefault("auto_id", f"doc-{code}-%s")
        super().__init__(*args, **kwargs)
        self.code = code
        self.fields["received_on"].label = _("%(document)s liegt vor seit") % {"document": label}


class AppointmentForm(KernFormMixin, forms.Form):
    purpose = forms.ChoiceField(
        label=_("Anlass"),
        choices=[("", _("– bitte wählen –")), *ProcedureAppointment.Purpose.choices],
        error_messages={"required": _("Bitte den Anlass des Termins wählen.")},
    )
    day = forms.DateField(
        label=_("Tag"), widget=DateInput, error_messages={"required": _("Bitte den Tag angeben.")}
    )
    starts = forms.TimeField(
        label=_("Beginn (Uhrzeit)"),
        widget=TimeInput,
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"required": _("Bitte die Uhrzeit angeben.")},
    )
    minutes = forms.TypedChoiceField(
        label=_("Dauer"),
        coerce=int,
        initial=30,
        choices=[
            (15, _("15 Minuten")),
            (30, _("30 Minuten")),
            (45, _("45 Minuten")),
            (60, _("1 Stunde")),
            (90, _("1½ Stunden")),
            (120, _("2 Stunden")),
        ],
    )
    place = forms.CharField(
        label=_("Ort"),
        max_length=300,
        help_text=_("Anschrift und Zimmer, z. B. „Kreishaus, Am Markt 1, Zimmer 112“."),
        error_messages={"required": _("Bitte den Ort angeben.")},
    )
    bring = forms.CharField(
        label=_("Bitte mitbringen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eine Unterlage je Zeile; steht so in der Einladung."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "appointment-%s")
        super().__init__(*args, **kwargs)

    # The services speak of the moments; the form of day, time and duration.
    SERVICE_FIELDS = {"starts_at": "day", "ends_at": "minutes"}

    def moments(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["starts"]))
        return starts_at, starts_at + timedelta(minutes=data["minutes"])


class CancelForm(KernFormMixin, forms.Form):
    reason = forms.CharField(label=_("Grund der Absage"), required=False, max_length=1000)

    def __init__(self, *args, appointment_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"cancel-{appointment_id}-%s")
        super().__init__(*args, **kwargs)


class LetterForm(KernFormMixin, forms.Form):
    frist = forms.DateField(
        label=_("Frist für die Unterlagen"),
        widget=DateInput,
        error_messages={"required": _("Bitte die Frist angeben.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "letter-%s")
        super().__init__(*args, **kwargs)

    def clean_frist(self):
        deadline = self.cleaned_data["frist"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("Die Frist muss nach dem heutigen Tag liegen."))
        return deadline

    @staticmethod
    def default_deadline():
        return timezone.localdate() + timedelta(days=LETTER_DEADLINE_DAYS)
