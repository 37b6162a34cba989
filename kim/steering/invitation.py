"""The invitation to a meeting as a PDF: date, time, place and agenda, for the members
(who need no account). Rendered with the reports' WeasyPrint helpers."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kim.core.models import Tenant
from kim.reports import pdf
from kim.steering.models import Meeting

STYLESHEET = "steering/invitation.css"


def invitation_pdf(meeting: Meeting) -> tuple[bytes, str]:
    """The PDF and its file name. Ask `pdf.unavailable_reason()` first."""
    starts = timezone.localtime(meeting.starts_at)
    with translation.override("de"):
        tenant = Tenant.objects.get(pk=meeting.tenant_id).name
        html = render_to_string(
            "steering/invitation_document.html",
            {
                "meeting": meeting,
                "body": meeting.body,
                "items": list(meeting.items.select_related("issue")),
                "members": list(meeting.body.members.filter(left_on__isnull=True)),
                "tenant": tenant,
                "starts": starts,
                "ends": timezone.localtime(meeting.ends_at),
            },
        )
        with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
            own = stylesheet.read()
        boxes = pdf.margin_boxes(
            top_left=[tenant, _("Kommunales Integrationsmanagement")],
            top_right=[meeting.body.name, _("Einladung")],
            bottom_left=_("Einladung zur Sitzung am %(day)s") % {"day": f"{starts:%d.%m.%Y}"},
        )
        content = pdf.render_pdf(html, page_css=own + "\n" + boxes)
    return content, f"Einladung-{meeting.body.name.replace(' ', '-')}-{starts:%Y-%m-%d}.pdf"
