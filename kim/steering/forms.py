from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import DateInput, KernFormMixin
from kim.steering.selectors import DIMENSIONS, ROW_DIMENSIONS


class BarrierOverviewForm(KernFormMixin, forms.Form):
    """What the overview shows: one year (whole years only – free date ranges would let
    two overlapping views be subtracted), the rows and the columns."""

    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int)
    zeilen = forms.ChoiceField(
        label=_("Zeilen"), choices=[(key, DIMENSIONS[key]) for key in ROW_DIMENSIONS]
    )
    spalten = forms.ChoiceField(
        label=_("Spalten"), choices=[(key, label) for key, label in DIMENSIONS.items()]
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(year, str(year)) for year in years]

    def clean(self):
        data = super().clean()
        if data.get("zeilen") and data.get("zeilen") == data.get("spalten"):
            self.add_error("spalten", _("Zeilen und Spalten brauchen zwei verschiedene Merkmale."))
        return data


class IssueForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Was läuft strukturell schief, und für wen? Ohne Namen und Fallbezug."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Arten von Hürden"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aus diesen Hürden stammt das Thema; die Zahlen des Jahres werden Beleg."),
    )
    evidence_year = forms.TypedChoiceField(
        label=_("Zahlen aus dem Jahr"), coerce=int, required=False, empty_value=None
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_domains = forms.MultipleChoiceField(
        label=_("Rechtskreise"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offices = forms.ModelMultipleChoiceField(
        label=_("Beteiligte Stellen"), queryset=None, required=False
    )
    owner = forms.ModelChoiceField(label=_("Verantwortlich"), queryset=None)

    def __init__(self, *args, tenant_id: int, years: list[int] | None = None, **kwargs):
        from kim.accounts.models import User
        from kim.core.models import FieldOfAction, Organisation
        from kim.core.permissions import STEERING_MANAGE
        from kim.planning.models import BarrierCategory, LegalDomain

        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = BarrierCategory.objects.filter(
            tenant_id=tenant_id, active=True
        ).order_by("position", "name")
        self.fields["fields"].queryset = FieldOfAction.objects.filter(
            tenant_id=tenant_id, active=True
        ).order_by("position", "name")
        self.fields["legal_domains"].choices = LegalDomain.choices
        self.fields["offices"].queryset = Organisation.objects.filter(tenant_id=tenant_id).order_by(
            "name"
        )
        self.fields["owner"].queryset = (
            User.objects.filter(
                tenant_id=tenant_id,
                is_active=True,
                memberships__role__permissions__icontains=f'"{STEERING_MANAGE}"',
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        if years is None:
            del self.fields["evidence_year"]
        else:
            self.fields["evidence_year"].choices = [("", _("keine Zahlen übernehmen"))] + [
                (y, str(y)) for y in years
            ]

    def issue_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "owner": data["owner"],
            "categories": list(data["categories"]),
            "fields": list(data["fields"]),
            "legal_domains": list(data["legal_domains"]),
            "offices": list(data["offices"]),
        }


class IssueEditForm(IssueForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class IssueMoveForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("am"), widget=DateInput)
    work = forms.CharField(label=_("Projekt oder Arbeitsgruppe"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Anmerkung"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, to: str, **kwargs):
        from kim.steering.issue_states import Status, note_required, work_required

        kwargs.setdefault("auto_id", f"{to}-%s")
        super().__init__(*args, **kwargs)
        if to == Status.REJECTED:
            self.fields["note"].label = _("Grund der Ablehnung")
        elif to == Status.DECIDED:
            self.fields["note"].label = _("Was wurde entschieden?")
        self.fields["note"].required = note_required(to)
        self.fields["work"].required = work_required(to)


class IssueNoteForm(KernFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Notiz"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Beobachtungen, Quellen, Ergebnisse aus Sitzungen – ohne Namen."),
    )


# --- bodies and meetings ---------------------------------------------------------------


class BodyForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Art"))
    purpose = forms.CharField(
        label=_("Zweck"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    started_on = forms.DateField(label=_("besteht seit"), widget=DateInput)
    state = forms.ChoiceField(label=_("Stand"))

    def __init__(self, *args, **kwargs):
        from kim.steering.models import Body

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Body.Kind.choices
        self.fields["state"].choices = Body.State.choices


class BodyEditForm(BodyForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    sector = forms.ChoiceField(label=_("Bereich"))
    role = forms.CharField(
        label=_("Funktion"), max_length=100, required=False, help_text=_("z. B. Vorsitz")
    )
    email = forms.EmailField(label=_("E-Mail"), required=False)
    joined_on = forms.DateField(label=_("Mitglied seit"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        from kim.steering.models import BodyMember

        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = BodyMember.Sector.choices


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(KernFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Beginn"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Ende"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
    )
    place = forms.CharField(label=_("Ort"), max_length=300)


class MeetingEditForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(label=_("Stand"))
    minutes = forms.CharField(
        label=_("Protokoll"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ohne Namen von Klientinnen und Klienten."),
    )

    def __init__(self, *args, **kwargs):
        from kim.steering.models import Meeting

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = Meeting.State.choices


class AgendaItemForm(KernFormMixin, forms.Form):
    issue = forms.ModelChoiceField(
        label=_("Strukturthema"), queryset=None, required=False, empty_label=_("– kein Thema –")
    )
    title = forms.CharField(
        label=_("Tagesordnungspunkt"),
        max_length=300,
        required=False,
        help_text=_("Leer lassen, um den Titel des Strukturthemas zu übernehmen."),
    )

    def __init__(self, *args, tenant_id: int, **kwargs):
        from kim.steering.models import StructuralIssue

        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = StructuralIssue.objects.filter(
            tenant_id=tenant_id
        ).order_by("title")


class AgendaRecordForm(KernFormMixin, forms.Form):
    result = forms.CharField(
        label=_("Ergebnis"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decision = forms.CharField(
        label=_("Beschluss"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TaskForm(KernFormMixin, forms.Form):
    what = forms.CharField(label=_("Aufgabe"), max_length=500)
    owner = forms.ModelChoiceField(
        label=_("zuständig"), queryset=None, required=False, empty_label=_("– ohne Konto –")
    )
    owner_name = forms.CharField(label=_("zuständig (ohne Konto)"), max_length=200, required=False)
    due_on = forms.DateField(label=_("fällig am"), widget=DateInput)
    item = forms.ModelChoiceField(
        label=_("zu Tagesordnungspunkt"), queryset=None, required=False, empty_label="–"
    )

    def __init__(self, *args, meeting, **kwargs):
        from kim.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            tenant_id=meeting.tenant_id, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["item"].queryset = meeting.items.all()
        self.fields["item"].label_from_instance = lambda i: f"{i.position}. {i.title}"


class RecommendationForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    addressee = forms.ChoiceField(label=_("an"))
    text = forms.CharField(
        label=_("Empfehlung"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    issues = forms.ModelMultipleChoiceField(
        label=_("Strukturthemen"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, tenant_id: int, **kwargs):
        from kim.steering.models import Recommendation, StructuralIssue

        super().__init__(*args, **kwargs)
        self.fields["addressee"].choices = Recommendation.Addressee.choices
        self.fields["issues"].queryset = StructuralIssue.objects.filter(
            tenant_id=tenant_id
        ).order_by("title")


class RecommendationMoveForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("am"), widget=DateInput)
    document = forms.CharField(
        label=_("Vorlage / Drucksache"),
        max_length=200,
        required=False,
        help_text=_("z. B. Drucksachen-Nr. 0123/2026 oder der Titel der Vorlage"),
    )
    note = forms.CharField(
        label=_("Anmerkung"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, to: str, **kwargs):
        from kim.steering.models import Recommendation

        kwargs.setdefault("auto_id", f"{to}-%s")
        super().__init__(*args, **kwargs)
        if to == Recommendation.Status.REJECTED:
            self.fields["note"].label = _("Grund der Ablehnung")
            self.fields["note"].required = True
            self.fields["note"].error_messages["required"] = _(
                "Bitte den Grund der Ablehnung angeben."
            )
        if to in ("submitted", "adopted", "rejected"):
            self.fields["document"].required = True
            self.fields["document"].error_messages["required"] = _(
                "Bitte die Vorlage oder Drucksache angeben, die sie trug."
            )


class ReconstructionRequestForm(KernFormMixin, forms.Form):
    theme = forms.CharField(label=_("Thema"), max_length=200)
    description = forms.CharField(
        label=_("Worauf es ankommt"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Welche Fälle passen, und was die Koordination wissen möchte."),
    )
    issue = forms.ModelChoiceField(
        label=_("Strukturthema"), queryset=None, required=False, empty_label=_("– kein Thema –")
    )
    due_on = forms.DateField(label=_("erbeten bis"), widget=DateInput, required=False)

    def __init__(self, *args, tenant_id: int, **kwargs):
        from kim.steering.models import StructuralIssue

        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = StructuralIssue.objects.filter(
            tenant_id=tenant_id
        ).order_by("title")


class ReconstructionStartForm(KernFormMixin, forms.Form):
    case = forms.ModelChoiceField(label=_("Fall"), queryset=None, empty_label=_("– Fall wählen –"))

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.number} ({c.get_status_display()})"


class ReconstructionForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    account = forms.CharField(
        label=_("Fallverlauf (anonymisiert)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Namen, Anschriften, Telefonnummern, E-Mail-Adressen und genaue Daten werden beim "
            "Speichern entfernt; Orte im Kreis verallgemeinert. Lesen Sie den Text danach und "
            "streichen Sie, was die Person trotzdem erkennbar macht."
        ),
    )
    comments = forms.CharField(
        label=_("Ihre Einschätzung"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Was lief strukturell schief, was hätte geholfen?"),
    )


class ReportHeaderFields(KernFormMixin, forms.Form):
    """The particulars of a Vorlage: who writes, for which committee and meeting."""

    dated_on = forms.DateField(label=_("Datum der Vorlage"), widget=DateInput)
    document_number = forms.CharField(
        label=_("Drucksachen-Nr."),
        max_length=60,
        required=False,
        help_text=_("z. B. VO/0565/26; kann später ergänzt werden."),
    )
    public = forms.BooleanField(label=_("öffentlich"), required=False, initial=True)
    committee = forms.CharField(label=_("Gremium"), max_length=200)
    meeting_on = forms.DateField(label=_("Sitzung am"), widget=DateInput, required=False)
    resolution_quality = forms.CharField(label=_("Beschlussqualität"), max_length=100)
    report_type = forms.CharField(label=_("Art der Vorlage"), max_length=60)
    department = forms.CharField(label=_("Geschäftsbereich"), max_length=200, required=False)
    office = forms.CharField(label=_("Ressort / Amt"), max_length=200, required=False)
    clerk = forms.CharField(label=_("Bearbeiter/in"), max_length=200, required=False)
    clerk_phone = forms.CharField(label=_("Telefon"), max_length=60, required=False)
    clerk_email = forms.EmailField(label=_("E-Mail"), required=False)
    reason = forms.CharField(
        label=_("Grund der Vorlage"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposal = forms.CharField(
        label=_("Beschlussvorschlag"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    approvals = forms.CharField(
        label=_("Einverständnisse"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportNewForm(ReportHeaderFields):
    year = forms.TypedChoiceField(label=_("Jahr"), coerce=int)
    half = forms.TypedChoiceField(label=_("Halbjahr"), coerce=int)

    field_order = ["year", "half"]

    def __init__(self, *args, years: list[int], **kwargs):
        from kim.steering.models import SteeringReport

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["half"].choices = SteeringReport.Half.choices


MARKUP_HELP = _(
    "Eine Leerzeile beginnt einen neuen Absatz. Eine Zeile mit „## “ am Anfang ist eine "
    "Zwischenüberschrift, mit „- “ ein Aufzählungspunkt, mit „1. “ ein nummerierter Punkt."
)


class ReportEditForm(ReportHeaderFields):
    title = forms.CharField(label=_("Titel"), max_length=300)
    explanation = forms.CharField(
        label=_("Begründung"),
        max_length=60000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=MARKUP_HELP,
    )
    climate = forms.ChoiceField(label=_("Klimacheck: Auswirkung auf Klimaschutz oder -anpassung"))
    climate_reason = forms.CharField(
        label=_("Begründung zum Klimacheck"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["title"]

    def __init__(self, *args, **kwargs):
        from kim.steering.models import SteeringReport

        super().__init__(*args, **kwargs)
        self.fields["climate"].choices = SteeringReport.Climate.choices


class ReportRegenerateForm(forms.Form):
    what = forms.ChoiceField(choices=[("figures", "figures"), ("all", "all")])
    version = forms.IntegerField()
