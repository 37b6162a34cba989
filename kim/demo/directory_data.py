"""The services directory of Kreis Musterland: fictitious organisations and services.

Names of providers follow the demo's pattern ("AWO Musterland"); offices are
generic ("Jobcenter Kreis Musterland"). No real person is named: contacts are
roles. Phone numbers use the fictitious area code 0999, e-mail and web
addresses the reserved domain .example. `reviewed` is days before today (None:
never reviewed); more than 365 means the review is due.
"""

from dataclasses import dataclass, field

MS, NH, SH, BD, TS = "Musterstadt", "Nordheim", "Südhausen", "Bergdorf", "Talstadt"


@dataclass(frozen=True)
class Org:
    key: str  # a key of Structure.organisations for the demo's existing ones
    name: str
    kind: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    description: str = ""


@dataclass(frozen=True)
class Offer:
    org: str
    name: str
    description: str
    fields: str = ""  # codes, space separated
    groups: str = ""
    domains: str = ""
    languages: str = "de"
    towns: tuple[str, ...] = ()
    districts: tuple[tuple[str, str], ...] = ()
    street: str = ""
    postcode: str = ""
    city: str = ""
    directions: str = ""
    hours: str = ""
    contact: str = ""
    phone: str = ""
    email: str = ""
    weeks: int | None = None
    capacity: str = ""
    referrals: str = ""  # the address referrals go to; "" = takes none
    reviewed: int | None = 30
    extra: dict = field(default_factory=dict)


ORGANISATIONS = [
    # The demo's existing organisations (units and partners) get their directory details.
    Org("ki", "", "ki", "Kreishausstraße 1", "58100", MS, "0999 100-400", "ki@kreis-musterland.example",
        "https://ki.kreis-musterland.example",
        "Das Kommunale Integrationszentrum berät neu Zugewanderte und hilft, die richtige Stelle zu finden."),
    Org("awo", "", "welfare", "Lindenstraße 12", "58120", NH, "0999 120-200", "migration@awo-musterland.example",
        "https://awo-musterland.example", "Wohlfahrtsverband mit Beratung, Jugendmigrationsdienst und Case Management im Norden."),
    Org("caritas", "", "welfare", "Kirchplatz 3", "58130", SH, "0999 130-300", "beratung@caritas-musterland.example",
        "https://caritas-musterland.example", "Sozialberatung, Migrationsberatung und Case Management im Süden."),
    Org("abh", "", "abh", "Kreishausstraße 1", "58100", MS, "0999 100-600", "auslaenderbehoerde@kreis-musterland.example",
        "https://kreis-musterland.example/abh", "Aufenthaltstitel, Verlängerungen und Einbürgerung für den ganzen Kreis."),
    Org("jc", "", "jobcenter", "Bahnhofstraße 20", "58100", MS, "0999 100-800", "jobcenter@kreis-musterland.example",
        "https://jobcenter-musterland.example", "Grundsicherung für Arbeitsuchende (Bürgergeld) und Hilfe bei der Arbeitssuche."),
    Org("jug", "", "jugendamt", "Kreishausstraße 1", "58100", MS, "0999 100-500", "jugendamt@kreis-musterland.example",
        "", "Hilfen für Kinder, Jugendliche und Familien, Kita-Plätze, Beistandschaften."),
    Org("soz", "", "sozialamt", "Marktstraße 5", "58150", TS, "0999 150-100", "sozialamt@kreis-musterland.example",
        "", "Sozialhilfe, Leistungen nach dem Asylbewerberleistungsgesetz, Unterbringung."),
    Org("aa", "", "agentur", "Am Wall 8", "58100", MS, "0999 100-900", "musterland@agentur.example",
        "https://agentur.example/musterland", "Berufsberatung, Arbeitsvermittlung und Arbeitslosengeld."),
    Org("vhs", "", "other", "Schulstraße 4", "58100", MS, "0999 100-700", "info@vhs-musterland.example",
        "https://vhs-musterland.example", "Integrationskurse, Alphabetisierung und Berufssprachkurse."),
    Org("psz", "", "welfare", "Gartenweg 9", "58101", MS, "0999 101-330", "kontakt@psz-musterland.example",
        "", "Beratung und Therapie für geflüchtete Menschen mit seelischen Belastungen."),
    Org("ehrenamt", "", "volunteer", "Rathausplatz 2", "58100", MS, "0999 100-250", "hallo@ehrenamt-musterland.example",
        "https://ehrenamt-musterland.example", "Vermittelt Ehrenamtliche und Patenschaften im ganzen Kreis."),
    # Further organisations of the network.
    Org("diakonie", "Diakonie Musterland", "welfare", "Wiesenstraße 14", "58150", TS, "0999 150-400",
        "beratung@diakonie-musterland.example", "https://diakonie-musterland.example",
        "Migrationsberatung, Schuldnerberatung und Hilfen im Alltag."),
    Org("drk", "DRK Kreisverband Musterland", "welfare", "Rotkreuzweg 1", "58121", NH, "0999 121-100",
        "info@drk-musterland.example", "https://drk-musterland.example",
        "Jugendmigrationsdienst, Suchdienst und Kleiderkammer."),
    Org("paritaet", "Paritätischer Verbund Musterland", "welfare", "Hafenstraße 30", "58102", MS, "0999 102-600",
        "info@paritaet-musterland.example", "", "Beratung zu Behinderung, Pflege und Teilhabe für Zugewanderte."),
    Org("bb_ms", "Stadt Musterstadt – Bürgerbüro", "municipal", "Rathausplatz 1", "58100", MS, "0999 100-100",
        "buergerbuero@musterstadt.example", "https://musterstadt.example", "Anmeldung, Wohnberechtigungsschein, Wohngeld für Musterstadt."),
    Org("bb_nh", "Stadt Nordheim – Bürgerbüro", "municipal", "Markt 1", "58120", NH, "0999 120-100",
        "buergerbuero@nordheim.example", "https://nordheim.example", "Anmeldung, Wohnungsamt und Wohngeld für Nordheim."),
    Org("rh_bd", "Gemeinde Bergdorf – Rathaus", "municipal", "Dorfstraße 1", "58140", BD, "0999 140-100",
        "rathaus@bergdorf.example", "", "Bürgerservice der Gemeinde Bergdorf."),
    Org("st_ts", "Stadt Talstadt – Amt für Jugend, Soziales und Wohnen", "municipal", "Marktstraße 1", "58150", TS,
        "0999 150-200", "jugend-soziales@talstadt.example", "https://talstadt.example",
        "Talstadt hat ein eigenes Jugendamt und eine eigene Wohnungsstelle."),
    Org("bs_sh", "Stadt Südhausen – Bürgerservice", "municipal", "Rathausstraße 2", "58130", SH, "0999 130-100",
        "buergerservice@suedhausen.example", "", "Anmeldung, Wohngeld und Wohnungsfragen für Südhausen."),
    Org("ga", "Gesundheitsamt Kreis Musterland", "municipal", "Kreishausstraße 3", "58100", MS, "0999 100-300",
        "gesundheitsamt@kreis-musterland.example", "", "Impfungen, Schuleingangsuntersuchung, Beratung ohne Krankenversicherung."),
    Org("lingua", "Sprachschule Lingua Musterstadt", "other", "Lindenhof 7", "58103", MS, "0999 103-700",
        "kurse@lingua-musterstadt.example", "https://lingua-musterstadt.example", "Zugelassener Träger für Integrationskurse."),
    Org("bruecke", "Brücke e. V. – Deutsch-Arabischer Kulturverein", "mso", "Hafenstraße 11", "58102", MS,
        "0999 102-110", "kontakt@bruecke-verein.example", "", "Begegnung, Hausaufgabenhilfe und Begleitung zu Ämtern."),
    Org("eltern", "Türkisch-Deutscher Elternverein Nordheim e. V.", "mso", "Am Bahnhof 4", "58120", NH,
        "0999 120-440", "info@elternverein-nordheim.example", "", "Elterncafé und Beratung rund um Schule."),
    Org("ukr", "Ukrainische Gemeinde Musterland e. V.", "mso", "Talweg 2", "58151", TS, "0999 151-220",
        "hallo@ukr-gemeinde-musterland.example", "", "Treffpunkt und Hilfe für Menschen aus der Ukraine."),
    Org("frauen", "Afrikanisches Frauennetzwerk Talstadt e. V.", "mso", "Weiherweg 6", "58152", TS, "0999 152-330",
        "netzwerk@frauen-talstadt.example", "", "Frauen unterstützen Frauen: Treffen, Beratung, Begleitung."),
    Org("roma", "Romano Drom Musterland e. V.", "mso", "Nordviertel 15", "58101", MS, "0999 101-150",
        "kontakt@romano-drom.example", "", "Selbstorganisation von Roma: Beratung und Schulbegleitung."),
    Org("willkommen", "Willkommen in Südhausen – Patenschaften", "volunteer", "Rosental 3", "58131", SH,
        "0999 131-500", "paten@willkommen-suedhausen.example", "", "Ehrenamtliche Patinnen und Paten begleiten neu Zugezogene."),
    Org("tafel", "Tafel Musterland e. V.", "volunteer", "Industriestraße 22", "58150", TS, "0999 150-900",
        "info@tafel-musterland.example", "", "Lebensmittel für Menschen mit wenig Geld."),
    Org("lesepaten", "Lesepaten Talstadt", "volunteer", "Altstadt 9", "58150", TS, "0999 150-950",
        "lesepaten@talstadt.example", "", "Ehrenamtliche lesen mit Kindern."),
    Org("mieter", "Mieterverein Musterland e. V.", "other", "Hafenstraße 2", "58102", MS, "0999 102-200",
        "beratung@mieterverein-musterland.example", "", "Beratung bei Mietvertrag, Nebenkosten und Kündigung."),
    Org("iq", "Anerkennungsberatung Musterland", "other", "Bahnhofstraße 22", "58100", MS, "0999 100-850",
        "anerkennung@iq-musterland.example", "", "Beratung zur Anerkennung ausländischer Berufsabschlüsse."),
    Org("fz", "Familienzentrum Regenbogen Südhausen", "other", "Kirchberg 5", "58131", SH, "0999 131-600",
        "regenbogen@fz-suedhausen.example", "", "Kita, Elternberatung und Sprachförderung für Familien."),
    Org("bk", "Berufskolleg Kreis Musterland", "other", "Schulzentrum 1", "58121", NH, "0999 121-700",
        "sekretariat@bk-musterland.example", "https://bk-musterland.example",
        "Internationale Förderklassen für junge Zugewanderte ohne Schulabschluss in Deutschland."),
]  # fmt: skip


def _o(org, name, description, **kwargs) -> Offer:
    return Offer(org=org, name=name, description=description, **kwargs)


SERVICES = [
    # Kommunales Integrationszentrum
    _o("ki", "Erstanlaufstelle Integration", "Sie sind neu im Kreis? Wir hören zu und sagen Ihnen, wer Ihnen helfen kann. Sie brauchen keinen Termin.",
       fields="orientierung aufenthalt sprache", groups="neuzugewanderte eu gefluechtete", languages="de en ar tr",
       hours="Montag bis Donnerstag 9 bis 12 Uhr", directions="Bus 1 bis Kreishaus, Eingang B, Raum 12",
       contact="Team Erstanlaufstelle", phone="0999 100-410", weeks=0, reviewed=20),
    _o("ki", "Schulanmeldung für neu zugewanderte Kinder", "Ihr Kind ist zwischen 6 und 18 Jahre alt und neu in Deutschland? Wir finden mit Ihnen eine Schule.",
       fields="bildung", groups="neuzugewanderte gefluechtete umf", languages="de ar uk ru ro",
       hours="Dienstag und Donnerstag 8 bis 12 Uhr", contact="Team Schulberatung", phone="0999 100-420",
       email="schule@kreis-musterland.example", weeks=2, capacity="Schulplätze in Talstadt sind knapp.", reviewed=400),
    # Ausländer- und Einbürgerungsbehörde
    _o("abh", "Aufenthaltstitel und Verlängerung", "Hier beantragen Sie Ihren Aufenthaltstitel oder verlängern ihn. Bitte kommen Sie nur mit Termin.",
       fields="aufenthalt", domains="aufenthg asylblg", languages="de en", hours="Montag, Dienstag, Donnerstag 8 bis 12 Uhr, nur mit Termin",
       directions="Bus 1 bis Kreishaus, Eingang A, 2. Stock", contact="Terminvergabe", phone="0999 100-610", weeks=6,
       capacity="Termine über das Online-Portal oder telefonisch.", reviewed=60),
    _o("abh", "Einbürgerung", "Sie möchten Deutsche oder Deutscher werden? Wir beraten Sie zu den Voraussetzungen und nehmen den Antrag an.",
       fields="aufenthalt", groups="fachkraefte", domains="stag", languages="de en", hours="Mittwoch 8 bis 12 Uhr, nur mit Termin",
       contact="Team Einbürgerung", phone="0999 100-620", email="einbuergerung@kreis-musterland.example", weeks=12,
       capacity="Wartezeit für einen Beratungstermin etwa drei Monate.", referrals="einbuergerung@kreis-musterland.example",
       reviewed=100),
    _o("abh", "Bleiberecht für gut Integrierte", "Sie haben eine Duldung und leben schon lange hier? Wir prüfen, ob Sie ein Bleiberecht bekommen können.",
       fields="aufenthalt", groups="geduldete", domains="aufenthg", languages="de en fa", contact="Team Bleiberecht",
       phone="0999 100-630", weeks=4, referrals="bleiberecht@kreis-musterland.example", reviewed=200),
    # Jobcenter
    _o("jc", "Bürgergeld: Antrag und Leistungen", "Sie haben kein oder wenig Geld zum Leben und können arbeiten? Hier beantragen Sie Bürgergeld.",
       fields="existenz wohnen", domains="sgb2", languages="de tr ru ar", hours="Montag bis Freitag 8 bis 12 Uhr, Donnerstag auch 14 bis 17 Uhr",
       directions="Bus 3 bis Bahnhof, 5 Minuten zu Fuß", contact="Eingangszone", phone="0999 100-810", weeks=1,
       referrals="vermittlung@jobcenter-musterland.example", reviewed=45),
    _o("jc", "Arbeitsvermittlung und Jobcoaching", "Wir suchen mit Ihnen eine Arbeit oder Ausbildung und üben für das Vorstellungsgespräch.",
       fields="arbeit", groups="ohne_ausbildung geringe_deutschkenntnisse", domains="sgb2", languages="de tr ar uk",
       contact="Team Integration", phone="0999 100-820", weeks=3, referrals="integration@jobcenter-musterland.example", reviewed=15),
    _o("jc", "Team Integration Nordheim", "Sprechstunde des Jobcenters in Nordheim für Menschen mit Bürgergeld.",
       fields="arbeit existenz", domains="sgb2", languages="de ar", towns=(NH, BD), street="Markt 3", postcode="58120", city=NH,
       hours="Mittwoch 9 bis 12 Uhr", phone="0999 120-820", weeks=2, reviewed=500),
    # Agentur für Arbeit
    _o("aa", "Berufsberatung", "Sie wissen nicht, welcher Beruf zu Ihnen passt? Wir beraten Jugendliche und Erwachsene.",
       fields="arbeit bildung", groups="neuzugewanderte ohne_ausbildung", languages="de en", hours="Montag bis Freitag 8 bis 12:30 Uhr",
       contact="Berufsberatung", phone="0999 100-910", weeks=3, referrals="berufsberatung@agentur.example", reviewed=90),
    _o("aa", "Arbeitslosengeld und Arbeitsvermittlung", "Sie haben Ihre Arbeit verloren? Melden Sie sich hier arbeitslos und beantragen Sie Arbeitslosengeld.",
       fields="arbeit existenz", domains="sgb3", languages="de en", phone="0999 100-920", weeks=1, reviewed=120),
    _o("aa", "Arbeit für Geflüchtete", "Sie haben eine Aufenthaltsgestattung oder Duldung und dürfen arbeiten? Wir helfen bei der Suche.",
       fields="arbeit", groups="gefluechtete geduldete", domains="asylblg aufenthg", languages="de ar fa en", contact="Team Geflüchtete",
       phone="0999 100-930", weeks=2, referrals="gefluechtete@agentur.example", reviewed=380),
    # Jugendamt
    _o("jug", "Allgemeiner Sozialer Dienst", "Sie haben Sorgen mit Ihrem Kind oder in der Familie? Wir beraten und helfen. Es ist kostenlos.",
       fields="familie", groups="alleinerziehende umf", domains="sgb8", languages="de en", towns=(MS, NH, SH, BD),
       contact="Bereitschaft", phone="0999 100-510", weeks=1, referrals="asd@kreis-musterland.example", reviewed=70),
    _o("jug", "Kita-Platzvergabe", "Sie suchen einen Platz in einer Kita oder bei einer Tagesmutter? Hier melden Sie Ihr Kind an.",
       fields="kita familie", languages="de en", towns=(MS, NH, SH, BD), hours="Montag und Mittwoch 9 bis 12 Uhr", phone="0999 100-520",
       email="kita@kreis-musterland.example", weeks=26, capacity="Für unter Dreijährige oft lange Wartezeit.", reviewed=30),
    _o("jug", "Vormundschaften für unbegleitete Minderjährige", "Für Jugendliche, die ohne Eltern nach Deutschland gekommen sind.",
       fields="familie aufenthalt", groups="umf", domains="sgb8", languages="de en fa ps ti", phone="0999 100-530", weeks=0, reviewed=None),
    # Sozialamt
    _o("soz", "Leistungen nach dem Asylbewerberleistungsgesetz", "Sie sind im Asylverfahren oder haben eine Duldung? Hier bekommen Sie Geld zum Leben und Krankenscheine.",
       fields="existenz gesundheit", groups="gefluechtete geduldete", domains="asylblg", languages="de ar fa ru", hours="Montag, Dienstag, Donnerstag 8:30 bis 12 Uhr",
       directions="Bus 7 bis Marktplatz Talstadt", phone="0999 150-110", weeks=1, referrals="asylblg@kreis-musterland.example", reviewed=50),
    _o("soz", "Sozialhilfe und Grundsicherung im Alter", "Sie können nicht arbeiten oder sind im Rentenalter und haben zu wenig Geld? Hier gibt es Hilfe.",
       fields="existenz", domains="sgb12", languages="de tr", phone="0999 150-120", weeks=3, reviewed=150),
    _o("soz", "Unterbringung und Wohnen für Geflüchtete", "Sie brauchen eine Unterkunft? Wir helfen bei der Suche und bei Problemen in der Unterkunft.",
       fields="wohnen", groups="gefluechtete", domains="asylblg", languages="de ar uk", phone="0999 150-130", weeks=2, reviewed=410),
    # Gesundheitsamt
    _o("ga", "Gesundheitsberatung ohne Krankenversicherung", "Sie haben keine Krankenversicherung? Wir beraten Sie vertraulich und helfen beim Arzt.",
       fields="gesundheit", groups="eu neuzugewanderte", languages="de ro bg en", hours="Donnerstag 14 bis 17 Uhr",
       contact="Clearingstelle", phone="0999 100-310", weeks=0, reviewed=25),
    _o("ga", "Impfsprechstunde", "Impfungen für Kinder und Erwachsene, auch ohne Krankenversicherung.",
       fields="gesundheit", languages="de en", hours="Montag 14 bis 16 Uhr", phone="0999 100-320", weeks=0, reviewed=300),
    # VHS and language schools
    _o("vhs", "Integrationskurs", "Sie lernen Deutsch bis B1 und erfahren viel über das Leben in Deutschland. Kurse am Vormittag und am Abend.",
       fields="sprache orientierung", groups="neuzugewanderte gefluechtete eu", languages="de", hours="Beratung Montag 10 bis 12 Uhr",
       contact="Kursberatung", phone="0999 100-710", weeks=6, capacity="Neuer Kurs im nächsten Monat, noch 5 Plätze.",
       referrals="integrationskurs@vhs-musterland.example", reviewed=40),
    _o("vhs", "Alphabetisierungskurs", "Sie möchten lesen und schreiben lernen? Wir fangen ganz am Anfang an.",
       fields="sprache bildung", groups="literalitaet", languages="de ar kmr", hours="Dienstag und Donnerstag 9 bis 12 Uhr",
       phone="0999 100-720", weeks=10, reviewed=380),
    _o("vhs", "Berufssprachkurs", "Deutsch für den Beruf ab B1: Bewerbung, Telefon, Fachsprache.",
       fields="sprache arbeit", groups="fachkraefte", domains="sgb2 sgb3", languages="de", phone="0999 100-730", weeks=8,
       referrals="beruf@vhs-musterland.example", reviewed=60),
    _o("vhs", "VHS-Außenstelle Talstadt: Deutsch am Abend", "Deutschkurs am Abend für Berufstätige in Talstadt.",
       fields="sprache", groups="eu fachkraefte", languages="de", towns=(TS,), street="Altstadt 1", postcode="58150", city=TS,
       hours="Montag und Mittwoch 18 bis 20:15 Uhr", phone="0999 150-710", weeks=4, reviewed=720),
    _o("lingua", "Integrationskurs mit Kinderbetreuung", "Deutschkurs für Eltern. Während des Kurses spielen die Kinder im Nebenraum.",
       fields="sprache familie", groups="alleinerziehende neuzugewanderte", languages="de ar uk", towns=(MS,),
       hours="Montag bis Freitag 8:30 bis 12 Uhr", phone="0999 103-710", weeks=12, capacity="Warteliste, etwa drei Monate.",
       referrals="anmeldung@lingua-musterstadt.example", reviewed=35),
    _o("lingua", "Sprachcafé", "Deutsch sprechen üben bei Tee und Kaffee. Ohne Anmeldung, kostenlos.",
       fields="sprache teilhabe", languages="de ar fa uk", towns=(MS,), hours="Freitag 15 bis 17 Uhr", weeks=0, reviewed=None),
    # Welfare providers
    _o("caritas", "Migrationsberatung für Erwachsene", "Wir beraten zu Aufenthalt, Sprache, Arbeit und Familie. Die Beratung ist kostenlos.",
       fields="orientierung aufenthalt arbeit", groups="neuzugewanderte eu", languages="de ar ru pl sq sr", towns=(SH, TS),
       hours="Dienstag 9 bis 12 Uhr, Donnerstag 14 bis 17 Uhr", contact="Migrationsberatung", phone="0999 130-310",
       weeks=2, referrals="mbe@caritas-musterland.example", reviewed=80),
    _o("caritas", "Allgemeine Sozialberatung", "Sie wissen nicht weiter mit Geld, Anträgen oder Briefen vom Amt? Wir helfen.",
       fields="existenz", languages="de ru", towns=(SH, TS, MS), phone="0999 130-320", weeks=1, reviewed=250),
    _o("caritas", "Schwangerschaftsberatung", "Beratung für Schwangere und junge Familien, auch zu Geld und Anträgen.",
       fields="familie gesundheit", groups="alleinerziehende", languages="de en ar", phone="0999 130-330", weeks=1, reviewed=None),
    _o("awo", "Jugendmigrationsdienst Nord", "Für junge Menschen von 12 bis 27 Jahren: Schule, Ausbildung, Beruf und Freizeit.",
       fields="bildung arbeit teilhabe", groups="neuzugewanderte umf ohne_ausbildung", languages="de ar tr prs", towns=(NH, BD, MS),
       contact="JMD-Team", phone="0999 120-210", weeks=1, referrals="jmd@awo-musterland.example", reviewed=55),
    _o("awo", "Frauenberatung", "Beratung für Frauen in schwierigen Lebenslagen. Vertraulich, auch mit Dolmetscherin.",
       fields="familie gesundheit", groups="alleinerziehende", languages="de tr ar fa", towns=(NH, BD), phone="0999 120-220", weeks=2, reviewed=420),
    _o("awo", "Seniorentreff international", "Treffpunkt für ältere Menschen mit und ohne Migrationsgeschichte.",
       fields="teilhabe", languages="de tr ru", towns=(NH,), hours="Mittwoch 14 bis 17 Uhr", weeks=0, reviewed=700),
    _o("diakonie", "Migrationsberatung Talstadt", "Beratung zu allen Fragen rund um Aufenthalt, Familie und Arbeit.",
       fields="orientierung aufenthalt", groups="neuzugewanderte gefluechtete", languages="de ar ti am so", towns=(TS,),
       phone="0999 150-410", weeks=2, referrals="migration@diakonie-musterland.example", reviewed=65),
    _o("diakonie", "Schuldner- und Insolvenzberatung", "Sie haben Schulden? Wir machen mit Ihnen einen Plan. Die Beratung ist kostenlos.",
       fields="existenz", domains="sgb2 sgb12", languages="de", phone="0999 150-420", weeks=8,
       capacity="Bei Pfändung sofortiger Termin.", referrals="schulden@diakonie-musterland.example", reviewed=140),
    _o("diakonie", "Psychosoziale Erstberatung", "Gespräche bei Kummer, Angst oder Stress.",
       fields="gesundheit", languages="de en", towns=(TS, SH), phone="0999 150-430", weeks=3, reviewed=390),
    _o("drk", "Jugendmigrationsdienst Süd", "Begleitung für junge Zugewanderte bis 27 Jahre in Südhausen und Talstadt.",
       fields="bildung arbeit", groups="neuzugewanderte umf", languages="de uk ru ar", towns=(SH, TS), phone="0999 121-110",
       weeks=1, referrals="jmd@drk-musterland.example", reviewed=85),
    _o("drk", "Suchdienst", "Sie suchen Familienangehörige, die durch Krieg oder Flucht getrennt wurden? Wir helfen bei der Suche.",
       fields="familie", groups="gefluechtete umf", languages="de en ar fa", phone="0999 121-120", weeks=4, reviewed=600),
    _o("drk", "Kleiderkammer", "Kleidung für wenig Geld für alle, die sie brauchen.",
       fields="existenz", languages="de", towns=(NH,), hours="Samstag 10 bis 13 Uhr", weeks=0, reviewed=None),
    _o("paritaet", "Beratung Behinderung und Pflege", "Sie oder ein Angehöriger haben eine Behinderung oder brauchen Pflege? Wir beraten zu Hilfen und Anträgen.",
       fields="gesundheit teilhabe", domains="sgb12", languages="de tr ar", phone="0999 102-610", weeks=3, reviewed=110),
    _o("psz", "Psychotherapie für Geflüchtete", "Therapie mit Dolmetscherinnen und Dolmetschern für Menschen mit schlimmen Erlebnissen.",
       fields="gesundheit", groups="gefluechtete umf", domains="asylblg aufenthg", languages="de ar fa ti kmr ckb ur",
       phone="0999 101-331", weeks=20, capacity="Warteliste; in Krisen sofortiges Erstgespräch.",
       referrals="anmeldung@psz-musterland.example", reviewed=45),
    _o("psz", "Gruppenangebot für Frauen", "Frauen treffen sich, reden und lernen, mit Stress umzugehen.",
       fields="gesundheit teilhabe", groups="gefluechtete alleinerziehende", languages="ar fa uk", hours="Montag 10 bis 12 Uhr",
       weeks=0, reviewed=370),
    # Municipal offices of the towns
    _o("bb_ms", "Anmeldung und Wohnsitz Musterstadt", "Hier melden Sie Ihre Wohnung in Musterstadt an und bekommen eine Meldebescheinigung.",
       fields="orientierung wohnen", languages="de en", towns=(MS,), hours="Montag bis Freitag 8 bis 12 Uhr, Donnerstag 14 bis 18 Uhr",
       directions="Bus 1 bis Rathaus", phone="0999 100-110", weeks=2, reviewed=20),
    _o("bb_ms", "Wohnberechtigungsschein und Wohngeld Musterstadt", "Sie suchen eine günstige Wohnung oder brauchen Hilfe bei der Miete?",
       fields="wohnen existenz", domains="sgb12", languages="de", towns=(MS,), phone="0999 100-120", weeks=6, reviewed=250),
    _o("bb_nh", "Wohnungsamt Nordheim", "Wohnberechtigungsschein, Wohngeld und Hilfe bei drohendem Wohnungsverlust in Nordheim.",
       fields="wohnen", languages="de tr", towns=(NH,), phone="0999 120-120", weeks=4, reviewed=390),
    _o("bb_nh", "Bürgerbüro Nordheim", "Anmeldung, Ausweise und Bescheinigungen.",
       fields="orientierung", languages="de", towns=(NH,), hours="Montag bis Freitag 8 bis 12 Uhr", phone="0999 120-110", weeks=1, reviewed=100),
    _o("rh_bd", "Bürgerservice Bergdorf", "Anmeldung, Wohnungsfragen und Hilfe bei Anträgen in Bergdorf.",
       fields="orientierung wohnen", languages="de", towns=(BD,), hours="Dienstag 8 bis 12 Uhr, Donnerstag 14 bis 18 Uhr",
       phone="0999 140-110", weeks=1, reviewed=800),
    _o("st_ts", "Jugendamt Talstadt", "Beratung und Hilfen für Familien, Kinder und Jugendliche in Talstadt.",
       fields="familie kita", groups="alleinerziehende umf", domains="sgb8", languages="de en ru", towns=(TS,), phone="0999 150-210",
       weeks=1, referrals="jugendamt@talstadt.example", reviewed=70),
    _o("st_ts", "Wohnungsstelle Talstadt", "Hilfe bei Wohnungssuche, Wohngeld und bei drohender Obdachlosigkeit.",
       fields="wohnen", languages="de", towns=(TS,), phone="0999 150-220", weeks=3, reviewed=160),
    _o("bs_sh", "Bürgerservice Südhausen", "Anmeldung, Wohngeld und Wohnberechtigungsschein in Südhausen.",
       fields="orientierung wohnen", languages="de", towns=(SH,), phone="0999 130-110", weeks=2, reviewed=None),
    # Migrant organisations
    _o("bruecke", "Hausaufgabenhilfe", "Schülerinnen und Schüler bekommen Hilfe bei den Hausaufgaben. Eltern können dazukommen.",
       fields="bildung", languages="de ar", districts=((MS, "Hafenviertel"), (MS, "Nordviertel")), towns=(MS,),
       hours="Montag bis Donnerstag 15 bis 17 Uhr", weeks=0, capacity="Noch 6 Plätze.", reviewed=200),
    _o("bruecke", "Begleitung zu Ämtern", "Ehrenamtliche gehen mit Ihnen zum Amt und übersetzen.",
       fields="orientierung teilhabe", languages="ar de", phone="0999 102-111", weeks=1,
       referrals="begleitung@bruecke-verein.example", reviewed=95),
    _o("eltern", "Elterncafé Schule", "Eltern tauschen sich über Schule aus. Lehrerinnen und Lehrer kommen zu Besuch.",
       fields="bildung familie", languages="tr de", towns=(NH,), hours="Jeden ersten Samstag im Monat 10 bis 12 Uhr", weeks=0, reviewed=450),
    _o("ukr", "Beratung für Menschen aus der Ukraine", "Wir helfen bei Anträgen, Schule und Arbeit – auf Ukrainisch und Russisch.",
       fields="orientierung arbeit bildung", groups="gefluechtete", domains="sgb2 aufenthg", languages="uk ru de", hours="Mittwoch 16 bis 19 Uhr",
       phone="0999 151-221", weeks=0, referrals="beratung@ukr-gemeinde-musterland.example", reviewed=30),
    _o("ukr", "Treffpunkt für Kinder", "Spielen, basteln und Deutsch lernen für Kinder von 6 bis 12 Jahren.",
       fields="teilhabe sprache", groups="gefluechtete", languages="uk de", towns=(TS,), hours="Samstag 10 bis 13 Uhr", weeks=0, reviewed=None),
    _o("frauen", "Frauentreff", "Frauen aus Afrika und anderen Ländern treffen sich, kochen und reden.",
       fields="teilhabe", groups="alleinerziehende", languages="en fr so ti am", towns=(TS,), hours="Dienstag 17 bis 19 Uhr", weeks=0, reviewed=390),
    _o("frauen", "Begleitung zur Geburt und zum Kinderarzt", "Erfahrene Frauen begleiten Schwangere und junge Mütter.",
       fields="gesundheit familie", groups="alleinerziehende neuzugewanderte", languages="en fr so am", weeks=1,
       referrals="netzwerk@frauen-talstadt.example", reviewed=180),
    _o("roma", "Schulbegleitung", "Wir begleiten Kinder und Eltern in der Schule und vermitteln bei Problemen.",
       fields="bildung familie", groups="eu", languages="rom ro bg de", towns=(MS,), phone="0999 101-151", weeks=1,
       referrals="schule@romano-drom.example", reviewed=60),
    _o("roma", "Beratung für EU-Zugewanderte", "Beratung zu Anmeldung, Arbeit, Krankenversicherung und Kindergeld.",
       fields="orientierung arbeit gesundheit", groups="eu", domains="sgb2", languages="ro bg rom de", hours="Dienstag 10 bis 14 Uhr",
       weeks=1, reviewed=420),
    # Volunteer initiatives
    _o("ehrenamt", "Patenschaften für Neuzugewanderte", "Eine Patin oder ein Pate hilft Ihnen im Alltag: beim Einkaufen, bei Briefen, beim Deutschlernen.",
       fields="teilhabe orientierung", groups="neuzugewanderte gefluechtete", languages="de en", weeks=4,
       capacity="Mehr Anfragen als Patinnen und Paten.", referrals="paten@ehrenamt-musterland.example", reviewed=90),
    _o("ehrenamt", "Ehrenamt finden", "Sie möchten sich engagieren? Wir finden mit Ihnen eine passende Aufgabe.",
       fields="teilhabe", languages="de en ar", weeks=1, reviewed=330),
    _o("willkommen", "Willkommenscafé Südhausen", "Neu in Südhausen? Kommen Sie vorbei, lernen Sie Nachbarn kennen.",
       fields="teilhabe sprache", languages="de en uk", towns=(SH,), districts=((SH, "Rosental"),),
       hours="Donnerstag 16 bis 18 Uhr", weeks=0, reviewed=None),
    _o("tafel", "Lebensmittelausgabe", "Lebensmittel für Menschen mit wenig Geld. Bringen Sie Ihren Bescheid mit.",
       fields="existenz", languages="de", hours="Dienstag und Freitag 11 bis 13 Uhr", directions="Bus 7 bis Industriestraße",
       weeks=2, capacity="Neue Kundinnen und Kunden dienstags.", reviewed=500),
    _o("lesepaten", "Lesepaten für Kinder", "Ehrenamtliche lesen einmal in der Woche mit Ihrem Kind.",
       fields="bildung sprache", languages="de", towns=(TS,), weeks=3, reviewed=None),
    # Further services
    _o("mieter", "Mietrechtsberatung", "Probleme mit dem Vermieter, der Nebenkostenabrechnung oder eine Kündigung? Wir beraten.",
       fields="wohnen", languages="de tr en", phone="0999 102-210", weeks=1, capacity="Beratung für Mitglieder; erste Beratung kostenlos.", reviewed=210),
    _o("iq", "Anerkennung ausländischer Abschlüsse", "Sie haben einen Beruf oder ein Studium im Ausland gemacht? Wir prüfen mit Ihnen, wie er hier anerkannt wird.",
       fields="arbeit bildung", groups="fachkraefte", languages="de en ar ru uk es vi zh pt it", hours="nach Terminvereinbarung",
       phone="0999 100-851", weeks=4, referrals="anerkennung@iq-musterland.example", reviewed=40),
    _o("fz", "Sprachförderung im Familienzentrum", "Deutsch lernen in der Kita, Eltern lernen mit.",
       fields="kita sprache", groups="neuzugewanderte", languages="de ar tr", towns=(SH,), weeks=8, reviewed=260),
    _o("fz", "Elternberatung Regenbogen", "Beratung zu Erziehung, Schlaf, Essen und Sprache der Kinder.",
       fields="familie kita", languages="de tr en", towns=(SH,), hours="Mittwoch 9 bis 11 Uhr", weeks=1, reviewed=370),
    _o("bk", "Internationale Förderklasse", "Für junge Menschen von 16 bis 18 Jahren, die neu in Deutschland sind: Deutsch und ein Schulabschluss.",
       fields="bildung sprache arbeit", groups="neuzugewanderte umf ohne_ausbildung", languages="de", weeks=8,
       capacity="Aufnahme zum Halbjahr.", referrals="foerderklasse@bk-musterland.example", reviewed=120),
]  # fmt: skip


# Responsibilities: (field code or "", legal domain or "", town or "", org key, service name or "", note).
RESPONSIBILITIES = [
    ("", "", "", "ki", "Erstanlaufstelle Integration", "Wenn nichts anderes passt: die Erstanlaufstelle klärt, wer zuständig ist."),
    ("aufenthalt", "", "", "abh", "Aufenthaltstitel und Verlängerung", ""),
    ("", "stag", "", "abh", "Einbürgerung", ""),
    ("aufenthalt", "stag", "", "abh", "Einbürgerung", ""),
    ("aufenthalt", "aufenthg", "", "abh", "Aufenthaltstitel und Verlängerung", "Bei Duldung auch Bleiberecht prüfen."),
    ("arbeit", "", "", "aa", "Berufsberatung", ""),
    ("arbeit", "sgb2", "", "jc", "Arbeitsvermittlung und Jobcoaching", ""),
    ("arbeit", "sgb2", NH, "jc", "Team Integration Nordheim", "Sprechstunde vor Ort in Nordheim."),
    ("arbeit", "sgb3", "", "aa", "Arbeitslosengeld und Arbeitsvermittlung", ""),
    ("arbeit", "asylblg", "", "aa", "Arbeit für Geflüchtete", ""),
    ("existenz", "sgb2", "", "jc", "Bürgergeld: Antrag und Leistungen", ""),
    ("existenz", "sgb3", "", "aa", "Arbeitslosengeld und Arbeitsvermittlung", ""),
    ("existenz", "sgb12", "", "soz", "Sozialhilfe und Grundsicherung im Alter", ""),
    ("existenz", "asylblg", "", "soz", "Leistungen nach dem Asylbewerberleistungsgesetz", ""),
    ("existenz", "", "", "caritas", "Allgemeine Sozialberatung", ""),
    ("wohnen", "", MS, "bb_ms", "Wohnberechtigungsschein und Wohngeld Musterstadt", ""),
    ("wohnen", "", NH, "bb_nh", "Wohnungsamt Nordheim", ""),
    ("wohnen", "", SH, "bs_sh", "Bürgerservice Südhausen", ""),
    ("wohnen", "", BD, "rh_bd", "Bürgerservice Bergdorf", ""),
    ("wohnen", "", TS, "st_ts", "Wohnungsstelle Talstadt", ""),
    ("wohnen", "sgb2", "", "jc", "Bürgergeld: Antrag und Leistungen", "Kosten der Unterkunft übernimmt das Jobcenter."),
    ("wohnen", "asylblg", "", "soz", "Unterbringung und Wohnen für Geflüchtete", ""),
    ("familie", "", "", "jug", "Allgemeiner Sozialer Dienst", ""),
    ("familie", "sgb8", "", "jug", "Allgemeiner Sozialer Dienst", ""),
    ("familie", "", TS, "st_ts", "Jugendamt Talstadt", "Talstadt hat ein eigenes Jugendamt."),
    ("familie", "sgb8", TS, "st_ts", "Jugendamt Talstadt", "Talstadt hat ein eigenes Jugendamt."),
    ("kita", "", "", "jug", "Kita-Platzvergabe", ""),
    ("kita", "", TS, "st_ts", "Jugendamt Talstadt", ""),
    ("gesundheit", "", "", "ga", "Gesundheitsberatung ohne Krankenversicherung", ""),
    ("gesundheit", "asylblg", "", "soz", "Leistungen nach dem Asylbewerberleistungsgesetz", "Krankenscheine gibt das Sozialamt aus."),
    ("sprache", "", "", "vhs", "Integrationskurs", ""),
    ("sprache", "sgb2", "", "vhs", "Berufssprachkurs", "Nach Integrationskurs; Anmeldung über das Jobcenter."),
    ("bildung", "", "", "ki", "Schulanmeldung für neu zugewanderte Kinder", ""),
    ("teilhabe", "", "", "ehrenamt", "Patenschaften für Neuzugewanderte", ""),
    ("orientierung", "", "", "caritas", "Migrationsberatung für Erwachsene", ""),
    ("orientierung", "", TS, "diakonie", "Migrationsberatung Talstadt", ""),
    ("orientierung", "", NH, "awo", "Jugendmigrationsdienst Nord", "Für junge Menschen bis 27 Jahre."),
]  # fmt: skip
