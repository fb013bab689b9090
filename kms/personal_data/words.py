"""The words, in en, fr, ar and nl, that make a number personal data when they stand just before it.

Kept apart from the detector so a translator or a partner can add a word without reading a
regular expression. Every entry is matched case-insensitively on text whose Arabic-Indic
digits are already Western ones; Arabic entries are matched with or without the article.
"""

PHONE = (
    # en
    "tel",
    "phone",
    "telephone",
    "mobile",
    "cell",
    "whatsapp",
    "viber",
    "gsm",
    # fr
    "tél",
    "téléphone",
    "portable",
    "appeler",
    "appelez",
    "joindre",
    # nl
    "telefoon",
    "telefoonnummer",
    "mobiel",
    "bellen",
    # ar
    "هاتف",
    "الهاتف",
    "تليفون",
    "جوال",
    "الجوال",
    "محمول",
    "موبايل",
    "واتساب",
    "واتس",
    "اتصل",
    "اتصلوا",
)

BIRTH = (
    # en
    "born",
    "date of birth",
    "birth date",
    "birthdate",
    "dob",
    "d.o.b",
    # fr
    "né le",
    "née le",
    "né(e) le",
    "né",
    "née",
    "date de naissance",
    "naissance",
    # nl
    "geboren",
    "geboren op",
    "geboortedatum",
    "geb",
    # ar
    "تاريخ الميلاد",
    "تاريخ الولادة",
    "مواليد",
    "من مواليد",
    "المولود",
    "المولودة",
    "ولد",
    "ولدت",
    "الميلاد",
)

PASSPORT = (
    "passport",
    "passport no",
    "passeport",
    "paspoort",
    "paspoortnummer",
    "جواز",
    "جواز سفر",
    "جواز السفر",
    "رقم الجواز",
)

NATIONAL_ID = (
    # en
    "id number",
    "id no",
    "id card",
    "identity card",
    "national id",
    "national number",
    # fr
    "cin",
    "carte d'identité",
    "carte d’identité",
    "numéro d'identité",
    "numéro d’identité",
    "numéro national",
    "pièce d'identité",
    "pièce d’identité",
    # nl
    "bsn",
    "burgerservicenummer",
    "sofinummer",
    "identiteitskaart",
    "identiteitsnummer",
    "rijksregisternummer",
    # ar
    "الرقم القومي",
    "رقم قومي",
    "الرقم الوطني",
    "رقم الهوية",
    "بطاقة الهوية",
    "بطاقة التعريف",
    "بطاقة تعريف",
    "ب.ت.و",
)

# Month names as people write them in dates: English, French, Dutch, and Arabic as written in
# Egypt and the Gulf, in the Maghreb (جانفي, أوت…) and in the Levant (كانون الثاني…).
MONTHS = {
    1: ("january", "jan", "janvier", "janv", "januari", "يناير", "جانفي", "كانون الثاني"),
    2: ("february", "feb", "février", "fevrier", "févr", "februari", "فبراير", "فيفري", "شباط"),
    3: ("march", "mar", "mars", "maart", "مارس", "آذار"),
    4: ("april", "apr", "avril", "أبريل", "ابريل", "إبريل", "أفريل", "نيسان"),
    5: ("may", "mai", "mei", "مايو", "ماي", "أيار"),
    6: ("june", "jun", "juin", "juni", "يونيو", "يونيه", "جوان", "حزيران"),
    7: ("july", "jul", "juillet", "juil", "juli", "يوليو", "يوليه", "جويلية", "تموز"),
    8: ("august", "aug", "août", "aout", "augustus", "أغسطس", "اغسطس", "أوت", "آب"),
    9: ("september", "sep", "sept", "septembre", "سبتمبر", "أيلول"),
    10: ("october", "oct", "octobre", "oktober", "okt", "أكتوبر", "اكتوبر", "تشرين الأول"),
    11: ("november", "nov", "novembre", "نوفمبر", "تشرين الثاني"),
    12: ("december", "dec", "décembre", "decembre", "déc", "ديسمبر", "كانون الأول"),
}
