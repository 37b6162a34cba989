from django.urls import path

from kim.reports import views

# Included under faelle/ next to kim.cases: these paths do not clash with the case pages.
app_name = "reports"
urlpatterns = [
    path("<int:pk>/zusammenfassung/", views.summary_options, name="case_summary"),
    path("<int:pk>/zusammenfassung.pdf", views.summary_pdf, name="case_summary_pdf"),
    path("<int:pk>/zusammenfassung/druck/", views.summary_print, name="case_summary_print"),
]
