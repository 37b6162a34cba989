from django.urls import include, path

urlpatterns = [
    path("", include("kim.core.urls")),
    path("konto/", include("kim.accounts.urls")),
    path("personen/", include("kim.people.urls")),
    path("personen/", include("kim.reports.person_urls")),  # disclosure log, access requests
    path("faelle/", include("kim.cases.urls")),
    path("faelle/", include("kim.reports.urls")),  # the case summary beside the case pages
    path("planung/", include("kim.planning.urls")),
    path("wiedervorlagen/", include("kim.followups.urls")),
    path("dokumente/", include("kim.documents.urls")),
    path("netzwerk/", include("kim.network.urls")),
    path("steuerung/", include("kim.steering.urls")),
    path("aufenthalt/", include("kim.residence.urls")),
    path("vermittlungen/", include("kim.network.referral_urls")),
    path("partner/", include("kim.network.partner_urls")),  # referral links, no login
    path("api/", include("kim.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
