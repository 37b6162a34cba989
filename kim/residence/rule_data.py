"""The rules of the eligibility pre-checks as data: one entry per rule version, each
with its legal reference and validity period, each criterion naming its evaluator
(`eligibility.EVALUATORS`) and parameters.

State of the law as in the team's DOMAIN.md (2026-11-21):

- § 10 StAG, three versions: up to 26 Jun 2024 eight years of residence (seven
  with an integration course, six with special integration), giving up the former
  citizenship; from 27 Jun 2024 five years (three with C1 and special
  integration), multiple citizenship allowed, livelihood exceptions narrowed; from
  30 Oct 2025 the three-year fast track is gone, without transition.
- § 25a and § 25b AufenthG, two versions each: the Chancen-Aufenthaltsrecht law
  (in force 31 Dec 2022) shortened the periods (§ 25a: four to three years of stay
  and schooling, age limit 21 to 27; § 25b: eight to six years, six to four with a
  minor child) and added holders of a § 104c title.

A rule change is a new entry here, never an edit of an old one: checks dated in
the past must keep giving the answers of their day.
"""

from datetime import date

# Criteria that every version of a check shares are written once and reused.
GERMAN_B1 = {
    "code": "language",
    "label": "Deutschkenntnisse B1",
    "evaluator": "language_at_least",
    "params": {"level": "B1"},
    "reference": "§ 10 Abs. 1 Satz 1 Nr. 6, Abs. 4 StAG",
}
TEST = {
    "code": "test",
    "label": "Einbürgerungstest",
    "evaluator": "flag_true",
    "params": {
        "fact": "naturalisation_test_passed",
        "met": "Der Einbürgerungstest (oder ein gleichwertiger Nachweis, etwa ein deutscher "
        "Schulabschluss) ist bestanden.",
        "not_met": "Der Einbürgerungstest ist noch nicht bestanden.",
        "unknown": "Ob der Einbürgerungstest bestanden ist, ist nicht erfasst.",
    },
    "reference": "§ 10 Abs. 1 Satz 1 Nr. 7, Abs. 5 StAG",
}
COMMITMENT_STAG = {
    "code": "commitment",
    "label": "Bekenntnis zur freiheitlichen demokratischen Grundordnung",
    "evaluator": "flag_true",
    "params": {
        "fact": "commitment",
        "met": "Das Bekenntnis zur freiheitlichen demokratischen Grundordnung liegt vor.",
        "not_met": "Das Bekenntnis zur freiheitlichen demokratischen Grundordnung liegt nicht vor.",
        "unknown": "Ob das Bekenntnis abgegeben werden kann, ist nicht erfasst.",
    },
    "reference": "§ 10 Abs. 1 Satz 1 Nr. 1 StAG",
}
LIVELIHOOD_STAG_NEW = {
    "code": "livelihood",
    "label": "Lebensunterhalt ohne Leistungen nach SGB II oder XII",
    "evaluator": "livelihood_without_benefits",
    "params": {
        "exceptions": ["former_guest_worker", "full_time_20_of_24", "spouse_of_exempt_with_child"]
    },
    "reference": "§ 10 Abs. 1 Satz 1 Nr. 3 StAG",
}
LIVELIHOOD_STAG_OLD = {
    "code": "livelihood",
    "label": "Lebensunterhalt ohne Leistungen nach SGB II oder XII",
    "evaluator": "livelihood_without_benefits",
    "params": {"exceptions": ["not_own_fault"]},
    "reference": "§ 10 Abs. 1 Satz 1 Nr. 3 StAG (bis 26.06.2024)",
}
COMMITMENT_25B = {
    "code": "commitment",
    "label": "Bekenntnis zur Grundordnung und Grundkenntnisse",
    "evaluator": "all_true",
    "params": {
        "facts": ["commitment", "civic_knowledge"],
        "met": "Bekenntnis zur freiheitlichen demokratischen Grundordnung und Grundkenntnisse "
        "der Rechts- und Gesellschaftsordnung liegen vor.",
        "not_met": "Bekenntnis oder Grundkenntnisse der Rechts- und Gesellschaftsordnung fehlen.",
        "unknown": "Bekenntnis oder Grundkenntnisse der Rechts- und Gesellschaftsordnung sind "
        "nicht erfasst.",
    },
    "reference": "§ 25b Abs. 1 Satz 2 Nr. 2 AufenthG",
}
LIVELIHOOD_25B = {
    "code": "livelihood",
    "label": "Lebensunterhalt überwiegend durch Arbeit gesichert",
    "evaluator": "any_true",
    "params": {
        "facts": ["livelihood_mostly_by_work", "livelihood_prognosis_positive"],
        "met": "Der Lebensunterhalt ist überwiegend durch Erwerbstätigkeit gesichert oder "
        "wird es nach der Prognose sein.",
        "not_met": "Der Lebensunterhalt ist weder überwiegend durch Erwerbstätigkeit gesichert "
        "noch ist das zu erwarten.",
        "unknown": "Wie der Lebensunterhalt gesichert ist, ist nicht erfasst.",
    },
    "reference": "§ 25b Abs. 1 Satz 2 Nr. 3 AufenthG",
}
ORAL_A2 = {
    "code": "language",
    "label": "Mündliche Deutschkenntnisse A2",
    "evaluator": "language_at_least",
    "params": {"level": "A2"},
    "reference": "§ 25b Abs. 1 Satz 2 Nr. 4 AufenthG",
}
SCHOOL_ATTENDANCE = {
    "code": "school_attendance",
    "label": "Schulbesuch der Kinder im schulpflichtigen Alter",
    "evaluator": "children_attend_school",
    "params": {},
    "reference": "§ 25b Abs. 1 Satz 2 Nr. 5 AufenthG",
}
TOLERATED_25B = {
    "code": "status",
    "label": "Duldung oder Aufenthaltserlaubnis nach § 104c",
    "evaluator": "tolerated",
    "params": {"months": 0, "with_104c": True},
    "reference": "§ 25b Abs. 1 Satz 1 AufenthG",
}
PROGNOSIS_25A = {
    "code": "prognosis",
    "label": "Positive Integrationsprognose",
    "evaluator": "flag_true",
    "params": {
        "fact": "integration_prognosis_positive",
        "met": "Es ist zu erwarten, dass sich die Person in die Lebensverhältnisse einfügt.",
        "not_met": "Eine positive Integrationsprognose ist nicht zu erwarten.",
        "unknown": "Zur Integrationsprognose ist nichts erfasst.",
    },
    "reference": "§ 25a Abs. 1 Satz 1 Nr. 4 AufenthG",
}
IDENTITY_25A = {
    "code": "identity",
    "label": "Keine Täuschung über die Identität",
    "evaluator": "flag_false",
    "params": {
        "fact": "identity_deception",
        "met": "Es ist keine Täuschung über Identität oder Staatsangehörigkeit bekannt.",
        "not_met": "Eine Täuschung über Identität oder Staatsangehörigkeit steht der "
        "Erteilung entgegen.",
        "unknown": "Ob über die Identität getäuscht wurde, ist nicht erfasst.",
    },
    "reference": "§ 25a Abs. 1 Satz 3 AufenthG",
}

CHECKS = {
    "stag10": {
        "title": "Einbürgerung (§ 10 StAG)",
        "versions": [
            {
                "id": "stag10-2007",
                "valid_from": date(2007, 8, 28),
                "valid_until": date(2024, 6, 26),
                "reference": "§ 10 StAG in der Fassung bis 26.06.2024",
                "criteria": [
                    {
                        "code": "residence",
                        "label": "Rechtmäßiger gewöhnlicher Aufenthalt seit acht Jahren",
                        "evaluator": "residence_years",
                        "params": {
                            "fact": "residence_since",
                            "years": 8,
                            "reductions": [
                                {
                                    "years": 7,
                                    "when": [["integration_course_completed", True]],
                                    "because": "mit erfolgreich abgeschlossenem Integrationskurs",
                                },
                                {
                                    "years": 6,
                                    "when": [["special_integration", True]],
                                    "because": "bei besonderen Integrationsleistungen",
                                },
                            ],
                        },
                        "reference": "§ 10 Abs. 1 Satz 1, Abs. 3 StAG a. F.",
                    },
                    GERMAN_B1,
                    TEST,
                    LIVELIHOOD_STAG_OLD,
                    COMMITMENT_STAG,
                    {
                        "code": "former_citizenship",
                        "label": "Aufgabe der bisherigen Staatsangehörigkeit",
                        "evaluator": "flag_true",
                        "params": {
                            "fact": "former_citizenship_given_up_or_exempt",
                            "met": "Die bisherige Staatsangehörigkeit wird aufgegeben, oder "
                            "eine Ausnahme liegt vor.",
                            "not_met": "Die bisherige Staatsangehörigkeit müsste aufgegeben "
                            "werden; das ist nicht vorgesehen.",
                            "unknown": "Ob die bisherige Staatsangehörigkeit aufgegeben wird "
                            "oder eine Ausnahme gilt, ist nicht erfasst.",
                        },
                        "reference": "§ 10 Abs. 1 Satz 1 Nr. 4, § 12 StAG a. F.",
                    },
                ],
            },
            {
                "id": "stag10-2024",
                "valid_from": date(2024, 6, 27),
                "valid_until": date(2025, 10, 29),
                "reference": "§ 10 StAG in der Fassung vom 27.06.2024 bis 29.10.2025",
                "criteria": [
                    {
                        "code": "residence",
                        "label": "Rechtmäßiger gewöhnlicher Aufenthalt seit fünf Jahren",
                        "evaluator": "residence_years",
                        "params": {
                            "fact": "residence_since",
                            "years": 5,
                            "reductions": [
                                {
                                    "years": 3,
                                    "when": [
                                        ["german_level", "C1"],
                                        ["special_integration", True],
                                    ],
                                    "because": "mit Deutsch auf C1 und besonderen "
                                    "Integrationsleistungen",
                                }
                            ],
                        },
                        "reference": "§ 10 Abs. 1 Satz 1, Abs. 3 StAG",
                    },
                    GERMAN_B1,
                    TEST,
                    LIVELIHOOD_STAG_NEW,
                    COMMITMENT_STAG,
                ],
            },
            {
                "id": "stag10-2025",
                "valid_from": date(2025, 10, 30),
                "valid_until": None,
                "reference": "§ 10 StAG in der Fassung ab 30.10.2025",
                "criteria": [
                    {
                        "code": "residence",
                        "label": "Rechtmäßiger gewöhnlicher Aufenthalt seit fünf Jahren",
                        "evaluator": "residence_years",
                        "params": {"fact": "residence_since", "years": 5, "reductions": []},
                        "reference": "§ 10 Abs. 1 Satz 1 StAG",
                    },
                    GERMAN_B1,
                    TEST,
                    LIVELIHOOD_STAG_NEW,
                    COMMITMENT_STAG,
                ],
            },
        ],
    },
    "aufenthg25a": {
        "title": "Aufenthalt für gut integrierte junge Menschen (§ 25a AufenthG)",
        "versions": [
            {
                "id": "aufenthg25a-2015",
                "valid_from": date(2015, 8, 1),
                "valid_until": date(2022, 12, 30),
                "reference": "§ 25a AufenthG in der Fassung bis 30.12.2022",
                "criteria": [
                    {
                        "code": "status",
                        "label": "Duldung",
                        "evaluator": "tolerated",
                        "params": {"months": 0, "with_104c": False},
                        "reference": "§ 25a Abs. 1 Satz 1 AufenthG a. F.",
                    },
                    {
                        "code": "residence",
                        "label": "Vier Jahre ununterbrochener Aufenthalt",
                        "evaluator": "residence_years",
                        "params": {"fact": "residence_since", "years": 4, "reductions": []},
                        "reference": "§ 25a Abs. 1 Satz 1 Nr. 1 AufenthG a. F.",
                    },
                    {
                        "code": "schooling",
                        "label": "Vier Jahre erfolgreicher Schulbesuch oder Abschluss",
                        "evaluator": "schooling",
                        "params": {"years": 4},
                        "reference": "§ 25a Abs. 1 Satz 1 Nr. 2 AufenthG a. F.",
                    },
                    {
                        "code": "age",
                        "label": "Antrag vor dem 21. Geburtstag",
                        "evaluator": "younger_than",
                        "params": {"age": 21},
                        "reference": "§ 25a Abs. 1 Satz 1 Nr. 3 AufenthG a. F.",
                    },
                    PROGNOSIS_25A,
                    IDENTITY_25A,
                ],
            },
            {
                "id": "aufenthg25a-2022",
                "valid_from": date(2022, 12, 31),
                "valid_until": None,
                "reference": "§ 25a AufenthG in der Fassung ab 31.12.2022",
                "criteria": [
                    {
                        "code": "status",
                        "label": "Seit zwölf Monaten geduldet oder Aufenthaltserlaubnis "
                        "nach § 104c",
                        "evaluator": "tolerated",
                        "params": {"months": 12, "with_104c": True},
                        "reference": "§ 25a Abs. 1 Satz 1 AufenthG",
                    },
                    {
                        "code": "residence",
                        "label": "Drei Jahre ununterbrochener Aufenthalt",
                        "evaluator": "residence_years",
                        "params": {"fact": "residence_since", "years": 3, "reductions": []},
                        "reference": "§ 25a Abs. 1 Satz 1 Nr. 1 AufenthG",
                    },
                    {
                        "code": "schooling",
                        "label": "Drei Jahre erfolgreicher Schulbesuch oder Abschluss",
                        "evaluator": "schooling",
                        "params": {"years": 3},
                        "reference": "§ 25a Abs. 1 Satz 1 Nr. 2 AufenthG",
                    },
                    {
                        "code": "age",
                        "label": "Antrag vor dem 27. Geburtstag",
                        "evaluator": "younger_than",
                        "params": {"age": 27},
                        "reference": "§ 25a Abs. 1 Satz 1 Nr. 3 AufenthG",
                    },
                    PROGNOSIS_25A,
                    IDENTITY_25A,
                ],
            },
        ],
    },
    "aufenthg25b": {
        "title": "Aufenthalt bei nachhaltiger Integration (§ 25b AufenthG)",
        "versions": [
            {
                "id": "aufenthg25b-2015",
                "valid_from": date(2015, 8, 1),
                "valid_until": date(2022, 12, 30),
                "reference": "§ 25b AufenthG in der Fassung bis 30.12.2022",
                "criteria": [
                    {
                        "code": "status",
                        "label": "Duldung",
                        "evaluator": "tolerated",
                        "params": {"months": 0, "with_104c": False},
                        "reference": "§ 25b Abs. 1 Satz 1 AufenthG a. F.",
                    },
                    {
                        "code": "residence",
                        "label": "Acht Jahre Aufenthalt",
                        "evaluator": "residence_years",
                        "params": {
                            "fact": "residence_since",
                            "years": 8,
                            "reductions": [
                                {
                                    "years": 6,
                                    "when": [["minor_child_in_household", True]],
                                    "because": "mit einem minderjährigen ledigen Kind im Haushalt",
                                }
                            ],
                        },
                        "reference": "§ 25b Abs. 1 Satz 2 Nr. 1 AufenthG a. F.",
                    },
                    COMMITMENT_25B,
                    LIVELIHOOD_25B,
                    ORAL_A2,
                    SCHOOL_ATTENDANCE,
                ],
            },
            {
                "id": "aufenthg25b-2022",
                "valid_from": date(2022, 12, 31),
                "valid_until": None,
                "reference": "§ 25b AufenthG in der Fassung ab 31.12.2022",
                "criteria": [
                    TOLERATED_25B,
                    {
                        "code": "residence",
                        "label": "Sechs Jahre Aufenthalt",
                        "evaluator": "residence_years",
                        "params": {
                            "fact": "residence_since",
                            "years": 6,
                            "reductions": [
                                {
                                    "years": 4,
                                    "when": [["minor_child_in_household", True]],
                                    "because": "mit einem minderjährigen ledigen Kind im Haushalt",
                                }
                            ],
                        },
                        "reference": "§ 25b Abs. 1 Satz 2 Nr. 1 AufenthG",
                    },
                    COMMITMENT_25B,
                    LIVELIHOOD_25B,
                    ORAL_A2,
                    SCHOOL_ATTENDANCE,
                ],
            },
        ],
    },
}
