from django.urls import path

from kim.reports import disclosures

# Included under personen/ next to kim.people: these paths do not clash with the person pages.
app_name = "disclosures"
urlpatterns = [
    path("auskunft/", disclosures.access_request, name="access_request"),
    path("<int:pk>/offenlegungen/", disclosures.disclosure_log, name="log"),
    path("<int:pk>/offenlegungen/druck/", disclosures.disclosure_print, name="print"),
    path("<int:pk>/offenlegungen.pdf", disclosures.disclosure_pdf, name="pdf"),
]
