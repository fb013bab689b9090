"""The personal-data detector, in English, French, Arabic and Dutch: what it must find, and the
look-alikes of reports (years, pages, ISBNs, statistics, dates) it must leave alone.

Run with `-s` to see the counts: detections on the positive set, findings on the demo texts
(which hold no personal data, so every finding there is a false positive).
"""

import random
import string
from pathlib import Path

import phonenumbers
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kms.personal_data import kind_labels, scan, scan_parts

pytestmark = pytest.mark.both_databases

DEMO = Path(__file__).resolve().parent.parent / "kms" / "demo" / "data"

# (language, text, kind, what must be found)
POSITIVES = [
    ("en", "Call him on +216 98 123 456 after five.", "phone", "+216 98 123 456"),
    ("en", "His mobile: 0101 234 5678 (Cairo).", "phone", "0101 234 5678"),
    ("en", "WhatsApp 0021698123456 if the line is busy.", "phone", "0021698123456"),
    ("en", "Write to ahmed.salem1990@gmail.com for the file.", "email", "ahmed.salem1990@gmail.com"),
    ("en", "Passport no. A12345678, expired.", "id_number", "A12345678"),
    ("en", "National ID 29001011234567 was shown at the border.", "id_number", "29001011234567"),
    ("en", "He sleeps at 32.88765, 13.19112 near the port.", "gps", "32.88765, 13.19112"),
    ("en", "Date of birth: 14/07/1996, single.", "birth_date", "14/07/1996"),
    ("en", "She was born on March 5, 1987 in Kano.", "birth_date", "March 5, 1987"),
    ("en", "Pay into GB82 WEST 1234 5698 7654 32 please.", "iban", "GB82 WEST 1234 5698 7654 32"),
    ("fr", "Appelez-la au 06 12 34 56 78 le matin.", "phone", "06 12 34 56 78"),
    ("fr", "Tél. : 98 123 456 (Médenine).", "phone", "98 123 456"),
    ("fr", "Son numéro sénégalais, tél. 77 123 45 67.", "phone", "77 123 45 67"),
    ("fr", "Écrire à fatou.diallo@orange.sn avant lundi.", "email", "fatou.diallo@orange.sn"),
    ("fr", "Numéro de passeport : XA1234567.", "id_number", "XA1234567"),
    ("fr", "CIN n° 01234567 délivrée à Sfax.", "id_number", "01234567"),
    ("fr", "Sécurité sociale 2 95 10 99 126 111 93.", "id_number", "2 95 10 99 126 111 93"),
    ("fr", "Né le 03/04/1991 à Conakry.", "birth_date", "03/04/1991"),
    ("fr", "née le 12 janvier 2001 à Abidjan", "birth_date", "12 janvier 2001"),
    ("fr", "Virement sur FR14 2004 1010 0505 0001 3M02 606.", "iban", "FR14 2004 1010 0505 0001 3M02 606"),
    ("fr", "Le campement se trouve à 34°44'25\"N 10°45'36\"E.", "gps", "34°44'25\"N 10°45'36\"E"),
    ("ar", "رقم هاتفه ٠١٠١٢٣٤٥٦٧٨ للتواصل", "phone", "٠١٠١٢٣٤٥٦٧٨"),
    ("ar", "اتصل على الجوال ۰۹۱۲۳۴۵۶۷۸ مساء", "phone", "۰۹۱۲۳۴۵۶۷۸"),
    ("ar", "الهاتف: ٩٨ ١٢٣ ٤٥٦ في مدنين", "phone", "٩٨ ١٢٣ ٤٥٦"),
    ("ar", "البريد salma.omar@yahoo.com للمراسلة", "email", "salma.omar@yahoo.com"),
    ("ar", "رقم جواز السفر P12345678 لدى المكتب", "id_number", "P12345678"),
    ("ar", "الرقم القومي ٢٩٠٠١٠١١٢٣٤٥٦٧ مسجل", "id_number", "٢٩٠٠١٠١١٢٣٤٥٦٧"),
    ("ar", "رقم بطاقة التعريف 09876543 بصفاقس", "id_number", "09876543"),
    ("ar", "من مواليد ١٢/٠٣/١٩٩٠ في سوهاج", "birth_date", "١٢/٠٣/١٩٩٠"),
    ("ar", "تاريخ الميلاد 3 أبريل 1985، أعزب", "birth_date", "3 أبريل 1985"),
    ("ar", "ولد في 7 جويلية 1999 بقابس", "birth_date", "7 جويلية 1999"),
    ("ar", "الحساب TN59 1000 6035 1835 9847 8831 باسمه", "iban", "TN59 1000 6035 1835 9847 8831"),
    ("ar", "يقيم عند ٣٢٫٨٨٧٦٥، ١٣٫١٩١١٢ قرب الميناء", "gps", "٣٢٫٨٨٧٦٥، ١٣٫١٩١١٢"),
    ("nl", "Bel hem op 06-12345678 na vijf uur.", "phone", "06-12345678"),
    ("nl", "Telefoon: 0475 12 34 56 (Brussel).", "phone", "0475 12 34 56"),
    ("nl", "Mail naar p.janssens@telenet.be voor het dossier.", "email", "p.janssens@telenet.be"),
    ("nl", "Haar BSN is 111222333, zie het dossier.", "id_number", "111222333"),
    ("nl", "Rijksregisternummer 85.07.30-033.28 op de kaart.", "id_number", "85.07.30-033.28"),
    ("nl", "Paspoortnummer NW1234567 verlopen.", "id_number", "NW1234567"),
    ("nl", "Geboren op 5 maart 1988 in Conakry.", "birth_date", "5 maart 1988"),
    ("nl", "Geboortedatum: 1990-11-23.", "birth_date", "1990-11-23"),
    ("nl", "Storten op NL91 ABNA 0417 1643 00 graag.", "iban", "NL91 ABNA 0417 1643 00"),
    ("nl", "De opvang ligt op 50.85045, 4.34878 in Brussel.", "gps", "50.85045, 4.34878"),
]

NEGATIVES = [
    ("en", "Between 2019-2023 the network helped 11 200 refugees and 1 234 567 people in all."),
    ("en", "See ISBN 0-306-40615-2 and ISBN 978-2-07-036822-8, pages 112-118."),
    ("en", "doi:10.1080/13691830.2019.1234567; report 2021, p. 45; table 3.2."),
    ("en", "The budget was 1,250,000 USD; 48 300 people assisted; 12 345 678 crossings counted."),
    ("en", "The project was born in March 2019 and the workshop met on 12/03/2022."),
    ("en", "Call for proposals 2024 2025: 35 projects, 0.75 of them in Libya."),
    ("en", "Ratios of 0.12345 and 0.67891 across 14 transit points."),
    ("en", "Passport fees rose in 2019-2020 for 12 345 applicants."),
    ("fr", "En 2024, 20 192 023 entrées ont été enregistrées ; taux de 12,5 %."),
    ("fr", "Réunion du 05/06/2024 à 14 h 30, salle 2, 3e étage."),
    ("fr", "Le 12 janvier 2001, la loi n° 2001-12 a été adoptée."),
    ("fr", "Contactez le centre de ressources de Médenine, ouvert du lundi au vendredi."),
    ("fr", "Le code postal 4100, le budget 2 500 000 dinars, la référence 2023/0456."),
    ("ar", "في عام ٢٠٢٤ تم تسجيل ١١ ٢٠٠ لاجئ و٤٨٣٠٠ مهاجر."),
    ("ar", "اجتماع يوم ٠٥/٠٦/٢٠٢٤ في الساعة ١٠:٣٠."),
    ("ar", "صدر القانون رقم ٢٠١٨-٥٩ بشأن الهجرة في ٢٠١٨."),
    ("ar", "نسبة ٠٫٢٥ من المستفيدين في ١٤ نقطة عبور."),
    ("nl", "In 2023 werden 11.200 vluchtelingen opgevangen, 0,5 procent meer."),
    ("nl", "Zie pagina 12-18 van het rapport 2022 en tabel 4.1."),
    ("nl", "De bijeenkomst op 12-03-2024 duurde 2 uur."),
    ("nl", "Het project werd geboren uit een idee van 2019."),
]


def found(text):
    return [(f.kind, f.match) for f in scan(text)]


@pytest.mark.parametrize(
    "language,text,kind,match", POSITIVES, ids=[f"{p[0]}-{p[2]}-{i}" for i, p in enumerate(POSITIVES)]
)
def test_finds_personal_data(language, text, kind, match):
    assert (kind, match) in found(text)


@pytest.mark.parametrize("language,text", NEGATIVES, ids=[f"{n[0]}-{i}" for i, n in enumerate(NEGATIVES)])
def test_leaves_figures_of_reports_alone(language, text):
    assert found(text) == []


def test_every_language_and_kind_is_covered():
    assert {p[0] for p in POSITIVES} == {"en", "fr", "ar", "nl"}
    assert {p[2] for p in POSITIVES} == {"phone", "email", "id_number", "iban", "gps", "birth_date"}
    assert {n[0] for n in NEGATIVES} == {"en", "fr", "ar", "nl"}


def test_counts_on_the_positive_set(capsys):
    detected = sum((kind, match) in found(text) for _language, text, kind, match in POSITIVES)
    false_alarms = sum(len(found(text)) for _language, text in NEGATIVES)
    with capsys.disabled():
        print(
            f"\npersonal data: {detected}/{len(POSITIVES)} detected; {false_alarms} findings on {len(NEGATIVES)} look-alikes"
        )
    assert detected == len(POSITIVES) and false_alarms == 0


def test_checksums_keep_look_alikes_out():
    # One digit changed: the mod-97 key, the 11-test and the national number's key no longer hold.
    assert found("IBAN BE71 0961 2345 6768") == []
    assert found("BSN 111222334") == []
    assert found("85.07.30-033.29 in de lijst") == []


def test_snippet_shows_context_and_hides_most_of_the_number():
    (finding,) = scan("<p>Appelez Amira au 06 12 34 56 78 demain.</p>", where="Contexte")
    assert finding.where == "Contexte"
    assert finding.masked == "06 •• •• •• 78"
    assert finding.before.strip().startswith("…Appelez Amira au")
    assert "demain." in finding.after
    assert "12 34 56" not in finding.snippet


def test_tables_of_figures_and_codes_are_not_personal_data():
    rows = random.Random(7)
    figures = " ".join(str(rows.randint(0, 99_999)) for _ in range(3000))
    codes = " ".join(f"{rows.randint(0, 99_999):05d}" for _ in range(3000))
    assert found(figures) == [] and found(codes) == []


def test_html_paragraphs_never_join_into_one_number():
    assert found("<p>Tél.</p><p>2019</p><p>2023</p>") == []


def test_scan_parts_names_where_each_finding_is():
    findings = scan_parts([("Title", "Plain"), ("report.pdf", "mail x.y@example.org"), ("Empty", "")])
    assert [(f.where, f.kind) for f in findings] == [("report.pdf", "email")]


def test_kind_labels_in_the_readers_language():
    from django.utils import translation

    with translation.override("fr"):
        assert kind_labels("phone,email") == ["numéro de téléphone", "adresse e-mail"]


REGIONS = ("EG", "TN", "LY", "MA", "SN", "BE", "NL", "FR")


@settings(max_examples=60, deadline=None)
@given(region=st.sampled_from(REGIONS), international=st.booleans(), arabic=st.booleans())
def test_the_libraries_example_mobile_numbers_are_found(region, international, arabic):
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    style = phonenumbers.PhoneNumberFormat.INTERNATIONAL if international else phonenumbers.PhoneNumberFormat.NATIONAL
    written = phonenumbers.format_number(number, style)
    if arabic:
        written = written.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert ("phone", written) in found(f"tél. {written} —")


@settings(max_examples=100, deadline=None)
@given(value=st.integers(min_value=1000, max_value=99_999_999), sep=st.sampled_from([" ", ".", ",", "\u202f"]))
def test_statistics_with_thousands_separators_are_never_personal_data(value, sep):
    written = f"{value:,}".replace(",", sep)
    assert found(f"In 2024, {written} people were assisted; en 2024, {written} personnes.") == []


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=string.printable + "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬@°éعربي", max_size=300))
def test_any_text_gives_findings_inside_it_and_never_overlapping(text):
    findings = scan(text)
    ends = -1
    for finding in findings:
        assert finding.start >= ends and finding.match
        ends = finding.end


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# The texts the check scans in the demo: lessons (and their evidence files), discussions and
# replies, documents and publications. Contact details of the site (contact page, footer) are not
# member or document text and are not scanned.
DEMO_SECTIONS = {
    "communities.yaml": ("lessons", "evidence", "threads", "replies"),
    "pages.yaml": ("documents",),
    "research.yaml": ("publications", "projects"),
}


def test_no_findings_in_the_demo_texts(capsys):
    texts, findings = 0, []
    for language in ("en", "fr", "ar", "nl"):
        for name, sections in DEMO_SECTIONS.items():
            data = yaml.safe_load((DEMO / language / name).read_text(encoding="utf-8")) or {}
            for section in sections:
                for text in _strings(data.get(section, {})):
                    texts += 1
                    findings += [(language, name, f.kind, f.match) for f in scan(text)]
    with capsys.disabled():
        print(f"\npersonal data on the demo texts: {len(findings)} findings in {texts} texts {findings or ''}")
    assert texts > 100 and findings == []
