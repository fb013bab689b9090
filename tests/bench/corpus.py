"""A deterministic synthetic corpus shaped like the site's library, for search benchmarks.

`make_corpus(count, seed)` returns `count` search Records (the same seed always gives the
same records, and a smaller corpus is a prefix of a larger one). What makes it look real:

- a parallel domain lexicon (returnees, reintegration, protection, cash-based
  interventions, social cohesion, ...) with forms in English, French, Arabic and Dutch,
  country names (Tunisia, Libya, Egypt, ...) and organisations in each language, plus a
  long tail of generated words per language (Zipf-ranked, so a few words are everywhere
  and most are rare);
- each item is a sequence of concepts rendered in one or more languages: about 20% of
  the records belong to a group of language versions (en+fr, en+fr+ar, ...) whose texts
  are translations of one another (same concepts, each language's function words);
- titles name a theme and a country; summaries of 20-45 words; bodies of 100-300 words
  in sentences; countries, themes, organisations, dates (2012-2025), kinds and audiences
  (85% public, 10% members of one community, 5% staff) drawn per item;
- topic bias: an item's themes and countries appear in its text far more often than at
  random, so a query's selectivity varies as it does on a real library.

`QUERIES` is a fixed list of ~50 queries mixing the four languages: single words,
two-word queries, inflected or unaccented forms (which only a per-language analysis
finds) and two typos.
"""

import datetime
import itertools
import random
from dataclasses import dataclass

from search.records import PUBLIC, STAFF, Record

SEED = 20250301
LANGS = ("en", "fr", "ar", "nl")

# One row per concept: English | French | Arabic | Dutch.
LEXICON = """
returnees | rapatriés | العائدين | terugkeerders
returnee | rapatrié | العائد | terugkeerder
return | retour | العودة | terugkeer
voluntary return | retour volontaire | العودة الطوعية | vrijwillige terugkeer
reintegration | réintégration | إعادة الإدماج | re-integratie
reintegration assistance | aide à la réintégration | مساعدة إعادة الإدماج | re-integratiesteun
reintegrated | réintégrés | المعاد إدماجهم | gere-integreerd
migrants | migrants | المهاجرين | migranten
migrant | migrant | المهاجر | migrant
migration | migration | الهجرة | migratie
protection | protection | الحماية | bescherming
child protection | protection de l'enfance | حماية الطفل | kinderbescherming
cash-based interventions | interventions monétaires | التدخلات النقدية | cashgebaseerde interventies
cash transfers | transferts monétaires | التحويلات النقدية | contante overdrachten
social cohesion | cohésion sociale | التماسك الاجتماعي | sociale cohesie
livelihoods | moyens de subsistance | سبل العيش | levensonderhoud
vocational training | formation professionnelle | التدريب المهني | beroepsopleiding
training | formation | التدريب | opleiding
employment | emploi | التوظيف | werkgelegenheid
youth | jeunes | الشباب | jongeren
women | femmes | النساء | vrouwen
children | enfants | الأطفال | kinderen
families | familles | الأسر | gezinnen
community | communauté | المجتمع | gemeenschap
communities | communautés | المجتمعات | gemeenschappen
host communities | communautés d'accueil | المجتمعات المضيفة | gastgemeenschappen
psychosocial support | soutien psychosocial | الدعم النفسي الاجتماعي | psychosociale steun
mental health | santé mentale | الصحة النفسية | geestelijke gezondheid
health | santé | الصحة | gezondheid
education | éducation | التعليم | onderwijs
refugees | réfugiés | اللاجئين | vluchtelingen
refugee | réfugié | اللاجئ | vluchteling
asylum seekers | demandeurs d'asile | طالبي اللجوء | asielzoekers
displacement | déplacement | النزوح | ontheemding
internally displaced persons | personnes déplacées internes | النازحين داخليا | binnenlands ontheemden
border management | gestion des frontières | إدارة الحدود | grensbeheer
labour mobility | mobilité de la main-d'œuvre | تنقل العمالة | arbeidsmobiliteit
remittances | envois de fonds | التحويلات المالية | geldovermakingen
diaspora | diaspora | المغتربين | diaspora
small business | petite entreprise | المشاريع الصغيرة | kleine onderneming
business grants | subventions aux entreprises | منح الأعمال | bedrijfssubsidies
microenterprises | microentreprises | المشاريع متناهية الصغر | micro-ondernemingen
counselling | accompagnement | الإرشاد | begeleiding
case management | gestion des cas | إدارة الحالات | casemanagement
referral | orientation | الإحالة | doorverwijzing
vulnerable | vulnérables | الضعفاء | kwetsbare
vulnerability assessment | évaluation de la vulnérabilité | تقييم الهشاشة | kwetsbaarheidsbeoordeling
survey | enquête | المسح | enquête
assessment | évaluation | التقييم | beoordeling
report | rapport | التقرير | rapport
lessons learned | leçons apprises | الدروس المستفادة | geleerde lessen
good practices | bonnes pratiques | الممارسات الجيدة | goede praktijken
partners | partenaires | الشركاء | partners
partnership | partenariat | الشراكة | partnerschap
government | gouvernement | الحكومة | overheid
municipality | municipalité | البلدية | gemeente
local authorities | autorités locales | السلطات المحلية | lokale overheden
civil society | société civile | المجتمع المدني | maatschappelijk middenveld
programme | programme | البرنامج | programma
project | projet | المشروع | project
data | données | البيانات | gegevens
research | recherche | البحث | onderzoek
policy | politique | السياسة | beleid
climate change | changement climatique | تغير المناخ | klimaatverandering
resilience | résilience | الصمود | veerkracht
food security | sécurité alimentaire | الأمن الغذائي | voedselzekerheid
housing | logement | السكن | huisvesting
skills | compétences | المهارات | vaardigheden
networks | réseaux | الشبكات | netwerken
peer groups | groupes de pairs | مجموعات الأقران | peergroepen
gender | genre | النوع الاجتماعي | gender
human trafficking | traite des êtres humains | الاتجار بالبشر | mensenhandel
smuggling | trafic de migrants | تهريب المهاجرين | mensensmokkel
detention | détention | الاحتجاز | detentie
stranded migrants | migrants bloqués | المهاجرين العالقين | gestrande migranten
monitoring | suivi | الرصد | monitoring
coordination | coordination | التنسيق | coördinatie
capacity building | renforcement des capacités | بناء القدرات | capaciteitsopbouw
sustainable | durable | المستدام | duurzame
economic | économique | الاقتصادي | economische
integration | intégration | الاندماج | integratie
Mediterranean | Méditerranée | البحر المتوسط | Middellandse Zee
Sahel | Sahel | الساحل | Sahel
North Africa | Afrique du Nord | شمال أفريقيا | Noord-Afrika
"""
CONCEPTS = [tuple(part.strip() for part in line.split("|")) for line in LEXICON.strip().splitlines()]
CONCEPT_INDEX = {row[0]: number for number, row in enumerate(CONCEPTS)}

COUNTRIES = {
    "TN": ("Tunisia", "Tunisie", "تونس", "Tunesië"),
    "LY": ("Libya", "Libye", "ليبيا", "Libië"),
    "EG": ("Egypt", "Égypte", "مصر", "Egypte"),
    "MA": ("Morocco", "Maroc", "المغرب", "Marokko"),
    "SN": ("Senegal", "Sénégal", "السنغال", "Senegal"),
    "ML": ("Mali", "Mali", "مالي", "Mali"),
    "NE": ("Niger", "Niger", "النيجر", "Niger"),
    "NG": ("Nigeria", "Nigeria", "نيجيريا", "Nigeria"),
    "GN": ("Guinea", "Guinée", "غينيا", "Guinee"),
    "SD": ("Sudan", "Soudan", "السودان", "Soedan"),
    "ET": ("Ethiopia", "Éthiopie", "إثيوبيا", "Ethiopië"),
    "IQ": ("Iraq", "Irak", "العراق", "Irak"),
    "SY": ("Syria", "Syrie", "سوريا", "Syrië"),
    "AF": ("Afghanistan", "Afghanistan", "أفغانستان", "Afghanistan"),
    "CI": ("Côte d'Ivoire", "Côte d'Ivoire", "ساحل العاج", "Ivoorkust"),
    "GH": ("Ghana", "Ghana", "غانا", "Ghana"),
}
COUNTRY_WEIGHTS = {
    "TN": 14,
    "LY": 12,
    "EG": 12,
    "MA": 9,
    "SN": 6,
    "ML": 5,
    "NE": 5,
    "NG": 7,
    "GN": 5,
    "SD": 6,
    "ET": 5,
    "IQ": 6,
    "SY": 5,
    "AF": 4,
    "CI": 4,
    "GH": 3,
}
ORGANISATIONS = {
    "iom": ("IOM", "OIM", "المنظمة الدولية للهجرة", "IOM"),
    "unhcr": ("UNHCR", "HCR", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "UNHCR"),
    "enabel": ("Enabel", "Enabel", "إينابل", "Enabel"),
    "giz": ("GIZ", "GIZ", "الوكالة الألمانية للتعاون الدولي", "GIZ"),
    "drc": (
        "Danish Refugee Council",
        "Conseil danois pour les réfugiés",
        "المجلس الدنماركي للاجئين",
        "Deense Vluchtelingenraad",
    ),
    "undp": ("UNDP", "PNUD", "برنامج الأمم المتحدة الإنمائي", "UNDP"),
    "unicef": ("UNICEF", "UNICEF", "اليونيسف", "UNICEF"),
    "ilo": ("ILO", "OIT", "منظمة العمل الدولية", "IAO"),
    "eu": ("European Union", "Union européenne", "الاتحاد الأوروبي", "Europese Unie"),
}
# Theme slug -> the concepts an item on that theme talks about most.
THEMES = {
    "reintegration": [
        "returnees",
        "returnee",
        "reintegration",
        "reintegration assistance",
        "reintegrated",
        "voluntary return",
        "return",
        "counselling",
        "case management",
    ],
    "protection": [
        "protection",
        "child protection",
        "vulnerable",
        "vulnerability assessment",
        "referral",
        "human trafficking",
        "detention",
        "stranded migrants",
    ],
    "cash-based-interventions": [
        "cash-based interventions",
        "cash transfers",
        "food security",
        "housing",
        "vulnerable",
        "monitoring",
    ],
    "social-cohesion": [
        "social cohesion",
        "host communities",
        "community",
        "communities",
        "civil society",
        "peer groups",
        "integration",
    ],
    "livelihoods": [
        "livelihoods",
        "small business",
        "business grants",
        "microenterprises",
        "employment",
        "skills",
        "economic",
    ],
    "labour-mobility": ["labour mobility", "remittances", "diaspora", "vocational training", "skills", "employment"],
    "health": ["health", "mental health", "psychosocial support", "children", "women"],
    "education": ["education", "training", "vocational training", "youth", "children"],
    "border-management": [
        "border management",
        "smuggling",
        "human trafficking",
        "detention",
        "Mediterranean",
        "coordination",
    ],
}
KIND_WORDS = {  # the word a title may end with, per kind
    "report": ("report", "rapport", "تقرير", "rapport"),
    "publication": ("study", "étude", "دراسة", "studie"),
    "lesson": ("lessons learned", "leçons apprises", "الدروس المستفادة", "geleerde lessen"),
    "news": ("update", "actualités", "مستجدات", "nieuws"),
    "document": ("guidance note", "note d'orientation", "مذكرة توجيهية", "handleiding"),
}
IN = {"en": "in", "fr": "en", "ar": "في", "nl": "in"}
FUNCTION_WORDS = {
    "en": "the and of in for with to a on by is was this that their from are".split(),
    "fr": "le la les des de du et en pour avec dans sur une un est par qui au".split(),
    "ar": "في من على إلى مع عن هذا التي الذي و أن هذه".split(),
    "nl": "de het een van en in voor met op door is was dit dat die bij".split(),
}
SYLLABLES = {
    "en": "ba co de fi gra hu in jo ka lo mi na pro re sta ti un ver wa tion ment".split(),
    "fr": "ba cé de fi gra hu in jo ka lo mi na pro ré sta ti un vè wa tion ment".split(),
    "ar": "با تو جي دا را سم شر عل فه قو كا لم من هو يا بي نو".split(),
    "nl": "ba co de fi gra hu in jo ka lo mi na pro re sta ti un ver wa heid lijk".split(),
}
TAIL_SIZE = 6000  # generated concepts after the domain lexicon
KINDS = ("news", "document", "report", "publication", "lesson")
KIND_WEIGHTS = (25, 25, 20, 15, 15)
SINGLE_LANGUAGES = ("en", "fr", "ar", "nl", "")
SINGLE_WEIGHTS = (45, 25, 15, 10, 5)
VERSION_SETS = (("en", "fr"), ("en", "fr", "ar"), ("en", "ar"), ("fr", "ar"), ("en", "nl"), ("en", "fr", "ar", "nl"))
VERSION_WEIGHTS = (35, 25, 15, 10, 10, 5)
MULTI_GROUP_SHARE = 0.092  # of items; with ~2.5 versions each, ~20% of the records are language versions


@dataclass(frozen=True)
class BenchQuery:
    text: str
    language: str
    shape: str  # word, two words, inflected, unaccented, typo


def _q(shape, language, *texts):
    return [BenchQuery(text, language, shape) for text in texts]


QUERIES = [
    *_q("word", "en", "returnees", "reintegration", "protection", "livelihoods", "Tunisia", "Libya", "Egypt"),
    *_q("two words", "en", "cash transfers", "social cohesion", "vocational training", "returnees Tunisia"),
    *_q("inflected", "en", "returnee", "reintegrated", "refugee"),
    *_q("word", "fr", "réintégration", "rapatriés", "Tunisie", "Libye", "subventions"),
    *_q(
        "two words", "fr", "cohésion sociale", "transferts monétaires", "formation professionnelle", "retour volontaire"
    ),
    *_q("unaccented", "fr", "rapatries", "egypte", "refugies", "cohesion sociale"),
    *_q("word", "ar", "العائدين", "الحماية", "تونس", "ليبيا", "مصر"),
    *_q("two words", "ar", "إعادة الإدماج", "التماسك الاجتماعي", "التحويلات النقدية"),
    *_q("inflected", "ar", "مهاجر", "عائدون", "لاجئ"),
    *_q("word", "nl", "terugkeerders", "bescherming", "Tunesië", "Libië", "beroepsopleiding"),
    *_q("two words", "nl", "sociale cohesie", "vrijwillige terugkeer", "re-integratie Libië"),
    *_q("inflected", "nl", "terugkeerder", "vluchteling"),
    *_q("unaccented", "nl", "Tunesie"),
    *_q("typo", "en", "reintegation"),
    *_q("typo", "fr", "proteciton"),
]


def _generated_word(rng, language):
    return "".join(rng.choice(SYLLABLES[language]) for _ in range(rng.randint(2, 4)))


class _Lexicon:
    """Concept id -> form per language: the domain lexicon first, then a generated tail."""

    def __init__(self, rng):
        self.forms = [dict(zip(LANGS, row)) for row in CONCEPTS]
        seen = {language: set() for language in LANGS}
        while len(self.forms) < len(CONCEPTS) + TAIL_SIZE:
            row = {}
            for language in LANGS:
                word = _generated_word(rng, language)
                while word in seen[language]:
                    word = _generated_word(rng, language)
                seen[language].add(word)
                row[language] = word
            self.forms.append(row)
        # Zipf over a shuffled rank order: domain concepts are mostly frequent, not in lexicon order.
        domain = list(range(len(CONCEPTS)))
        rng.shuffle(domain)
        tail = list(range(len(CONCEPTS), len(self.forms)))
        ranked = []
        while domain or tail:  # interleave: 3 domain concepts, then 1 tail word, while domain lasts
            ranked.extend(domain[:3])
            del domain[:3]
            ranked.extend(tail[: 1 if domain else len(tail)])
            del tail[: 1 if domain else len(tail)]
        self.ranked = ranked
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(ranked))))


def _sentences(rng, concepts, language, lexicon):
    """Render concept ids (and None for a function-word slot) as sentences in `language`."""
    words, sentences, length = [], [], rng.randint(8, 20)
    function_words = FUNCTION_WORDS[language]
    for concept in concepts:
        words.append(rng.choice(function_words) if concept is None else lexicon.forms[concept][language])
        if len(words) >= length:
            sentences.append(" ".join(words))
            words, length = [], rng.randint(8, 20)
    if words:
        sentences.append(" ".join(words))
    return " ".join(s[0].upper() + s[1:] + ("." if language != "ar" else " .") for s in sentences)


def _draw_concepts(rng, lexicon, count, focus):
    """`count` slots: ~30% function words, then 35% from the item's focus concepts, the rest Zipf."""
    drawn = rng.choices(lexicon.ranked, cum_weights=lexicon.cumulative, k=count)
    out = []
    for concept in drawn:
        roll = rng.random()
        if roll < 0.30:
            out.append(None)
        elif roll < 0.55 and focus:
            out.append(rng.choice(focus))
        else:
            out.append(concept)
    return out


def iter_corpus(count, seed=SEED):
    """Yield `count` Records, deterministically (a smaller count gives a prefix of a larger one)."""
    rng = random.Random(seed)
    lexicon = _Lexicon(rng)
    # Country and organisation names are concepts too, appended so that rendering is uniform.
    country_concept, org_concept, kind_concept = {}, {}, {}
    for code, names in COUNTRIES.items():
        country_concept[code] = len(lexicon.forms)
        lexicon.forms.append(dict(zip(LANGS, names)))
    for slug, names in ORGANISATIONS.items():
        org_concept[slug] = len(lexicon.forms)
        lexicon.forms.append(dict(zip(LANGS, names)))
    for kind, names in KIND_WORDS.items():
        kind_concept[kind] = len(lexicon.forms)
        lexicon.forms.append(dict(zip(LANGS, names)))
    country_codes, country_weights = list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values())
    theme_slugs, org_slugs = list(THEMES), list(ORGANISATIONS)
    emitted, group = 0, 0
    while emitted < count:
        group += 1
        if rng.random() < MULTI_GROUP_SHARE:
            languages = rng.choices(VERSION_SETS, VERSION_WEIGHTS)[0]
        else:
            languages = (rng.choices(SINGLE_LANGUAGES, SINGLE_WEIGHTS)[0],)
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        audiences = rng.choices([(PUBLIC,), ("community:3",), (STAFF,)], [85, 10, 5])[0]
        date = (
            datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randint(0, 5100)) if rng.random() > 0.03 else None
        )
        countries = tuple(dict.fromkeys(rng.choices(country_codes, country_weights, k=rng.randint(1, 2))))
        themes = tuple(rng.sample(theme_slugs, rng.randint(1, 2)))
        organisations = tuple(rng.sample(org_slugs, rng.randint(0, 2)))
        focus = [CONCEPT_INDEX[name] for theme in themes for name in THEMES[theme]]
        focus += [country_concept[code] for code in countries] * 2 + [org_concept[slug] for slug in organisations]
        # Title: a theme concept or two, a frequent concept, the country, sometimes the kind's word.
        title = [rng.choice(focus[: len(THEMES[themes[0]])]), None]
        title += _draw_concepts(rng, lexicon, rng.randint(1, 3), focus)
        title += ["IN", country_concept[countries[0]]]
        if rng.random() < 0.4:
            title.append(kind_concept[kind])
        summary = _draw_concepts(rng, lexicon, rng.randint(20, 45), focus)
        body = _draw_concepts(rng, lexicon, int(rng.triangular(80, 230, 120)), focus)
        for language in languages:
            if emitted >= count:
                return
            text_language = language or rng.choice(LANGS)  # "" = language unknown to the site
            function_words = FUNCTION_WORDS[text_language]
            title_words = [
                IN[text_language]
                if concept == "IN"
                else (rng.choice(function_words) if concept is None else lexicon.forms[concept][text_language])
                for concept in title
            ]
            title_text = " ".join(title_words)
            yield Record(
                id=f"bench:{emitted}",
                kind=kind,
                url=f"/{language or 'en'}/library/{kind}-{emitted}/",
                title=title_text[0].upper() + title_text[1:],
                summary=_sentences(rng, summary, text_language, lexicon),
                body=_sentences(rng, body, text_language, lexicon),
                language=language,
                countries=countries,
                themes=themes,
                organisations=organisations,
                date=date,
                audiences=audiences,
                group=f"g{group}" if len(languages) > 1 else "",
            )
            emitted += 1


def make_corpus(count, seed=SEED):
    return list(iter_corpus(count, seed))


def describe(records):
    """A one-line description of a corpus (counts, languages, grouped share, text size)."""
    languages = {}
    for record in records:
        languages[record.language or "?"] = languages.get(record.language or "?", 0) + 1
    grouped = sum(1 for record in records if record.group)
    words = sum(len(record.body.split()) for record in records) / max(1, len(records))
    chars = sum(len(record.title) + len(record.summary) + len(record.body) for record in records)
    mix = " ".join(f"{code}:{count * 100 / len(records):.0f}%" for code, count in sorted(languages.items()))
    return (
        f"{len(records)} records, {mix}, {grouped * 100 / len(records):.0f}% in language groups, "
        f"body {words:.0f} words avg, {chars / 1e6:.1f} M chars of text"
    )
