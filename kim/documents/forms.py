from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernFormMixin
from kim.documents.models import Document
from kim.documents.services import DESCRIPTION_MAX, REASON_MAX
from kim.people.uploads import check_document

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
FILE_HELP = _("PDF, JPEG oder PNG, höchstens 10 MB.")
FILE_HELP_AGAIN = _(
    "PDF, JPEG oder PNG, höchstens 10 MB. Aus Sicherheitsgründen muss die Datei nach "
    "einem Fehler erneut ausgewählt werden."
)


class DocumentUploadForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Art des Dokuments"),
        choices=[("", _("Bitte auswählen")), *Document.Kind.choices],
        error_messages={"required": _("Bitte die Art des Dokuments auswählen.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=DESCRIPTION_MAX,
        help_text=_("Zum Beispiel „Bescheid des Jobcenters vom 3. Februar“."),
        error_messages={"required": _("Bitte kurz beschreiben, was das Dokument ist.")},
    )
    # Empty files reach the content check, which says so in its own words.
    file = forms.FileField(
        label=_("Datei"),
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Bitte eine Datei auswählen."),
            "invalid": _("Es wurde keine Datei übermittelt. Bitte erneut auswählen."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A bound form is shown again only with errors; the browser has then forgotten the file.
        self.fields["file"].help_text = FILE_HELP_AGAIN if self.is_bound else FILE_HELP

    def clean_file(self):
        # Checked here as well as in the service, so that all errors show at once.
        upload = self.cleaned_data["file"]
        check_document(upload)
        return upload


class DocumentDeleteForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Grund der Löschung"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Zum Beispiel „falsche Person“ oder „nicht mehr erforderlich“. Der Grund "
            "bleibt im Protokoll; die Datei selbst wird endgültig entfernt."
        ),
        error_messages={"required": _("Bitte den Grund der Löschung angeben.")},
    )
