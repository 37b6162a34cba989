"""Word lists for synthetic demo data.

Names are common given and family names of each origin region, combined at
random: no entry describes a real person. Town, street and organisation names
are invented. Phone numbers come from the blocks the Bundesnetzagentur keeps
free for fiction; e-mail addresses use the reserved example domains.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Region:
    nationality: str
    weight: int
    languages: list[tuple[str, int]]  # (code from kim.people.catalogues, weight)
    male: list[str]
    female: list[str]
    family: list[str]
    arrival_years: tuple[int, int]
    year_only_share: float = 0.0  # birth date known only by year (1 January stand-in)
    extra_languages: list[str] = field(default_factory=list)
    second_nationality: str = ""  # sometimes held in addition (e.g. DE after naturalisation)


REGIONS: dict[str, Region] = {
    "SY": Region(
        nationality="SY",
        weight=20,
        languages=[("ar", 85), ("kmr", 15)],
        male=["Mohammed", "Ahmad", "Khaled", "Omar", "Mahmoud", "Hassan", "Ali", "Yousef",
              "Ibrahim", "Mustafa", "Abdullah", "Rami", "Bilal", "Samer", "Fadi", "Tarek"],
        female=["Fatima", "Aisha", "Rania", "Hiba", "Lina", "Nour", "Yasmin", "Amal", "Reem",
                "Sara", "Huda", "Maryam", "Rasha", "Dima", "Ghada", "Rima"],
        family=["Al-Hassan", "Al-Ahmad", "Haddad", "Khalil", "Hamdan", "Al-Khatib", "Najjar",
                "Saleh", "Darwish", "Mansour", "Al-Ali", "Hussein", "Ibrahim", "Othman",
                "Sulaiman", "Kassem", "Al-Masri", "Shami", "Yassin", "Abbas", "Hamoud"],
        arrival_years=(2014, 2025),
        year_only_share=0.12,
        extra_languages=["en", "tr"],
    ),
    "AF": Region(
        nationality="AF",
        weight=11,
        languages=[("prs", 60), ("ps", 25), ("fa", 15)],
        male=["Ahmad", "Mohammad", "Ali", "Hamid", "Farid", "Jawad", "Sayed", "Rahim", "Karim",
              "Nasir", "Wahid", "Zabiullah", "Rahmatullah", "Mirwais", "Habib", "Sohrab"],
        female=["Zahra", "Fatima", "Maryam", "Sakina", "Nazanin", "Parwana", "Freshta",
                "Shabnam", "Roya", "Mina", "Laila", "Zarghona", "Khadija", "Marzia"],
        family=["Ahmadi", "Rahimi", "Mohammadi", "Hosseini", "Karimi", "Sultani", "Popal",
                "Noori", "Haidari", "Sadat", "Amiri", "Rezaei", "Azizi", "Habibi", "Wardak",
                "Safi", "Jafari", "Nazari", "Samadi"],
        arrival_years=(2015, 2025),
        year_only_share=0.35,
        extra_languages=["en", "ur"],
    ),
    "IQ": Region(
        nationality="IQ",
        weight=9,
        languages=[("ar", 55), ("kmr", 30), ("ckb", 15)],
        male=["Ali", "Hussein", "Haider", "Mustafa", "Ahmed", "Abbas", "Karwan", "Dilshad",
              "Rebwar", "Saman", "Ammar", "Zaid", "Murtadha", "Sarbast", "Khidir"],
        female=["Zainab", "Noor", "Shilan", "Avin", "Hana", "Ruqaya", "Sara", "Bushra", "Dilan",
                "Rozhan", "Narin", "Jiyan", "Shaima"],
        family=["Al-Jubouri", "Al-Obeidi", "Kareem", "Hamad", "Rasul", "Mahmood", "Taha",
                "Jalal", "Qadir", "Aziz", "Faraj", "Othman", "Salih", "Murad", "Ismail",
                "Hassan", "Khalaf", "Saeed"],
        arrival_years=(2014, 2025),
        year_only_share=0.15,
        extra_languages=["en", "tr"],
    ),
    "UA": Region(
        nationality="UA",
        weight=18,
        languages=[("uk", 75), ("ru", 25)],
        male=["Oleksandr", "Andrii", "Dmytro", "Serhii", "Volodymyr", "Mykola", "Ivan", "Yurii",
              "Taras", "Bohdan", "Maksym", "Vitalii", "Artem"],
        female=["Olena", "Nataliia", "Iryna", "Tetiana", "Oksana", "Svitlana", "Yuliia",
                "Kateryna", "Anastasiia", "Viktoriia", "Halyna", "Larysa", "Mariia", "Alina"],
        family=["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk",
                "Boiko", "Koval", "Oliinyk", "Lysenko", "Moroz", "Savchenko", "Petrenko",
                "Rudenko", "Marchenko", "Polishchuk", "Kovalchuk", "Ponomarenko", "Hnatiuk"],
        arrival_years=(2022, 2025),
        extra_languages=["ru", "en", "pl"],
    ),
    "RO": Region(
        nationality="RO",
        weight=9,
        languages=[("ro", 80), ("rom", 20)],
        male=["Ion", "Gheorghe", "Constantin", "Alexandru", "Mihai", "Florin", "Marian",
              "Adrian", "Daniel", "Nicolae", "Vasile", "Ionuț", "Ștefan", "Răzvan"],
        female=["Maria", "Elena", "Ioana", "Andreea", "Mihaela", "Florentina", "Georgiana",
                "Alina", "Cristina", "Roxana", "Daniela", "Ana-Maria", "Luminița"],
        family=["Popescu", "Ionescu", "Popa", "Stan", "Dumitru", "Stoica", "Gheorghe", "Matei",
                "Ciobanu", "Constantin", "Rusu", "Munteanu", "Lungu", "Florea", "Dinu",
                "Moldovan", "Sandu", "Bălan", "Stănescu", "Tănase", "Niță"],
        arrival_years=(2010, 2025),
        extra_languages=["it", "es", "en"],
    ),
    "BG": Region(
        nationality="BG",
        weight=9,
        languages=[("bg", 60), ("tr", 25), ("rom", 15)],
        male=["Georgi", "Ivan", "Dimitar", "Nikolay", "Petar", "Hristo", "Stoyan", "Todor",
              "Angel", "Yordan", "Asen", "Mehmed", "Ahmed", "Emil"],
        female=["Maria", "Ivanka", "Elena", "Yordanka", "Desislava", "Petya", "Gergana", "Radka",
                "Svetla", "Tsvetelina", "Emine", "Ayshe", "Fatme", "Silviya"],
        # Masculine forms; women carry the form with "-a" (Ivanov -> Ivanova).
        family=["Ivanov", "Georgiev", "Dimitrov", "Petrov", "Nikolov", "Hristov", "Stoyanov",
                "Todorov", "Angelov", "Yordanov", "Kostov", "Mihaylov", "Ahmedov", "Aliev",
                "Mustafov", "Asenov", "Ramadanov"],
        arrival_years=(2012, 2025),
        extra_languages=["ru", "en"],
    ),
    "TR": Region(
        nationality="TR",
        weight=8,
        languages=[("tr", 80), ("kmr", 20)],
        male=["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre",
              "Yusuf", "Ömer", "Osman", "Kemal", "Serkan"],
        female=["Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Merve",
                "Büşra", "Özlem", "Gül", "Sevgi", "Derya"],
        family=["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk",
                "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç",
                "Kurt", "Polat"],
        arrival_years=(1995, 2025),
        extra_languages=["en"],
        second_nationality="DE",
    ),
    "ER": Region(
        nationality="ER",
        weight=5,
        languages=[("ti", 85), ("am", 15)],
        male=["Tesfay", "Yonas", "Dawit", "Filmon", "Samuel", "Merhawi", "Biniam", "Habtom",
              "Kidane", "Mehari", "Teklit", "Yohannes", "Amanuel", "Robel"],
        female=["Senait", "Helen", "Saba", "Ruth", "Yodit", "Selam", "Rahel", "Mebrat", "Tsega",
                "Hiwet", "Luwam", "Almaz", "Freweyni", "Winta"],
        family=["Tesfamariam", "Ghebremedhin", "Kidane", "Haile", "Tekle", "Berhane", "Woldu",
                "Mehari", "Abraham", "Gebremichael", "Asfaha", "Habte", "Negash", "Okbay",
                "Tewelde", "Yemane", "Ghebreyesus"],
        arrival_years=(2014, 2024),
        year_only_share=0.4,
        extra_languages=["en", "ar"],
    ),
    "DE": Region(
        nationality="DE",
        weight=11,
        languages=[("de", 100)],
        male=["Thomas", "Michael", "Andreas", "Stefan", "Jan", "Lukas", "Tobias", "Daniel",
              "Markus", "Sven", "Kevin", "Dennis", "Marcel", "Patrick"],
        female=["Anna", "Sabine", "Julia", "Katrin", "Sandra", "Nicole", "Laura", "Lea",
                "Melanie", "Stefanie", "Jana", "Claudia", "Jessica", "Tanja"],
        family=["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
                "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
                "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange"],
        arrival_years=(0, 0),  # born in Germany: no arrival date
        extra_languages=["en", "tr", "ru", "pl"],
    ),
}  # fmt: skip

# Spelling variants that turn up in documents and earlier registrations.
VARIANTS: dict[str, list[str]] = {
    "Mohammed": ["Muhammad", "Mohamed", "Mohammad"], "Mohammad": ["Muhammad", "Mohammed"],
    "Ahmad": ["Ahmed", "Achmad"], "Ahmed": ["Ahmad"], "Yousef": ["Youssef", "Yusuf"],
    "Khaled": ["Khalid", "Chaled"], "Mahmoud": ["Mahmud", "Machmud"], "Omar": ["Umar"],
    "Mustafa": ["Mostafa", "Moustafa"], "Hussein": ["Husain", "Hussain"], "Hassan": ["Hasan"],
    "Al-Hassan": ["Alhasan", "Al Hassan", "El-Hassan"], "Al-Ahmad": ["Alahmad", "El Ahmad"],
    "Al-Khatib": ["Alkhatib", "El-Chatib"], "Al-Ali": ["Alali"], "Sulaiman": ["Suleiman"],
    "Kassem": ["Qasim", "Kasem"], "Yassin": ["Yasin"], "Aisha": ["Aischa", "Ayesha"],
    "Fatima": ["Fatma", "Fatimah"], "Nour": ["Nur"], "Maryam": ["Mariam"], "Reem": ["Rim"],
    "Hosseini": ["Husseini", "Hosaini"], "Mohammadi": ["Muhammadi"], "Noori": ["Nuri"],
    "Haidari": ["Heydari"], "Rezaei": ["Rezai"], "Zabiullah": ["Sabiullah"],
    "Zainab": ["Zeinab", "Sainab"], "Mahmood": ["Mahmud"], "Qadir": ["Kadir"],
    "Al-Jubouri": ["Al-Jaburi", "Aljubouri"], "Saeed": ["Said"], "Murtadha": ["Murtada"],
    "Oleksandr": ["Aleksandr", "Alexander"], "Andrii": ["Andrej", "Andriy"],
    "Dmytro": ["Dmitrij", "Dmitro"], "Serhii": ["Sergej", "Serhiy"], "Yurii": ["Jurij"],
    "Nataliia": ["Natalija", "Natalia"], "Iryna": ["Irina"], "Tetiana": ["Tatjana", "Tatiana"],
    "Yuliia": ["Julija", "Yulia"], "Kateryna": ["Katerina", "Jekaterina"],
    "Anastasiia": ["Anastasija"], "Viktoriia": ["Viktorija"], "Mariia": ["Marija"],
    "Kovalenko": ["Kowalenko"], "Shevchenko": ["Schewtschenko"], "Tkachenko": ["Tkatschenko"],
    "Kravchenko": ["Krawtschenko"], "Melnyk": ["Melnik"], "Boiko": ["Bojko"],
    "Oliinyk": ["Olijnyk"], "Savchenko": ["Sawtschenko"], "Polishchuk": ["Polischtschuk"],
    "Kovalchuk": ["Kowaltschuk"], "Ionuț": ["Ionut"], "Ștefan": ["Stefan"], "Răzvan": ["Razvan"],
    "Luminița": ["Luminita"], "Bălan": ["Balan"], "Stănescu": ["Stanescu"], "Tănase": ["Tanase"],
    "Niță": ["Nita"], "Hristo": ["Christo"], "Hristov": ["Christov", "Hristow"],
    "Georgiev": ["Georgiew"], "Yordanov": ["Jordanov", "Jordanow"], "Yordan": ["Jordan"],
    "Stoyanov": ["Stojanov"], "Mihaylov": ["Mihailov", "Michailow"], "Ayshe": ["Ayse", "Aische"],
    "Yılmaz": ["Yilmaz", "Jilmas"], "Şahin": ["Sahin"], "Çelik": ["Celik", "Tschelik"],
    "Yıldız": ["Yildiz"], "Öztürk": ["Oeztuerk", "Ozturk"], "Aydın": ["Aydin"],
    "Özdemir": ["Oezdemir", "Ozdemir"], "Doğan": ["Dogan"], "Kılıç": ["Kilic"],
    "Hüseyin": ["Hüssein", "Huseyin"], "İbrahim": ["Ibrahim"], "Ayşe": ["Ayse", "Aische"],
    "Şerife": ["Serife"], "Büşra": ["Busra"], "Özlem": ["Oezlem"], "Ömer": ["Oemer", "Omer"],
    "Ghebremedhin": ["Gebremedhin", "Ghebremedin"], "Gebremichael": ["Ghebremichael"],
    "Tesfamariam": ["Tesfamaryam"], "Tesfay": ["Tesfai"], "Yohannes": ["Johannes"],
    "Ghebreyesus": ["Gebreyesus"], "Freweyni": ["Frewoini"],
    "Müller": ["Mueller"], "Schröder": ["Schroeder"], "Meyer": ["Meier", "Maier"],
    "Krüger": ["Krueger"], "Schmidt": ["Schmitt"],
}  # fmt: skip

# Ukrainian names as they appear in Cyrillic documents.
CYRILLIC: dict[str, str] = {
    "Oleksandr": "Олександр", "Andrii": "Андрій", "Dmytro": "Дмитро", "Serhii": "Сергій",
    "Volodymyr": "Володимир", "Mykola": "Микола", "Ivan": "Іван", "Yurii": "Юрій",
    "Taras": "Тарас", "Bohdan": "Богдан", "Maksym": "Максим", "Vitalii": "Віталій",
    "Artem": "Артем", "Olena": "Олена", "Nataliia": "Наталія", "Iryna": "Ірина",
    "Tetiana": "Тетяна", "Oksana": "Оксана", "Svitlana": "Світлана", "Yuliia": "Юлія",
    "Kateryna": "Катерина", "Anastasiia": "Анастасія", "Viktoriia": "Вікторія",
    "Halyna": "Галина", "Larysa": "Лариса", "Mariia": "Марія", "Alina": "Аліна",
    "Kovalenko": "Коваленко", "Shevchenko": "Шевченко", "Bondarenko": "Бондаренко",
    "Tkachenko": "Ткаченко", "Kravchenko": "Кравченко", "Melnyk": "Мельник", "Boiko": "Бойко",
    "Koval": "Коваль", "Oliinyk": "Олійник", "Lysenko": "Лисенко", "Moroz": "Мороз",
    "Savchenko": "Савченко", "Petrenko": "Петренко", "Rudenko": "Руденко",
    "Marchenko": "Марченко", "Polishchuk": "Поліщук", "Kovalchuk": "Ковальчук",
    "Ponomarenko": "Пономаренко", "Hnatiuk": "Гнатюк",
}  # fmt: skip

# Staff names (users of the platform).
STAFF_GIVEN = ["Miriam", "Jonas", "Selin", "Paul", "Tobias", "Nadia", "Katharina", "Elias",
               "Birgit", "Frank", "Claudia", "Markus", "Ulrike", "Holger", "Svenja", "Ole",
               "Leyla", "Bernd", "Hanna", "Deniz", "Jelena", "Maximilian", "Ines", "Arne",
               "Rabia", "Friederike", "Kerstin", "Volker", "Aylin", "Dirk"]  # fmt: skip
STAFF_FAMILY = ["Kessler", "Albers", "Aktaş", "Wendt", "Brandt", "Rahmani", "Vogt", "Morawski",
                "Lorenz", "Heinemann", "Engel", "Petersen", "Sommer", "Brandes", "Kühn", "Janssen",
                "Kaya", "Lindner", "Busch", "Yıldırım", "Petrović", "Franke", "Haas", "Seidel",
                "Arnold", "Winter", "Böhm", "Krause", "Güler", "Pohl"]  # fmt: skip

TOWN_PREFIXES = ["Nord", "Süd", "Ost", "West", "Berg", "Tal", "Wald", "Feld", "Linden", "Eichen",
                 "Birken", "Mühl", "Stein", "Bach", "Rosen", "Hohen", "Nieder", "Ober", "Kirch",
                 "Hag", "Wies", "Brun", "Hassel", "Erlen"]  # fmt: skip
TOWN_SUFFIXES = ["heim", "hausen", "dorf", "stadt", "feld", "berg", "bach", "au", "rode", "burg",
                 "hagen", "kirchen", "beck", "ingen", "brück"]  # fmt: skip
DISTRICTS = ["Mitte", "Nord", "Süd", "Ost", "West", "Altstadt", "Neustadt", "Bahnhofsviertel",
             "Oberdorf", "Unterdorf", "Am Berg", "Lindenhof", "Rosental", "Kirchberg", "Talaue",
             "Hafenviertel", "Heide", "Gartenstadt", "Weiher", "Am Park"]  # fmt: skip
STREETS = ["Hauptstraße", "Bahnhofstraße", "Lindenweg", "Schulstraße", "Gartenstraße", "Am Markt",
           "Kirchstraße", "Bergstraße", "Wiesenweg", "Mühlenweg", "Goethestraße", "Schillerstraße",
           "Ringstraße", "Birkenallee", "Feldstraße", "Rosenstraße", "Amselweg", "Ahornweg",
           "Marktplatz", "Poststraße", "Talstraße", "Parkstraße", "Am Sportplatz", "Eichendorffstraße",
           "Wilhelmstraße", "Kastanienallee", "Friedhofstraße", "Uferstraße"]  # fmt: skip

# Blocks reserved for fiction ("Drama-Rufnummern"): area code and 5-digit block + 3 digits.
PHONE_BLOCKS = ["0221 4710", "030 23125", "069 90009", "040 66969", "089 99998"]
EMAIL_DOMAINS = ["example.org", "example.com", "example.net"]

WELFARE_PROVIDERS = [
    ("AWO", "AWO"),
    ("CAR", "Caritas"),
    ("DIA", "Diakonie"),
    ("DRK", "DRK"),
    ("PAR", "Der Paritätische"),
]

# Reasons for opening a case (Anlass), by the field that leads.
REASONS: dict[str, list[str]] = {
    "aufenthalt": ["Aufenthaltserlaubnis läuft aus, Verlängerung und Perspektive klären",
                   "Duldung; Beratung zu Bleiberechtsperspektiven gewünscht",
                   "Fragen zur Einbürgerung und zu den Voraussetzungen"],
    "sprache": ["Sucht Integrationskurs mit Kinderbetreuung",
                "Deutschkurs abgebrochen, möchte wieder einsteigen"],
    "bildung": ["Kinder ohne Schulplatz seit Zuzug", "Schulische Probleme des Sohnes, Schule bittet um Unterstützung"],
    "kita": ["Kein Kita-Platz für zwei Kinder, dadurch kein Sprachkurs möglich"],
    "arbeit": ["Berufsabschluss aus dem Herkunftsland soll anerkannt werden",
               "Sucht Ausbildungsplatz, Unterstützung bei Bewerbungen",
               "Arbeitsaufnahme geplant, Fragen zu Arbeitserlaubnis und Vertrag"],
    "wohnen": ["Droht Wohnungsverlust, Mietrückstände", "Lebt in Gemeinschaftsunterkunft, sucht Wohnung"],
    "gesundheit": ["Krankenversicherung ungeklärt, laufende Behandlung",
                   "Psychische Belastung, Anbindung an Beratungsstelle gewünscht"],
    "familie": ["Alleinerziehend mit drei Kindern, vielfältiger Unterstützungsbedarf",
                "Familiennachzug der Ehefrau und Kinder geplant"],
    "existenz": ["Leistungen eingestellt, Klärung mit Jobcenter nötig", "Schulden und offene Rechnungen"],
    "teilhabe": ["Sehr isoliert, sucht Kontakt und Ehrenamt"],
    "orientierung": ["Neu zugewandert, benötigt Orientierung in allen Lebensbereichen",
                     "Vermittelt durch Jobcenter: viele offene Behördenangelegenheiten"],
}  # fmt: skip

# Short counselling notes, by field of action.
NOTES: dict[str, list[str]] = {
    "aufenthalt": ["Unterlagen für die Verlängerung der Aufenthaltserlaubnis zusammengestellt.",
                   "Termin bei der Ausländerbehörde vorbereitet, Fragen durchgesprochen.",
                   "Passbeschaffung besprochen; Botschaftstermin steht noch aus.",
                   "Fiktionsbescheinigung liegt vor, Kopie zur Akte.",
                   "Voraussetzungen für Einbürgerung geprüft, Einbürgerungstest fehlt noch."],
    "sprache": ["Anmeldung zum Integrationskurs besprochen, Berechtigungsschein beantragt.",
                "Kursplatz ab nächstem Monat bestätigt.",
                "Sprachkurs läuft, Prüfung B1 im Herbst geplant.",
                "Alphabetisierungskurs empfohlen, Kontakt zur VHS hergestellt."],
    "bildung": ["Schulanmeldung für die Tochter begleitet.",
                "Gespräch mit Klassenlehrerin organisiert, Sprachmittlung angefragt.",
                "Antrag auf Bildung und Teilhabe (Nachhilfe) gestellt."],
    "kita": ["Kita-Anmeldung über das Portal erledigt.",
             "Zusage für Kita-Platz ab dem 1. des Monats erhalten.",
             "Eingewöhnung besprochen; Brückenangebot als Zwischenlösung vermittelt."],
    "arbeit": ["Unterlagen für Anerkennung des Berufsabschlusses an die Anerkennungsstelle geschickt.",
               "Lebenslauf erstellt, zwei Bewerbungen verschickt.",
               "Termin bei der Agentur für Arbeit vereinbart.",
               "Arbeitsvertrag durchgesprochen, Probezeit und Lohn erklärt.",
               "Praktikumsplatz in einem Handwerksbetrieb gefunden."],
    "wohnen": ["Wohnungssuche: zwei Angebote besprochen, WBS-Antrag ausgefüllt.",
               "Mietrückstand mit Vermieter geklärt, Ratenzahlung vereinbart.",
               "Antrag auf Übernahme der Kaution beim Jobcenter gestellt."],
    "gesundheit": ["Hausarzttermin vereinbart, Krankenversicherung geklärt.",
                   "Kontakt zum psychosozialen Zentrum hergestellt.",
                   "Begleitung zum Facharzttermin organisiert."],
    "familie": ["Kindergeldantrag gestellt, Familienkasse angeschrieben.",
                "Kontakt zum Jugendamt (ASD) wegen Unterstützung der Familie aufgenommen.",
                "Informationen zu Elterngeld und Unterhaltsvorschuss gegeben."],
    "existenz": ["Weiterbewilligungsantrag beim Jobcenter gemeinsam ausgefüllt.",
                 "Telefonat mit Jobcenter wegen fehlender Unterlagen.",
                 "Vermittlung an die Schuldnerberatung.",
                 "Bescheid des Sozialamts erklärt, Widerspruchsfrist notiert."],
    "teilhabe": ["Kontakt zu Sportverein hergestellt.",
                 "Ehrenamtliche Patenschaft vermittelt.",
                 "Teilnahme am Frauencafé im Stadtteilzentrum verabredet."],
    "orientierung": ["Informationen zu Behördengängen und Zuständigkeiten gegeben.",
                     "Post der letzten Wochen gemeinsam sortiert und erklärt.",
                     "Bankkonto eröffnet, Anmeldung beim Bürgerbüro erledigt."],
}  # fmt: skip
# First talks: [without interpreter, with interpreter].
INTAKE_NOTES = [
    [
        "Erstgespräch: Situation geklärt, Einwilligung unterschrieben.",
        "Erstkontakt nach Vermittlung durch das Jobcenter, Einwilligung erteilt.",
    ],
    [
        "Erstgespräch mit Sprachmittlung, Anliegen und Unterlagen aufgenommen.",
        "Erstgespräch mit Sprachmittlung: Situation geklärt, Einwilligung unterschrieben.",
    ],
]
CLOSING_NOTES = [
    "Abschlussgespräch: Ziele erreicht, Fall wird abgeschlossen.",
    "Person ist verzogen, Abschluss nach Rücksprache.",
    "Anliegen geklärt, keine weitere Unterstützung gewünscht.",
]
