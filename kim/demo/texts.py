"""German texts of the demo's case process: assessments, goals, actions,
barriers, closings, consents and follow-ups. Invented, no real persons."""

# First talk of a case still in intake: nothing agreed yet.
INTAKE_OPEN_NOTE = (
    "Erstgespräch: Anliegen aufgenommen. Ob Case Management passt und die Einwilligung "
    "werden im nächsten Termin geklärt."
)
CLOSING_NOTE = {
    "goals_reached": "Abschlussgespräch: Ziele gemeinsam bewertet, Fall wird abgeschlossen.",
    "not_indicated": "Anliegen in der Beratung geklärt; kein Case Management nötig.",
    "withdrawn": "Person wünscht keine weitere Begleitung; Abschluss besprochen.",
    "moved_away": "Person ist verzogen; Kontakt zur neuen Kommune vermittelt.",
    "unreachable": "Letzter Kontaktversuch ohne Antwort; Fall wird abgeschlossen.",
    "handed_over": "Übergabe an den Jugendmigrationsdienst gemeinsam vorbereitet.",
}
CLOSING_SUMMARY = {
    "goals_reached": [
        "Die vereinbarten Ziele wurden weitgehend erreicht. Die Person kommt mit den Stellen "
        "inzwischen selbst zurecht und weiß, wohin sie sich bei neuen Fragen wenden kann.",
        "Ziele erreicht: Leistungen sind gesichert, der Kursplatz läuft. Abschluss im "
        "Einvernehmen; erneute Kontaktaufnahme jederzeit möglich.",
    ],
    "not_indicated": [
        "Im Intake zeigte sich ein einzelnes Anliegen, das in zwei Terminen geklärt wurde. "
        "Case Management ist nicht angezeigt; Hinweis auf die Migrationsberatung gegeben.",
    ],
    "withdrawn": [
        "Die Person möchte derzeit keine Begleitung mehr. Offene Punkte wurden besprochen; "
        "sie kann sich jederzeit wieder melden.",
    ],
    "moved_away": [
        "Umzug in eine andere Kommune. Mit Einwilligung wurde das dortige KIM-Case-Management "
        "informiert; offene Ziele sind dort bekannt.",
    ],
    "unreachable": [
        "Nach mehreren Anrufen und zwei Briefen keine Rückmeldung. Fall wird abgeschlossen; "
        "eine erneute Aufnahme ist jederzeit möglich.",
    ],
    "handed_over": [
        "Die Person ist unter 27 und wird künftig vom Jugendmigrationsdienst begleitet. "
        "Übergabegespräch fand gemeinsam statt.",
    ],
}
CM_NOT_INDICATED = [
    "Einmalige Frage zur Anerkennung des Führerscheins, in der Beratung geklärt.",
    "Anliegen betrifft nur die Wohnungssuche; an die Wohnraumberatung verwiesen.",
    "Person wird bereits umfassend von der Flüchtlingsberatung begleitet.",
]

# Assessment per field of action: (situation, needs, resources).
ASSESSMENTS: dict[str, list[tuple[str, str, str]]] = {
    "aufenthalt": [
        ("Aufenthaltserlaubnis läuft in wenigen Monaten aus, Pass abgelaufen.",
         "Verlängerung rechtzeitig beantragen, Passbeschaffung klären.",
         "Unterlagen weitgehend vollständig, Person ist gut organisiert."),
        ("Duldung, seit mehreren Jahren in Deutschland, arbeitet in Teilzeit.",
         "Bleiberechtsperspektive (§ 25b AufenthG) prüfen lassen.",
         "Arbeitgeber unterstützt, Deutschkenntnisse auf A2."),
    ],
    "sprache": [
        ("Integrationskurs abgebrochen wegen fehlender Kinderbetreuung.",
         "Kurs mit Kinderbetreuung oder in Teilzeit finden.",
         "Hohe Motivation, Nachbarin kann nachmittags betreuen."),
        ("Alphabetisierung in lateinischer Schrift noch nicht abgeschlossen.",
         "Alphabetisierungskurs, danach Integrationskurs.",
         "Spricht drei Sprachen, lernt schnell mündlich."),
    ],
    "bildung": [
        ("Sohn besucht die 7. Klasse, Noten verschlechtern sich.",
         "Kontakt zur Schule, Nachhilfe über Bildung und Teilhabe.",
         "Eltern engagiert, Schulsozialarbeit ansprechbar."),
    ],
    "kita": [
        ("Zwei Kinder ohne Kita-Platz, Anmeldung erst seit kurzem.",
         "Kita-Platz oder Brückenangebot, damit ein Sprachkurs möglich wird.",
         "Familie kennt das Familienzentrum im Stadtteil."),
    ],
    "arbeit": [
        ("Ausbildung als Elektriker im Herkunftsland, in Deutschland als Helfer tätig.",
         "Anerkennung des Berufsabschlusses, Anpassungsqualifizierung.",
         "Berufserfahrung, Zeugnisse liegen im Original vor."),
        ("Arbeitsuchend, keine Berufsausbildung, Erfahrung in der Gastronomie.",
         "Bewerbungsunterlagen, Vermittlung in Arbeit oder Teilqualifizierung.",
         "Zuverlässig, Führerschein Klasse B."),
    ],
    "wohnen": [
        ("Lebt mit drei Kindern in einer Zwei-Zimmer-Wohnung, Schimmel im Bad.",
         "Größere Wohnung, Wohnberechtigungsschein.",
         "Gute Nachbarschaftskontakte, Jobcenter übernimmt angemessene Miete."),
        ("Mietrückstände von zwei Monaten, Mahnung des Vermieters.",
         "Wohnungsverlust abwenden, Ratenzahlung vereinbaren.",
         "Regelmäßiges Einkommen aus Teilzeitarbeit."),
    ],
    "gesundheit": [
        ("Krankenversicherung ungeklärt seit Ende der Beschäftigung.",
         "Versicherungsstatus klären, laufende Behandlung sichern.",
         "Hausarzt behandelt vorerst weiter."),
        ("Starke psychische Belastung nach Fluchterfahrung, Schlafprobleme.",
         "Anbindung an das psychosoziale Zentrum, Therapieplatz.",
         "Stabiles familiäres Umfeld, Person spricht offen darüber."),
    ],
    "familie": [
        ("Alleinerziehend, drei Kinder, Kindesvater zahlt keinen Unterhalt.",
         "Unterhaltsvorschuss, Kindergeld, Entlastung im Alltag.",
         "Großmutter wohnt in der Nähe."),
        ("Ehefrau und Kinder sollen nachziehen, Visumverfahren läuft.",
         "Unterlagen für den Familiennachzug, Wohnraum für die Familie.",
         "Eigenes Einkommen, Wohnung wird gesucht."),
    ],
    "existenz": [
        ("Leistungen des Jobcenters eingestellt, Weiterbewilligungsantrag fehlte.",
         "Leistungen wieder aufnehmen, Fristen im Blick behalten.",
         "Person bringt die Post inzwischen regelmäßig mit."),
        ("Schulden aus Handyverträgen und Nachzahlungen.",
         "Überblick über die Forderungen, Schuldnerberatung.",
         "Bereitschaft, Ausgaben zu planen."),
    ],
    "teilhabe": [
        ("Sehr isoliert, kaum Kontakte außerhalb der Familie.",
         "Anschluss an Gruppen im Stadtteil, Ehrenamt.",
         "Interesse an Gartenarbeit und Sport."),
    ],
    "orientierung": [
        ("Neu zugewandert, viele Briefe von Behörden unverstanden.",
         "Orientierung über Zuständigkeiten, Konto, Anmeldung.",
         "Verwandte vor Ort, Smartphone vorhanden."),
        ("Post von vier verschiedenen Stellen, Fristen unklar.",
         "Überblick und Ablage, Begleitung zu den ersten Terminen.",
         "Liest und schreibt gut in der Herkunftssprache."),
    ],
}  # fmt: skip
REASSESSMENT_NOTE = [
    "Re-Assessment nach sechs Monaten: Situation in mehreren Feldern verändert.",
    "Neue Einschätzung nach dem Wechsel ins SGB II.",
    "Re-Assessment gemeinsam mit der Person; Dringlichkeiten neu gesetzt.",
]

# Goals per field of action, in the words of the person.
GOALS: dict[str, list[str]] = {
    "aufenthalt": ["Meine Aufenthaltserlaubnis ist rechtzeitig verlängert.",
                   "Ich weiß, ob ich ein Bleiberecht beantragen kann, und habe den Antrag gestellt.",
                   "Ich habe einen gültigen Pass."],
    "sprache": ["Ich besuche einen Integrationskurs mit Kinderbetreuung.",
                "Ich bestehe die Prüfung B1.",
                "Ich kann beim Arzt ohne Übersetzung erklären, was mir fehlt."],
    "bildung": ["Mein Sohn bekommt Nachhilfe und schafft die Versetzung.",
                "Meine Tochter hat einen Schulplatz."],
    "kita": ["Meine Kinder haben einen Kita-Platz.",
             "Mein Kind besucht ein Brückenangebot, bis der Kita-Platz frei ist."],
    "arbeit": ["Mein Berufsabschluss ist anerkannt.",
               "Ich habe einen Ausbildungsplatz.",
               "Ich habe eine Arbeit, von der ich leben kann."],
    "wohnen": ["Wir wohnen in einer Wohnung, die groß genug ist.",
               "Die Mietschulden sind geregelt und die Wohnung ist sicher."],
    "gesundheit": ["Ich bin krankenversichert.",
                   "Ich habe einen Therapieplatz."],
    "familie": ["Meine Familie ist bei mir in Deutschland.",
                "Kindergeld und Unterhaltsvorschuss werden gezahlt."],
    "existenz": ["Die Leistungen werden pünktlich gezahlt.",
                 "Ich habe einen Überblick über meine Schulden und einen Plan."],
    "teilhabe": ["Ich treffe mich regelmäßig mit anderen, zum Beispiel im Sportverein."],
    "orientierung": ["Ich weiß, welche Stelle wofür zuständig ist, und erledige Briefe selbst.",
                     "Konto, Anmeldung und Krankenversicherung sind erledigt."],
}  # fmt: skip

# Actions per field: (what, who, organisation key or "", name if no organisation).
# Organisation keys: see kim.demo.structure.DEMO_ORGANISATIONS.
ACTIONS: dict[str, list[tuple[str, str, str, str]]] = {
    "aufenthalt": [("Antrag auf Verlängerung bei der Ausländerbehörde stellen", "person", "", ""),
                   ("Termin bei der Ausländerbehörde vorbereiten und begleiten", "case_manager", "", ""),
                   ("Bleiberecht prüfen", "office", "abh", "Sachgebiet Aufenthalt")],
    "sprache": [("Berechtigungsschein für den Integrationskurs beantragen", "case_manager", "", ""),
                ("Kursplatz mit Kinderbetreuung anfragen", "provider", "vhs", ""),
                ("Zur Einstufung bei der VHS gehen", "person", "", "")],
    "bildung": [("Gespräch mit der Klassenlehrerin vereinbaren", "case_manager", "", ""),
                ("Nachhilfe über Bildung und Teilhabe beantragen", "office", "jc", "")],
    "kita": [("Kinder im Kita-Portal anmelden", "person", "", ""),
             ("Brückenangebot anfragen", "office", "jug", "Kita-Fachberatung")],
    "arbeit": [("Unterlagen zur Anerkennungsstelle schicken", "person", "", ""),
               ("Beratung zur Anerkennung vereinbaren", "provider", "", "IQ-Anerkennungsberatung"),
               ("Termin bei der Berufsberatung wahrnehmen", "office", "aa", "")],
    "wohnen": [("WBS-Antrag stellen", "person", "", ""),
               ("Ratenzahlung mit dem Vermieter vereinbaren", "case_manager", "", ""),
               ("Übernahme der Mietschulden prüfen", "office", "jc", "")],
    "gesundheit": [("Versicherungsstatus bei der Krankenkasse klären", "case_manager", "", ""),
                   ("Erstgespräch im psychosozialen Zentrum", "provider", "psz", "")],
    "familie": [("Antrag auf Unterhaltsvorschuss stellen", "person", "", ""),
                ("Unterlagen für den Familiennachzug zusammenstellen", "case_manager", "", ""),
                ("Beratung im Allgemeinen Sozialen Dienst", "office", "jug", "")],
    "existenz": [("Weiterbewilligungsantrag beim Jobcenter abgeben", "person", "", ""),
                 ("Termin bei der Schuldnerberatung", "provider", "caritas", ""),
                 ("Fehlende Unterlagen beim Jobcenter nachreichen", "person", "", "")],
    "teilhabe": [("Schnuppertraining im Sportverein", "person", "", ""),
                 ("Ehrenamtliche Patenschaft vermitteln", "provider", "ehrenamt", "")],
    "orientierung": [("Post gemeinsam sortieren und Fristen notieren", "case_manager", "", ""),
                     ("Anmeldung im Bürgerbüro", "person", "", ""),
                     ("Erstorientierungskurs besuchen", "provider", "awo", "")],
}  # fmt: skip
EVALUATION_REASON = {
    "achieved": ["Ziel wie vereinbart erreicht.", "Erreicht; Nachweis liegt in der Akte."],
    "partly": ["Teilweise erreicht: ein Schritt steht noch aus, die Person kümmert sich selbst.",
               "Zum Teil erreicht; Rest wird von der neuen Stelle begleitet."],
    "not_achieved": ["Nicht erreicht, da kein Kontakt mehr bestand.",
                     "Nicht erreicht: Wartezeit beim Träger zu lang."],
    "obsolete": ["Durch den Umzug nicht mehr relevant.", "Hat sich erledigt, Bedarf besteht nicht mehr."],
}  # fmt: skip
# Evaluation results by how the case ended.
RESULTS = {
    "goals_reached": [("achieved", 70), ("partly", 25), ("not_achieved", 5)],
    "moved_away": [("obsolete", 50), ("partly", 40), ("achieved", 10)],
    "unreachable": [("not_achieved", 60), ("obsolete", 30), ("partly", 10)],
    "handed_over": [("partly", 70), ("achieved", 30)],
    "withdrawn": [("obsolete", 50), ("partly", 30), ("not_achieved", 20)],
    "reopened": [("achieved", 60), ("partly", 40)],
}

# Barriers: (category code, field code, legal domain, description, weight).
BARRIERS = [
    ("wartezeit", "aufenthalt", "aufenthg",
     "Termin bei der Ausländerbehörde erst in zehn Wochen; Titel läuft vorher ab.", 6),
    ("wartezeit", "sprache", "sgb2",
     "Integrationskurs mit Kinderbetreuung: fünf Monate Wartezeit.", 5),
    ("wartezeit", "gesundheit", "other", "Therapieplatz mit Sprachmittlung: Wartezeit über ein Jahr.", 3),
    ("unterlagen", "arbeit", "sgb3",
     "Zeugnisse nicht übersetzt; Kosten der Übersetzung übernimmt niemand.", 4),
    ("unterlagen", "existenz", "sgb2",
     "Jobcenter verlangt Unterlagen, die im Herkunftsland nicht zu bekommen sind.", 4),
    ("sprachmittlung", "gesundheit", "other", "Kein Dolmetscher beim Facharzt, Termin abgesagt.", 4),
    ("sprachmittlung", "familie", "sgb8", "Hilfeplangespräch im Jugendamt ohne Sprachmittlung.", 3),
    ("sprachmittlung", "existenz", "sgb2", "Bescheide nur auf Deutsch, Rückfragen telefonisch nicht möglich.", 2),
    ("wohnraum", "wohnen", "sgb2", "Keine Wohnung unter der Mietobergrenze für fünf Personen.", 6),
    ("wohnraum", "wohnen", "asylblg", "Auszug aus der Gemeinschaftsunterkunft scheitert am Wohnungsmarkt.", 3),
    ("nicht-zustaendig", "existenz", "sgb12",
     "Jobcenter und Sozialamt halten sich beide für nicht zuständig.", 3),
    ("nicht-zustaendig", "aufenthalt", "aufenthg",
     "Nach Umzug verweisen alte und neue Ausländerbehörde aufeinander.", 2),
    ("krankenversicherung", "gesundheit", "other",
     "EU-Bürgerin ohne Krankenversicherung; Clearingstelle ohne freie Termine.", 4),
    ("anerkennung", "arbeit", "other", "Anerkennungsverfahren als Pflegefachkraft dauert über ein Jahr.", 4),
    ("kita-schulplatz", "kita", "sgb8", "Kein Kita-Platz im Stadtteil, Sprachkurs deshalb nicht möglich.", 3),
    ("kita-schulplatz", "bildung", "other", "Seit vier Monaten kein Schulplatz für die Tochter.", 2),
    ("digital", "existenz", "sgb2", "Antrag nur online; kein Gerät und kein Zugang zum Portal.", 3),
    ("diskriminierung", "wohnen", "none", "Vermieter sagt nach Nennung des Namens Besichtigungen ab.", 2),
    ("sonstiges", "teilhabe", "none", "Vereinsbeitrag nicht über Bildung und Teilhabe abrechenbar.", 1),
]  # fmt: skip

# Consents: (purpose category, data categories, recipient organisation keys, purpose).
CONSENTS = {
    "aufenthalt": ("residence", ["base", "residence", "documents"], ["abh"],
                   "Abstimmung mit der Ausländerbehörde zur Sicherung des Aufenthalts"),
    "existenz": ("benefits", ["base", "benefits"], ["jc", "soz"],
                 "Klärung von Leistungsansprüchen mit Jobcenter und Sozialamt"),
    "arbeit": ("coordination", ["base", "education_work"], ["jc", "aa"],
               "Abstimmung zu Ausbildung, Arbeit und Anerkennung"),
    "familie": ("coordination", ["base", "family"], ["jug"],
                "Abstimmung mit dem Jugendamt zur Unterstützung der Familie"),
    "gesundheit": ("referral", ["base", "health"], ["psz"],
                   "Vermittlung an das psychosoziale Zentrum"),
}  # fmt: skip
CONSENT_DEFAULT = ("coordination", ["base", "case"], ["ki"],
                   "Fallbezogene Abstimmung im Rahmen des Case Managements")  # fmt: skip

FOLLOWUPS = [
    "Rückmeldung des Jobcenters zum Weiterbewilligungsantrag nachhalten",
    "Termin bei der Ausländerbehörde vorbereiten",
    "Nachfragen, ob die Kita-Zusage da ist",
    "Unterlagen für die Anerkennungsstelle prüfen",
    "Anruf: Hat der Sprachkurs begonnen?",
    "Bescheid des Sozialamts besprechen, Widerspruchsfrist beachten",
    "Rückruf der Vermieterin wegen Ratenzahlung",
    "Nachfragen beim psychosozialen Zentrum zum Erstgespräch",
]
HANDOVER_NOTE = (
    "Ich reduziere ab Dezember meine Stunden. Frau Yılmaz ist nach Nordheim-Mitte gezogen, "
    "ganz in die Nähe Ihrer Sprechstunde (neu erfasst als „Ayse Yilmaz“, bitte Dublette "
    "prüfen). Der Verlängerungsantrag für die Aufenthaltserlaubnis ist gestellt, die "
    "Rückmeldung der Ausländerbehörde steht aus."
)
HANDOVER_ACCEPTED_NOTE = (
    "Übergabe wegen Neuverteilung der Fälle in Bergdorf. Hilfeplan ist aktuell, "
    "nächster Termin mit der Person ist vereinbart."
)
WITHDRAWAL_NOTE = "Frau Yılmaz möchte das Gespräch mit dem Jugendamt selbst führen."
