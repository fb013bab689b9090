"""The words of the public site's demo: a network working on protection, return and reintegration,
flow monitoring and migrant resource centres in Egypt, Tunisia and Libya, with partners further afield.

Figures are illustrative monitoring figures of a demo network, labelled with their source and date.
"""

import hashlib

from django.utils.text import slugify

LANGS = ("en", "fr", "ar", "nl")


def slugify_ascii(text):
    return slugify(text) or f"document-{hashlib.sha1(text.encode()).hexdigest()[:10]}"


SITE_SETTINGS = {
    "contact_email": "contact@kms.example.org",
    "contact_phone": "+32 2 555 01 00",
    "address": "Rue de la Loi 42\n1040 Brussels\nBelgium",
    "footer_text_en": "kms is the shared knowledge base of a network of organisations that protect and support "
                      "migrants, refugees, displaced people, returnees and their host communities.",
    "footer_text_fr": "kms est la base de connaissances commune d'un réseau d'organisations qui protègent et "
                      "accompagnent les migrants, les réfugiés, les personnes déplacées, les rapatriés et leurs "
                      "communautés d'accueil.",
    "footer_text_ar": "kms هي قاعدة المعرفة المشتركة لشبكة من المنظمات التي تحمي وتدعم المهاجرين واللاجئين "
                      "والنازحين والعائدين والمجتمعات المضيفة لهم.",
    "footer_text_nl": "kms is de gedeelde kennisbank van een netwerk van organisaties die migranten, vluchtelingen, "
                      "ontheemden, terugkeerders en hun gastgemeenschappen beschermen en ondersteunen.",
    "mastodon_url": "https://mastodon.example.org/@kms",
    "linkedin_url": "https://www.linkedin.com/company/kms-network-example",
}

# (title, colours, alternative text) of the generated illustrations used as lead images.
IMAGES = [
    ("Illustration: coast at dawn", ["#0b5cad", "#3f7fc1", "#e9c46a"],
     "Abstract illustration of a coastline at dawn, in blue and sand tones"),
    ("Illustration: desert road", ["#e9c46a", "#d08c3a", "#7a4a1d"],
     "Abstract illustration of a desert road under a pale sky"),
    ("Illustration: meeting circle", ["#1b6b34", "#4c9a5d", "#cfe3c4"],
     "Abstract illustration of green hills, standing for a community meeting place"),
    ("Illustration: city lights", ["#1d2430", "#0b5cad", "#f5a623"],
     "Abstract illustration of a city at night with warm lights"),
]

NEWS_INDEX = {
    "en": ("News", "News releases, stories and testimonies, report highlights and good practice from the network.", "news"),
    "fr": ("Actualités", "Communiqués, récits et témoignages, faits saillants de rapports et bonnes pratiques du réseau.", "actualites"),
    "ar": ("الأخبار", "بيانات صحفية وقصص وشهادات وأبرز ما في التقارير والممارسات الجيدة من الشبكة.", "الأخبار"),
    "nl": ("Nieuws", "Persberichten, verhalen en getuigenissen, hoogtepunten uit rapporten en goede praktijken van het netwerk.", "nieuws"),
}

NEWS = [
    {
        "slug": "network-opens-fourth-resource-centre-in-egypt", "type": "release", "date": "2025-03-12",
        "author": "Communications team", "countries": ["EG"], "themes": ["information-legal-assistance", "basic-services"],
        "tags": ["resource centres"],
        "en": {
            "title": "A fourth migrant resource centre opens its doors in Alexandria",
            "intro": "The new centre offers information, legal counselling and referrals to health and education "
                     "services, in Arabic, English, French and Tigrinya.",
            "body": [
                "The centre in Alexandria joins those in Cairo, Giza and Aswan. Staff and volunteers, several of whom "
                "arrived in Egypt as refugees themselves, answer questions on residence procedures, school enrolment "
                "and access to public clinics.",
                "Partners agreed on a shared referral form so that people are not asked to tell their story again "
                "each time they are sent to another service. The centre is open six days a week, with an evening "
                "session for people who work during the day.",
            ],
        },
        "fr": {
            "slug": "quatrieme-centre-de-ressources-en-egypte",
            "title": "Un quatrième centre de ressources pour migrants ouvre à Alexandrie",
            "intro": "Le nouveau centre propose information, conseil juridique et orientation vers les services de "
                     "santé et d'éducation, en arabe, anglais, français et tigrinya.",
            "body": ["Le centre d'Alexandrie rejoint ceux du Caire, de Gizeh et d'Assouan. Les partenaires utilisent "
                     "une fiche d'orientation commune : personne n'a à raconter son histoire une nouvelle fois à chaque "
                     "service."],
        },
        "ar": {
            "slug": "مركز-موارد-رابع-في-مصر",
            "title": "مركز رابع لموارد المهاجرين يفتح أبوابه في الإسكندرية",
            "intro": "يقدّم المركز الجديد المعلومات والاستشارات القانونية والإحالة إلى خدمات الصحة والتعليم، "
                     "بالعربية والإنجليزية والفرنسية والتغرينية.",
            "body": ["ينضم مركز الإسكندرية إلى مراكز القاهرة والجيزة وأسوان. واتفق الشركاء على استمارة إحالة "
                     "موحّدة حتى لا يُطلب من أحد أن يروي قصته من جديد عند كل خدمة."],
        },
        "nl": {
            "slug": "vierde-informatiecentrum-in-egypte",
            "title": "Vierde informatiecentrum voor migranten opent in Alexandrië",
            "intro": "Het nieuwe centrum biedt informatie, juridisch advies en doorverwijzing naar gezondheidszorg en "
                     "onderwijs, in het Arabisch, Engels, Frans en Tigrinya.",
            "body": ["Het centrum in Alexandrië sluit aan bij die in Caïro, Gizeh en Aswan. De partners gebruiken één "
                     "gedeeld verwijsformulier, zodat niemand zijn verhaal bij elke dienst opnieuw hoeft te doen."],
        },
    },
    {
        "slug": "partners-agree-shared-protection-standards-libya", "type": "release", "date": "2025-01-28",
        "author": "Communications team", "countries": ["LY"], "themes": ["protection"], "tags": ["standards"],
        "en": {
            "title": "Partners in Libya agree on shared standards for protection case management",
            "intro": "Eleven organisations signed common standards for consent, confidentiality and referral of "
                     "people at risk, from first contact to case closure.",
            "body": [
                "The standards set out what a person is told before any information about them is recorded, who may "
                "see their file, and how quickly urgent cases must be referred.",
                "They were drafted over six months with caseworkers in Tripoli, Misrata and Sabha, and reviewed by "
                "two refugee-led groups. A training package in Arabic and English follows in the spring.",
            ],
        },
        "fr": {
            "slug": "normes-communes-de-protection-en-libye",
            "title": "En Libye, les partenaires adoptent des normes communes de gestion des cas de protection",
            "intro": "Onze organisations ont signé des normes communes sur le consentement, la confidentialité et "
                     "l'orientation des personnes à risque.",
            "body": ["Ces normes ont été rédigées en six mois avec des travailleurs sociaux de Tripoli, Misrata et "
                     "Sebha, puis relues par deux groupes dirigés par des réfugiés."],
        },
        "ar": {
            "slug": "معايير-حماية-مشتركة-في-ليبيا",
            "title": "الشركاء في ليبيا يتفقون على معايير مشتركة لإدارة حالات الحماية",
            "intro": "وقّعت إحدى عشرة منظمة معايير مشتركة بشأن الموافقة والسرية وإحالة الأشخاص المعرّضين للخطر.",
            "body": ["صيغت المعايير على مدى ستة أشهر مع العاملين في إدارة الحالات في طرابلس ومصراتة وسبها، "
                     "وراجعتها مجموعتان يقودهما لاجئون."],
        },
        "nl": {
            "slug": "gedeelde-beschermingsnormen-libie",
            "title": "Partners in Libië spreken gedeelde normen af voor beschermingsdossiers",
            "intro": "Elf organisaties ondertekenden gemeenschappelijke normen voor toestemming, vertrouwelijkheid en "
                     "doorverwijzing van mensen in gevaar.",
            "body": ["De normen werden in zes maanden opgesteld met casemanagers in Tripoli, Misrata en Sabha en "
                     "nagelezen door twee door vluchtelingen geleide groepen."],
        },
    },
    {
        "slug": "annual-meeting-tunis-2024", "type": "release", "date": "2024-11-20", "author": "Secretariat",
        "countries": ["TN", "EG", "LY"], "themes": ["participation", "social-cohesion"], "tags": ["annual meeting"],
        "en": {
            "title": "Annual meeting in Tunis puts people on the move at the table",
            "intro": "For the first time, a third of the participants at the network's annual meeting came from "
                     "refugee- and migrant-led organisations.",
            "body": [
                "Over two days, 140 participants from 9 countries reviewed the year's work and chose three "
                "priorities for 2025: mental health and psychosocial support, safe access to work, and data "
                "protection in case management.",
                "Travel and interpretation costs for community representatives were covered from a dedicated fund, "
                "a practice the network intends to keep.",
            ],
        },
    },
    {
        "slug": "amina-starting-again-in-conakry", "type": "story", "date": "2025-02-14", "author": "Mariama Diallo",
        "countries": ["GN"], "themes": ["reintegration", "livelihoods"], "tags": ["returnees"],
        "quote": {"quote": "The hardest part was not the journey back. It was the first week at home, when everyone "
                           "asked what I had brought.", "speaker": "Amina Camara", "anonymise": "first_name",
                  "place": "Conakry"},
        "en": {
            "title": "“I came back with nothing, and now I train others”: starting again in Conakry",
            "intro": "After two years in Libya, Amina returned to Guinea. A small tailoring business and a peer group "
                     "of returnees helped her find her place again.",
            "body": [
                "Amina returned through an assisted voluntary return programme in 2023. Her reintegration plan "
                "combined a six-month business course, a sewing machine and a monthly meeting with other women who "
                "had come back.",
                "Today she employs two apprentices. She says the peer group mattered as much as the grant: it was "
                "where she could speak about what had happened without being judged.",
            ],
        },
        "fr": {
            "slug": "amina-recommencer-a-conakry",
            "title": "« Je suis rentrée sans rien, aujourd'hui je forme d'autres femmes » : recommencer à Conakry",
            "intro": "Après deux ans en Libye, Amina est rentrée en Guinée. Un petit atelier de couture et un groupe "
                     "de pairs l'ont aidée à retrouver sa place.",
            "body": ["Son plan de réintégration associait une formation de six mois, une machine à coudre et une "
                     "rencontre mensuelle avec d'autres femmes rentrées. Elle emploie aujourd'hui deux apprenties."],
        },
        "ar": {
            "slug": "أمينة-بداية-جديدة-في-كوناكري",
            "title": "«عدت بلا شيء، واليوم أدرّب غيري»: بداية جديدة في كوناكري",
            "intro": "بعد عامين في ليبيا عادت أمينة إلى غينيا، وساعدها مشغل خياطة صغير ومجموعة من العائدات على "
                     "استعادة مكانها.",
            "body": ["جمعت خطة إعادة إدماجها بين دورة تدريبية لستة أشهر وآلة خياطة ولقاء شهري مع نساء عائدات. "
                     "وهي اليوم تشغّل متدرّبتين."],
        },
        "nl": {
            "slug": "amina-opnieuw-beginnen-in-conakry",
            "title": "‘Ik kwam terug met niets, nu geef ik zelf les’: opnieuw beginnen in Conakry",
            "intro": "Na twee jaar in Libië keerde Amina terug naar Guinee. Een kleine naaiwerkplaats en een groep "
                     "lotgenoten hielpen haar haar plaats terug te vinden.",
            "body": ["Haar re-integratieplan combineerde een cursus van zes maanden, een naaimachine en een maandelijkse "
                     "bijeenkomst met andere teruggekeerde vrouwen. Vandaag heeft ze twee leerlingen in dienst."],
        },
    },
    {
        "slug": "a-night-at-the-sfax-outreach-point", "type": "story", "date": "2024-09-03", "author": "Youssef Ben Salah",
        "countries": ["TN"], "themes": ["protection", "basic-services"], "tags": ["outreach"],
        "quote": {"quote": "They told me where to find a doctor who would not ask for papers. That night, that was "
                           "everything.", "speaker": "A young man from Sudan", "anonymise": "participant",
                  "place": "Sfax"},
        "en": {
            "title": "A night at the Sfax outreach point",
            "intro": "Mobile teams in Sfax meet people sleeping outside the city's olive groves, with water, first "
                     "aid and information on where to get help.",
            "body": [
                "The outreach team works in pairs: a nurse and a community worker who speaks the languages most "
                "people in the area speak. Each night they note, without names, what people ask for most.",
                "In the summer months the most frequent requests were for medical care, for news of relatives, and "
                "for a safe place for women travelling alone.",
            ],
        },
    },
    {
        "slug": "voices-from-the-aswan-centre", "type": "story", "date": "2024-06-20", "author": "Communications team",
        "countries": ["EG"], "themes": ["education", "social-cohesion"], "tags": ["world refugee day"],
        "en": {
            "title": "Voices from the Aswan centre on World Refugee Day",
            "intro": "Parents, teachers and young volunteers describe how the centre's homework club became a "
                     "meeting place for Sudanese and Egyptian families.",
            "body": [
                "When schools in Aswan received hundreds of new pupils from Sudan in 2023, the centre opened its rooms "
                "in the afternoon for homework support, run by volunteer students from both communities.",
                "Teachers say attendance and confidence have improved; parents say they now know each other by name.",
            ],
        },
    },
    {
        "slug": "flow-monitoring-libya-2024-highlights", "type": "report_highlight", "date": "2025-02-03",
        "author": "Data and evidence working group", "countries": ["LY"], "themes": ["data-evidence"],
        "tags": ["flow monitoring"],
        "en": {
            "title": "Flow monitoring in Libya: five things the 2024 data tell us",
            "intro": "The network's yearly review of flow-monitoring data shows fewer arrivals in the south, longer "
                     "stays in cities and a growing share of women and children.",
            "body": [
                "Flow-monitoring points count and briefly interview people passing through transit locations. "
                "They do not follow individuals, and the review reads them as trends, not exact numbers.",
                "The five findings cover where people come from, how long they stay, what work they find, the "
                "share of families, and the needs they report most: health care, documents and safe housing.",
            ],
        },
        "fr": {
            "slug": "suivi-des-flux-libye-2024",
            "title": "Suivi des flux en Libye : cinq enseignements des données de 2024",
            "intro": "La revue annuelle du réseau montre moins d'arrivées dans le sud, des séjours plus longs en ville "
                     "et une part croissante de femmes et d'enfants.",
            "body": ["Les points de suivi des flux comptent et interrogent brièvement les personnes de passage ; "
                     "la revue les lit comme des tendances, non comme des chiffres exacts."],
        },
        "ar": {
            "slug": "رصد-التدفقات-ليبيا-2024",
            "title": "رصد التدفقات في ليبيا: خمسة دروس من بيانات عام 2024",
            "intro": "تُظهر المراجعة السنوية للشبكة وصولًا أقل في الجنوب وإقامات أطول في المدن ونسبة متزايدة من "
                     "النساء والأطفال.",
            "body": ["تحصي نقاط رصد التدفقات الأشخاص العابرين وتجري معهم مقابلات قصيرة، وتقرأ المراجعة نتائجها "
                     "اتجاهاتٍ لا أرقامًا دقيقة."],
        },
        "nl": {
            "slug": "stromen-monitoren-libie-2024",
            "title": "Migratiestromen in Libië: vijf lessen uit de cijfers van 2024",
            "intro": "De jaarlijkse analyse van het netwerk toont minder aankomsten in het zuiden, langere verblijven "
                     "in steden en een groeiend aandeel vrouwen en kinderen.",
            "body": ["Monitoringpunten tellen en bevragen kort de mensen die passeren; de analyse leest ze als "
                     "trends, niet als exacte aantallen."],
        },
    },
    {
        "slug": "what-returnees-say-about-reintegration-support", "type": "report_highlight", "date": "2024-10-15",
        "author": "Research team", "countries": ["GN", "CI", "SN"], "themes": ["reintegration"], "tags": ["survey"],
        "en": {
            "title": "What returnees say about reintegration support, one year on",
            "intro": "A follow-up survey of 600 returnees in Guinea, Côte d'Ivoire and Senegal finds that support "
                     "works best when it starts before departure and includes the family.",
            "body": [
                "Two thirds of respondents still ran the activity they had started with reintegration support a year "
                "later. Those who had counselling before leaving were more likely to say they felt at home again.",
                "Respondents asked for longer follow-up, help with debts contracted for the journey, and more "
                "attention to mental health.",
            ],
        },
    },
    {
        "slug": "referral-pathways-tunisia-report", "type": "report_highlight", "date": "2024-04-09",
        "author": "Protection working group", "countries": ["TN"], "themes": ["protection", "information-legal-assistance"],
        "en": {
            "title": "Referral pathways in Tunisia: where people get lost between services",
            "intro": "A mapping of 38 services in Tunis, Sfax and Medenine shows long waits at the points where one "
                     "organisation hands a case to another.",
            "body": [
                "The report follows anonymised cases through the referral system. Most delays happened not inside a "
                "service but between two of them, when forms, languages or opening hours did not match.",
                "Its recommendations include a single contact list updated monthly and a follow-up call within a "
                "week of every referral.",
            ],
        },
    },
    {
        "slug": "peer-counsellors-in-migrant-resource-centres", "type": "best_practice", "date": "2025-01-09",
        "author": "Communities of practice", "countries": ["EG", "TN"], "themes": ["participation", "information-legal-assistance"],
        "tags": ["peer support"],
        "en": {
            "title": "Good practice: peer counsellors in migrant resource centres",
            "intro": "Centres that employ counsellors who share the languages and experience of their visitors "
                     "report more return visits and fewer missed referrals.",
            "body": [
                "Peer counsellors are paid staff, not volunteers, and receive the same training and supervision as "
                "other caseworkers. They are often the first person a visitor speaks to.",
                "Centres that tried the model recommend clear boundaries, regular supervision, and support for the "
                "counsellors' own well-being.",
            ],
        },
        "fr": {
            "slug": "conseillers-pairs-dans-les-centres",
            "title": "Bonne pratique : des conseillers pairs dans les centres de ressources",
            "intro": "Les centres qui emploient des conseillers partageant la langue et le parcours de leurs visiteurs "
                     "constatent plus de visites de suivi et moins d'orientations perdues.",
            "body": ["Les conseillers pairs sont des salariés, formés et supervisés comme les autres travailleurs "
                     "sociaux ; ils sont souvent la première personne à qui parle un visiteur."],
        },
        "ar": {
            "slug": "المستشارون-الأقران-في-المراكز",
            "title": "ممارسة جيدة: المستشارون الأقران في مراكز موارد المهاجرين",
            "intro": "تسجّل المراكز التي توظّف مستشارين يشاركون زوّارها اللغة والتجربة زيارات متابعة أكثر وإحالات "
                     "ضائعة أقل.",
            "body": ["المستشارون الأقران موظفون بأجر لا متطوعون، ويتلقّون التدريب والإشراف نفسيهما كسائر العاملين "
                     "في إدارة الحالات."],
        },
        "nl": {
            "slug": "ervaringsdeskundige-adviseurs",
            "title": "Goede praktijk: ervaringsdeskundige adviseurs in informatiecentra",
            "intro": "Centra met adviseurs die de taal en ervaring van hun bezoekers delen, zien meer vervolgbezoeken "
                     "en minder mislukte doorverwijzingen.",
            "body": ["Ervaringsdeskundige adviseurs zijn betaalde medewerkers, met dezelfde opleiding en supervisie "
                     "als andere casemanagers."],
        },
    },
    {
        "slug": "cash-for-rent-protects-families-libya", "type": "best_practice", "date": "2024-08-27",
        "author": "Protection working group", "countries": ["LY"], "themes": ["cash-based-interventions", "protection"],
        "en": {
            "title": "Good practice: cash for rent keeps families out of unsafe housing",
            "intro": "Three months of rent support, paired with a tenancy agreement checked by a lawyer, reduced "
                     "evictions among families followed in Tripoli.",
            "body": [
                "Families chose their own housing; caseworkers checked the lease and explained tenants' rights in "
                "a language the family understood.",
                "The key lesson: cash alone was not enough, but cash with legal advice and a named contact person "
                "made landlords and tenants more confident.",
            ],
        },
    },
    {
        "slug": "community-dialogues-in-medenine", "type": "best_practice", "date": "2024-05-22", "image": False,
        "author": "Social cohesion working group", "countries": ["TN"], "themes": ["social-cohesion"],
        "en": {
            "title": "Good practice: community dialogues in Medenine",
            "intro": "Monthly dialogues between residents, local authorities and migrants eased tensions over "
                     "access to water and work in two neighbourhoods.",
            "body": [
                "Each dialogue is prepared with both communities separately before they meet, and chaired by a "
                "person both sides trust.",
                "Agreements are written down in Arabic and French and reviewed at the next meeting, so that "
                "promises are kept or openly revised.",
            ],
        },
    },
]

LIBRARY = {
    "en": ("Documents", "Capacity statements, brochures, reports and factsheets from the network and its partners, "
                        "free to download.", "documents"),
    "fr": ("Documents", "Présentations des capacités, brochures, rapports et fiches du réseau et de ses partenaires, "
                        "en téléchargement libre.", "documents"),
    "ar": ("الوثائق", "بيانات القدرات والكتيّبات والتقارير والصحائف الوقائعية للشبكة وشركائها، متاحة للتنزيل مجانًا.",
           "الوثائق"),
    "nl": ("Documenten", "Capaciteitsverklaringen, brochures, rapporten en factsheets van het netwerk en zijn partners, "
                         "gratis te downloaden.", "documenten"),
}

FEATURED_HEADING = {
    "en": "Featured documents", "fr": "Documents à la une", "ar": "وثائق مختارة", "nl": "Uitgelichte documenten",
}

DOCUMENTS = [
    {
        "slug": "network-capacity-statement", "kind": "capacity_statement", "date": "2025-01-15",
        "organisation": "", "countries": ["EG", "TN", "LY"], "themes": ["protection", "reintegration", "data-evidence"],
        "versions": {
            "en": {
                "title": "Capacity statement of the network, 2025",
                "subtitle": "Protection, return and reintegration, flow monitoring and migrant resource centres",
                "summary": "Who we are, where we work and what we can offer: protection case management, assisted "
                           "return and reintegration, flow monitoring and a network of migrant resource centres in "
                           "Egypt, Tunisia and Libya.",
                "paragraphs": [
                    "The network brings together non-governmental organisations, United Nations agencies, "
                    "development agencies, researchers and organisations led by refugees and migrants. Its members "
                    "work with people on the move and with the communities that host them.",
                    "In Egypt, Tunisia and Libya, members run migrant resource centres where people receive "
                    "information, legal counselling and referrals. Protection caseworkers follow people at risk, "
                    "with shared standards for consent and confidentiality.",
                    "Members support people who choose to return home, from counselling before departure to "
                    "reintegration plans that include the family and the community of return.",
                    "Flow monitoring at transit points gives partners a shared picture of movements and needs, "
                    "published every quarter and reviewed each year.",
                ],
            },
            "fr": {
                "slug": "presentation-des-capacites-du-reseau",
                "title": "Présentation des capacités du réseau, 2025",
                "subtitle": "Protection, retour et réintégration, suivi des flux et centres de ressources",
                "summary": "Qui nous sommes, où nous travaillons et ce que nous offrons : gestion des cas de "
                           "protection, retour et réintégration, suivi des flux et centres de ressources pour "
                           "migrants en Égypte, en Tunisie et en Libye.",
                "paragraphs": [
                    "Le réseau rassemble des organisations non gouvernementales, des agences des Nations unies, des "
                    "agences de développement, des chercheurs et des organisations dirigées par des réfugiés et des "
                    "migrants.",
                    "En Égypte, en Tunisie et en Libye, ses membres gèrent des centres de ressources où chacun reçoit "
                    "information, conseil juridique et orientation vers les services.",
                    "Les membres accompagnent les personnes qui choisissent de rentrer chez elles, du conseil avant le "
                    "départ jusqu'à un plan de réintégration qui associe la famille et la communauté.",
                    "Le suivi des flux aux points de transit donne aux partenaires une image commune des mouvements "
                    "et des besoins, publiée chaque trimestre.",
                ],
            },
            "ar": {
                "slug": "بيان-قدرات-الشبكة",
                "title": "بيان قدرات الشبكة، 2025",
                "subtitle": "الحماية والعودة وإعادة الإدماج ورصد التدفقات ومراكز موارد المهاجرين",
                "summary": "من نحن وأين نعمل وما الذي نقدّمه: إدارة حالات الحماية، والعودة وإعادة الإدماج، ورصد "
                           "التدفقات، وشبكة من مراكز موارد المهاجرين في مصر وتونس وليبيا.",
                "paragraphs": [
                    "تجمع الشبكة منظمات غير حكومية ووكالات تابعة للأمم المتحدة ووكالات تنمية وباحثين ومنظمات يقودها "
                    "لاجئون ومهاجرون.",
                    "يدير الأعضاء في مصر وتونس وليبيا مراكز لموارد المهاجرين يتلقّى فيها الناس المعلومات والاستشارة "
                    "القانونية والإحالة إلى الخدمات.",
                    "يرافق الأعضاء من يختارون العودة إلى بلدانهم، من الإرشاد قبل المغادرة إلى خطط إعادة إدماج تشمل "
                    "الأسرة ومجتمع العودة.",
                    "يمنح رصد التدفقات في نقاط العبور الشركاءَ صورة مشتركة عن التنقلات والاحتياجات، تُنشر كل ثلاثة "
                    "أشهر.",
                ],
            },
            "nl": {
                "slug": "capaciteitsverklaring-van-het-netwerk",
                "title": "Capaciteitsverklaring van het netwerk, 2025",
                "subtitle": "Bescherming, terugkeer en re-integratie, monitoring van migratiestromen en informatiecentra",
                "summary": "Wie we zijn, waar we werken en wat we bieden: beschermingsdossiers, begeleide terugkeer "
                           "en re-integratie, monitoring van migratiestromen en informatiecentra voor migranten in "
                           "Egypte, Tunesië en Libië.",
                "paragraphs": [
                    "Het netwerk brengt ngo's, VN-organisaties, ontwikkelingsagentschappen, onderzoekers en "
                    "organisaties geleid door vluchtelingen en migranten samen.",
                    "In Egypte, Tunesië en Libië beheren de leden informatiecentra waar mensen informatie, juridisch "
                    "advies en doorverwijzing krijgen.",
                    "De leden begeleiden mensen die ervoor kiezen terug te keren, van advies voor vertrek tot een "
                    "re-integratieplan waarbij familie en gemeenschap betrokken zijn.",
                    "Monitoring op doorgangsplaatsen geeft de partners een gedeeld beeld van bewegingen en noden, "
                    "elk kwartaal gepubliceerd.",
                ],
            },
        },
    },
    {
        "slug": "migrant-resource-centres-egypt", "kind": "brochure", "date": "2024-12-02", "organisation": "iom",
        "countries": ["EG"], "themes": ["information-legal-assistance", "basic-services"],
        "versions": {"en": {
            "title": "Migrant resource centres in Egypt: what to expect",
            "subtitle": "A brochure for visitors and partner organisations",
            "summary": "Where the four centres are, when they open, which languages are spoken and what help is "
                       "available, from residence procedures to school enrolment.",
            "paragraphs": [
                "The centres in Cairo, Giza, Alexandria and Aswan welcome anyone, whatever their status. Services "
                "are free and confidential.",
                "Staff explain residence procedures, help with school enrolment, and refer people to health care, "
                "legal aid and psychosocial support.",
                "Partner organisations can refer people to the centres with the shared referral form, available in "
                "Arabic and English.",
            ],
        }},
    },
    {
        "slug": "flow-monitoring-libya-2024", "kind": "report", "date": "2025-02-01", "organisation": "iom",
        "countries": ["LY"], "themes": ["data-evidence"],
        "versions": {"en": {
            "title": "Flow monitoring in Libya: 2024 in review",
            "subtitle": "Trends from transit points in the south, west and east",
            "summary": "A year of flow-monitoring data read as trends: origins, length of stay, work, families, and "
                       "the needs people report, with notes on what the data cannot say.",
            "paragraphs": [
                "Flow-monitoring points in the south, west and east of Libya recorded fewer arrivals in 2024 than "
                "in the previous year, while people stayed longer in coastal cities.",
                "The share of women and children among those interviewed grew in every quarter of the year.",
                "People most often reported needing health care, identity documents and safe housing.",
                "Counts at transit points are not a census; the review compares them across time and place, and "
                "never identifies individuals.",
            ],
        }},
    },
    {
        "slug": "fiche-pays-tunisie", "kind": "factsheet", "date": "2024-10-30", "organisation": "terre-dasile-tunisie",
        "countries": ["TN"], "themes": ["protection", "information-legal-assistance"],
        "versions": {"fr": {
            "title": "Fiche pays Tunisie : protection et accès aux services",
            "subtitle": "Situation, services disponibles et contacts utiles",
            "summary": "Une fiche de quatre pages sur la protection des personnes migrantes en Tunisie : services "
                       "d'information, d'assistance juridique et de santé à Tunis, Sfax et Médenine.",
            "paragraphs": [
                "La Tunisie est à la fois un pays d'origine, de transit et de destination. Beaucoup de personnes "
                "migrantes y vivent depuis plusieurs années et travaillent dans l'économie informelle.",
                "À Tunis, Sfax et Médenine, les partenaires du réseau offrent information, conseil juridique, "
                "soins de santé primaires et soutien psychosocial.",
                "Les orientations entre services suivent une fiche commune et un appel de suivi dans la semaine.",
            ],
        }},
    },
    {
        "slug": "referral-guide-libya", "kind": "factsheet", "date": "2024-07-18", "organisation": "unhcr",
        "countries": ["LY"], "themes": ["protection"],
        "versions": {"ar": {
            "slug": "دليل-الإحالة-ليبيا",
            "title": "دليل الإحالة إلى خدمات الحماية في ليبيا",
            "subtitle": "للعاملين في إدارة الحالات والمتطوعين",
            "summary": "دليل عملي يشرح متى وكيف تُحال حالات الحماية إلى الخدمات المختصة في ليبيا، مع قواعد الموافقة "
                       "والسرية.",
            "paragraphs": [
                "يشرح هذا الدليل خطوات إحالة الأشخاص المعرّضين للخطر إلى خدمات الصحة والدعم النفسي والمساعدة "
                "القانونية والإيواء.",
                "لا تتم أي إحالة دون موافقة الشخص المعني بعد شرح ما سيُشارك من معلومات ومع من.",
                "تُحال الحالات العاجلة في اليوم نفسه، ويُتابع كل ملف باتصال خلال أسبوع.",
            ],
        }},
    },
    {
        "slug": "terugkeer-en-re-integratie", "kind": "study", "date": "2024-05-06", "organisation": "enabel",
        "countries": ["GN", "BE"], "themes": ["reintegration", "diaspora"],
        "versions": {"nl": {
            "title": "Terugkeer en re-integratie: lessen uit tien jaar samenwerking",
            "subtitle": "Een studie over Guinee en België",
            "summary": "Wat werkt in de re-integratie van mensen die naar Guinee terugkeren, volgens terugkeerders, "
                       "families, lokale organisaties en de diaspora in België.",
            "paragraphs": [
                "Deze studie bundelt de ervaringen van tien jaar samenwerking tussen organisaties in Guinee en België.",
                "Re-integratie slaagt vaker wanneer de begeleiding voor vertrek begint en de familie erbij betrokken is.",
                "De diaspora in België speelt een rol als adviseur en soms als investeerder in lokale activiteiten.",
            ],
        }},
    },
    {
        "slug": "reintegration-guinee-cote-divoire", "kind": "study", "date": "2024-09-25",
        "organisation": "returnee-voices-network", "countries": ["GN", "CI"], "themes": ["reintegration", "participation"],
        "versions": {"fr": {
            "title": "Réintégration durable : la parole aux rapatriés de Guinée et de Côte d'Ivoire",
            "subtitle": "Une étude menée par et avec des personnes rentrées",
            "summary": "Soixante entretiens menés par des pairs sur le retour, l'accueil de la famille, le travail et "
                       "la santé mentale, et les recommandations des rapatriés eux-mêmes.",
            "paragraphs": [
                "Cette étude a été conçue et menée par des personnes rentrées, formées à l'entretien.",
                "Les rapatriés demandent un suivi plus long, une aide pour les dettes du voyage et une place dans "
                "les décisions qui les concernent.",
                "Le soutien entre pairs apparaît comme un facteur de réussite aussi important que l'aide financière.",
            ],
        }},
    },
    {
        "slug": "psychosocial-support-factsheet", "kind": "factsheet", "date": "2025-03-01", "organisation": "drc",
        "countries": ["LY", "TN"], "themes": ["protection", "basic-services"],
        "versions": {"en": {
            "title": "Mental health and psychosocial support along the Central Mediterranean route",
            "subtitle": "Factsheet",
            "summary": "What psychosocial support partners offer in Libya and Tunisia, who can refer, and how "
                       "services protect confidentiality.",
            "paragraphs": [
                "Many people on the move have lived through violence, detention or the loss of relatives. "
                "Psychosocial support is offered individually and in groups.",
                "Partners offer support in Arabic, English, French and several African languages, with trained "
                "interpreters when needed.",
                "Anyone can refer a person, with their consent, through the shared referral form.",
            ],
        }},
    },
]

SOURCE = {
    "en": "Network monitoring data", "fr": "Données de suivi du réseau", "ar": "بيانات رصد الشبكة",
    "nl": "Monitoringgegevens van het netwerk",
}

FIGURE_LABELS = {
    "assisted": {"en": "people assisted", "fr": "personnes accompagnées", "ar": "شخصًا تلقّوا المساعدة",
                 "nl": "mensen geholpen"},
    "returns": {"en": "voluntary returns assisted", "fr": "retours volontaires accompagnés",
                "ar": "عودة طوعية تمت بمساعدة", "nl": "begeleide vrijwillige terugkeren"},
    "reintegration": {"en": "people receiving reintegration support", "fr": "personnes bénéficiant d'un soutien à la "
                      "réintégration", "ar": "شخصًا يتلقّون دعم إعادة الإدماج", "nl": "mensen met re-integratiesteun"},
    "points": {"en": "flow-monitoring points", "fr": "points de suivi des flux", "ar": "نقطة لرصد التدفقات",
               "nl": "monitoringpunten"},
    "centres": {"en": "migrant resource centres", "fr": "centres de ressources pour migrants",
                "ar": "مراكز لموارد المهاجرين", "nl": "informatiecentra voor migranten"},
}

SERIES_TITLES = {
    "assisted": {"en": "People assisted per year", "fr": "Personnes accompagnées par an",
                 "ar": "عدد من تلقّوا المساعدة سنويًا", "nl": "Geholpen mensen per jaar"},
    "returns": {"en": "Voluntary returns assisted per year", "fr": "Retours volontaires accompagnés par an",
                "ar": "حالات العودة الطوعية المدعومة سنويًا", "nl": "Begeleide vrijwillige terugkeren per jaar"},
}


def place(slug, slugs, intro, body, figures, series, **extra):
    """One region or country: texts per language, figures as (value, label key, as-of date), a series."""
    return {"slug": slug, "slugs": slugs, "intro": intro, "body": body, "figures": figures, "series": series, **extra}


REGIONS = [
    place(
        "north-africa", {"fr": "afrique-du-nord", "ar": "شمال-أفريقيا", "nl": "noord-afrika"},
        intro={
            "en": "Egypt, Tunisia and Libya are countries of origin, transit and destination, and home to large "
                  "communities of refugees and migrants.",
            "fr": "L'Égypte, la Tunisie et la Libye sont des pays d'origine, de transit et de destination, où vivent "
                  "d'importantes communautés de réfugiés et de migrants.",
            "ar": "مصر وتونس وليبيا بلدان منشأ وعبور ومقصد، وتستضيف مجتمعات كبيرة من اللاجئين والمهاجرين.",
            "nl": "Egypte, Tunesië en Libië zijn landen van herkomst, doorreis en bestemming, met grote gemeenschappen "
                  "van vluchtelingen en migranten.",
        },
        body={
            "en": "The network's work began here: resource centres, protection case management, flow monitoring "
                  "and support for people who decide to return home.",
            "fr": "Le travail du réseau a commencé ici : centres de ressources, gestion des cas de protection, suivi "
                  "des flux et accompagnement des personnes qui décident de rentrer.",
            "ar": "بدأ عمل الشبكة هنا: مراكز الموارد، وإدارة حالات الحماية، ورصد التدفقات، ودعم من يقرّرون العودة.",
            "nl": "Het werk van het netwerk begon hier: informatiecentra, beschermingsdossiers, monitoring van "
                  "migratiestromen en steun voor wie besluit terug te keren.",
        },
        figures=[("48 300", "assisted", "2024-12-31"), ("9", "centres", "2024-12-31"), ("27", "points", "2024-12-31")],
        series=("assisted", [("2020", 21400), ("2021", 26900), ("2022", 33100), ("2023", 41800), ("2024", 48300)]),
        menu=True,
        countries=[
            place(
                "egypt", {"fr": "egypte", "ar": "مصر", "nl": "egypte"},
                intro={
                    "en": "Egypt hosts refugees and migrants from Sudan, Syria, South Sudan, Eritrea and beyond, most "
                          "of them in Cairo, Giza and Alexandria.",
                    "fr": "L'Égypte accueille des réfugiés et des migrants venus du Soudan, de Syrie, du Soudan du Sud, "
                          "d'Érythrée et d'ailleurs, surtout au Caire, à Gizeh et à Alexandrie.",
                    "ar": "تستضيف مصر لاجئين ومهاجرين من السودان وسوريا وجنوب السودان وإريتريا وغيرها، يعيش معظمهم في "
                          "القاهرة والجيزة والإسكندرية.",
                    "nl": "Egypte ontvangt vluchtelingen en migranten uit Soedan, Syrië, Zuid-Soedan, Eritrea en "
                          "elders, vooral in Caïro, Gizeh en Alexandrië.",
                },
                body={
                    "en": "Since 2023 the arrival of people fleeing the war in Sudan has increased demand for "
                          "information, school places and health care, especially in Aswan.",
                    "fr": "Depuis 2023, l'arrivée de personnes fuyant la guerre au Soudan accroît les besoins en "
                          "information, en places scolaires et en soins, surtout à Assouan.",
                    "ar": "منذ عام 2023 زاد وصول الفارّين من الحرب في السودان الطلبَ على المعلومات والمقاعد الدراسية "
                          "والرعاية الصحية، خصوصًا في أسوان.",
                    "nl": "Sinds 2023 verhoogt de komst van mensen op de vlucht voor de oorlog in Soedan de vraag naar "
                          "informatie, schoolplaatsen en zorg, vooral in Aswan.",
                },
                figures=[("4", "centres", "2025-03-31"), ("17 900", "assisted", "2024-12-31")],
                series=("assisted", [("2020", 6200), ("2021", 7400), ("2022", 9100), ("2023", 13800), ("2024", 17900)]),
                code="EG",
            ),
            place(
                "tunisia", {"fr": "tunisie", "ar": "تونس", "nl": "tunesie"},
                intro={
                    "en": "Tunisia is a country of transit and, for many, of long stays; partners work in Tunis, Sfax "
                          "and Medenine.",
                    "fr": "La Tunisie est un pays de transit et, pour beaucoup, de séjour long ; les partenaires "
                          "travaillent à Tunis, Sfax et Médenine.",
                    "ar": "تونس بلد عبور، وبلد إقامة طويلة لكثيرين؛ ويعمل الشركاء في تونس العاصمة وصفاقس ومدنين.",
                    "nl": "Tunesië is een doorreisland en voor velen een land van lang verblijf; partners werken in "
                          "Tunis, Sfax en Medenine.",
                },
                body={
                    "en": "Outreach teams, legal counselling and community dialogues are at the centre of the "
                          "network's work in Tunisia.",
                    "fr": "Équipes mobiles, conseil juridique et dialogues communautaires sont au cœur du travail du "
                          "réseau en Tunisie.",
                    "ar": "تقع الفرق المتنقلة والاستشارة القانونية والحوارات المجتمعية في صميم عمل الشبكة في تونس.",
                    "nl": "Mobiele teams, juridisch advies en gemeenschapsdialogen staan centraal in het werk van het "
                          "netwerk in Tunesië.",
                },
                figures=[("11 200", "assisted", "2024-12-31"), ("1 350", "returns", "2024-12-31")],
                series=("returns", [("2020", 420), ("2021", 610), ("2022", 880), ("2023", 1190), ("2024", 1350)]),
                code="TN",
            ),
            place(
                "libya", {"fr": "libye", "ar": "ليبيا", "nl": "libie"},
                intro={
                    "en": "Libya is a destination for workers from neighbouring countries and a place of transit "
                          "towards Europe, where people face serious protection risks.",
                    "fr": "La Libye est une destination pour des travailleurs des pays voisins et un lieu de transit "
                          "vers l'Europe, où les personnes font face à de graves risques.",
                    "ar": "ليبيا وجهة لعمّال من البلدان المجاورة ونقطة عبور نحو أوروبا، ويواجه فيها الناس مخاطر حماية "
                          "جسيمة.",
                    "nl": "Libië is een bestemming voor arbeiders uit buurlanden en een doorreisland naar Europa, waar "
                          "mensen ernstige beschermingsrisico's lopen.",
                },
                body={
                    "en": "Partners run protection case management, flow monitoring, cash assistance for rent and "
                          "support for voluntary return.",
                    "fr": "Les partenaires assurent la gestion des cas de protection, le suivi des flux, une aide "
                          "financière au loyer et l'accompagnement des retours volontaires.",
                    "ar": "يتولّى الشركاء إدارة حالات الحماية ورصد التدفقات والمساعدة النقدية للإيجار ودعم العودة "
                          "الطوعية.",
                    "nl": "Partners verzorgen beschermingsdossiers, monitoring, huursteun in contanten en begeleiding "
                          "bij vrijwillige terugkeer.",
                },
                figures=[("19 200", "assisted", "2024-12-31"), ("21", "points", "2024-12-31"),
                         ("3 900", "returns", "2024-12-31")],
                series=("returns", [("2020", 1900), ("2021", 2600), ("2022", 3300), ("2023", 4100), ("2024", 3900)]),
                code="LY",
            ),
        ],
    ),
    place(
        "sahel-and-lake-chad", {"fr": "sahel-et-lac-tchad", "ar": "الساحل-وبحيرة-تشاد", "nl": "sahel-en-tsjaadmeer"},
        intro={
            "en": "In the Sahel and around Lake Chad, conflict and climate shocks displace millions of people within "
                  "and across borders.",
            "fr": "Au Sahel et autour du lac Tchad, les conflits et les chocs climatiques déplacent des millions de "
                  "personnes, à l'intérieur des pays et au-delà.",
            "ar": "في الساحل وحول بحيرة تشاد، تُهجّر النزاعات والصدمات المناخية ملايين الأشخاص داخل الحدود وعبرها.",
            "nl": "In de Sahel en rond het Tsjaadmeer verdrijven conflicten en klimaatschokken miljoenen mensen, "
                  "binnen en over grenzen.",
        },
        body={
            "en": "Partners in Niger and Mali support people returning from North Africa and the communities "
                  "that receive them.",
            "fr": "Au Niger et au Mali, les partenaires soutiennent les personnes qui reviennent d'Afrique du Nord "
                  "et les communautés qui les accueillent.",
            "ar": "يدعم الشركاء في النيجر ومالي العائدين من شمال أفريقيا والمجتمعات التي تستقبلهم.",
            "nl": "Partners in Niger en Mali steunen mensen die uit Noord-Afrika terugkeren en de gemeenschappen die "
                  "hen opvangen.",
        },
        figures=[("6 700", "reintegration", "2024-12-31"), ("5", "points", "2024-12-31")],
        series=("returns", [("2020", 2900), ("2021", 3400), ("2022", 4200), ("2023", 5100), ("2024", 4800)]),
        region="sahel-lake-chad",
    ),
    place(
        "west-africa", {"fr": "afrique-de-l-ouest", "ar": "غرب-أفريقيا", "nl": "west-afrika"},
        intro={
            "en": "Guinea, Côte d'Ivoire and Senegal are countries of origin and of return for many people who "
                  "travelled north.",
            "fr": "La Guinée, la Côte d'Ivoire et le Sénégal sont des pays d'origine et de retour pour beaucoup de "
                  "personnes parties vers le nord.",
            "ar": "غينيا وكوت ديفوار والسنغال بلدان منشأ وعودة لكثير ممن سافروا شمالًا.",
            "nl": "Guinee, Ivoorkust en Senegal zijn landen van herkomst en terugkeer voor veel mensen die naar het "
                  "noorden trokken.",
        },
        body={
            "en": "The network's members here focus on reintegration that lasts, led as far as possible by "
                  "returnees themselves.",
            "fr": "Les membres du réseau s'y consacrent à une réintégration durable, menée autant que possible par "
                  "les rapatriés eux-mêmes.",
            "ar": "يركّز أعضاء الشبكة هنا على إعادة إدماج مستدامة يقودها العائدون أنفسهم قدر الإمكان.",
            "nl": "De leden van het netwerk richten zich hier op duurzame re-integratie, zoveel mogelijk geleid door "
                  "terugkeerders zelf.",
        },
        figures=[("9 400", "reintegration", "2024-12-31"), ("2", "centres", "2024-12-31")],
        series=("returns", [("2020", 3100), ("2021", 3900), ("2022", 5200), ("2023", 6100), ("2024", 5600)]),
        countries=[
            place(
                "guinea", {"fr": "guinee", "ar": "غينيا", "nl": "guinee"},
                intro={
                    "en": "Guinea is among the main countries of return in West Africa; most returnees settle in "
                          "Conakry, Kankan and Labé.",
                    "fr": "La Guinée est l'un des principaux pays de retour en Afrique de l'Ouest ; la plupart des "
                          "rapatriés s'installent à Conakry, Kankan et Labé.",
                    "ar": "غينيا من أبرز بلدان العودة في غرب أفريقيا، ويستقر معظم العائدين في كوناكري وكانكان ولابي.",
                    "nl": "Guinee is een van de belangrijkste terugkeerlanden in West-Afrika; de meeste terugkeerders "
                          "vestigen zich in Conakry, Kankan en Labé.",
                },
                body={
                    "en": "Peer groups of returnees, business training and family mediation are part of every "
                          "reintegration plan.",
                    "fr": "Groupes de pairs, formation à la gestion et médiation familiale font partie de chaque "
                          "plan de réintégration.",
                    "ar": "مجموعات الأقران من العائدين والتدريب على إدارة المشاريع والوساطة الأسرية جزء من كل خطة "
                          "لإعادة الإدماج.",
                    "nl": "Lotgenotengroepen, ondernemerstraining en familiebemiddeling maken deel uit van elk "
                          "re-integratieplan.",
                },
                figures=[("5 800", "reintegration", "2024-12-31"), ("2 100", "returns", "2024-12-31")],
                series=("returns", [("2020", 1200), ("2021", 1500), ("2022", 2400), ("2023", 2600), ("2024", 2100)]),
                code="GN",
            ),
        ],
    ),
]

PARTNERS_PAGE = {
    "en": ("Partners", "The organisations that make up the network, and what each brings to it.", "partners"),
    "fr": ("Partenaires", "Les organisations qui composent le réseau, et ce que chacune y apporte.", "partenaires"),
    "ar": ("الشركاء", "المنظمات التي تتكوّن منها الشبكة، وما تقدّمه كل منها.", "الشركاء"),
    "nl": ("Partners", "De organisaties die samen het netwerk vormen, en wat elk ervan bijdraagt.", "partners"),
}

# (organisation slug, theme slugs, description per language)
PARTNERS = [
    ("iom", ["reintegration", "data-evidence"], {
        "en": "Supports voluntary return and reintegration and runs flow monitoring in the region.",
        "fr": "Soutient le retour volontaire et la réintégration, et assure le suivi des flux dans la région.",
        "ar": "تدعم العودة الطوعية وإعادة الإدماج وتتولّى رصد التدفقات في المنطقة.",
        "nl": "Ondersteunt vrijwillige terugkeer en re-integratie en monitort migratiestromen in de regio."}),
    ("unhcr", ["protection", "information-legal-assistance"], {
        "en": "Leads on refugee protection, registration and referral standards.",
        "fr": "Chef de file de la protection des réfugiés, de l'enregistrement et des normes d'orientation.",
        "ar": "تقود حماية اللاجئين وتسجيلهم ومعايير الإحالة.",
        "nl": "Trekker voor de bescherming en registratie van vluchtelingen en voor verwijsnormen."}),
    ("unicef", ["protection", "education"], {
        "en": "Works on child protection and access to school for children on the move.",
        "fr": "Travaille sur la protection de l'enfance et l'accès à l'école des enfants en déplacement.",
        "ar": "تعمل على حماية الأطفال ووصول الأطفال المتنقلين إلى المدرسة.",
        "nl": "Werkt aan kinderbescherming en schooltoegang voor kinderen onderweg."}),
    ("enabel", ["reintegration", "livelihoods"], {
        "en": "Belgium's development agency, funding reintegration and skills programmes.",
        "fr": "L'agence belge de développement, qui finance des programmes de réintégration et de compétences.",
        "ar": "وكالة التنمية البلجيكية، تموّل برامج إعادة الإدماج وتنمية المهارات.",
        "nl": "Het Belgische ontwikkelingsagentschap, dat re-integratie- en vaardigheidsprogramma's financiert."}),
    ("giz", ["labour-mobility", "livelihoods"], {
        "en": "Germany's development agency, active on labour mobility and migration advice centres.",
        "fr": "L'agence allemande de coopération, active sur la mobilité de la main-d'œuvre et les centres de conseil.",
        "ar": "وكالة التعاون الألمانية، تنشط في تنقّل اليد العاملة ومراكز الإرشاد حول الهجرة.",
        "nl": "Het Duitse ontwikkelingsagentschap, actief rond arbeidsmobiliteit en migratieadviescentra."}),
    ("european-union", ["protection", "reintegration"], {
        "en": "Main funder of the network's programmes in North Africa.",
        "fr": "Principal bailleur des programmes du réseau en Afrique du Nord.",
        "ar": "الجهة المموّلة الرئيسية لبرامج الشبكة في شمال أفريقيا.",
        "nl": "Belangrijkste financier van de programma's van het netwerk in Noord-Afrika."}),
    ("drc", ["protection", "cash-based-interventions"], {
        "en": "Runs protection case management, cash assistance and psychosocial support in Libya and Tunisia.",
        "fr": "Assure la gestion des cas de protection, l'aide monétaire et le soutien psychosocial en Libye et en Tunisie.",
        "ar": "يتولّى إدارة حالات الحماية والمساعدة النقدية والدعم النفسي الاجتماعي في ليبيا وتونس.",
        "nl": "Verzorgt beschermingsdossiers, geldhulp en psychosociale steun in Libië en Tunesië."}),
    ("nrc", ["information-legal-assistance", "education"], {
        "en": "Provides legal counselling on documents and housing, and education support.",
        "fr": "Offre un conseil juridique sur les documents et le logement, et un soutien éducatif.",
        "ar": "يقدّم استشارات قانونية بشأن الوثائق والسكن ودعمًا تعليميًا.",
        "nl": "Biedt juridisch advies over documenten en huisvesting, en onderwijssteun."}),
    ("terre-dasile-tunisie", ["information-legal-assistance", "social-cohesion"], {
        "en": "Tunisian organisation offering legal aid, outreach and community dialogues.",
        "fr": "Organisation tunisienne qui offre aide juridique, équipes mobiles et dialogues communautaires.",
        "ar": "منظمة تونسية تقدّم المساعدة القانونية والعمل الميداني والحوارات المجتمعية.",
        "nl": "Tunesische organisatie voor juridische hulp, veldwerk en gemeenschapsdialogen."}),
    ("egyptian-red-crescent", ["basic-services", "protection"], {
        "en": "Provides health care and emergency relief, including at the Sudanese border.",
        "fr": "Apporte soins de santé et secours d'urgence, y compris à la frontière soudanaise.",
        "ar": "يقدّم الرعاية الصحية والإغاثة الطارئة، بما في ذلك على الحدود السودانية.",
        "nl": "Biedt gezondheidszorg en noodhulp, ook aan de Soedanese grens."}),
    ("mixed-migration-centre", ["data-evidence"], {
        "en": "Independent research on mixed migration, through interviews with people on the move.",
        "fr": "Recherche indépendante sur les migrations mixtes, par des entretiens avec les personnes en mouvement.",
        "ar": "بحث مستقل حول الهجرة المختلطة، عبر مقابلات مع الأشخاص المتنقلين.",
        "nl": "Onafhankelijk onderzoek naar gemengde migratie, via interviews met mensen onderweg."}),
    ("returnee-voices-network", ["participation", "reintegration"], {
        "en": "A network led by returnees in Guinea, Côte d'Ivoire and Senegal, running peer groups and research.",
        "fr": "Un réseau dirigé par des rapatriés en Guinée, en Côte d'Ivoire et au Sénégal : groupes de pairs et recherche.",
        "ar": "شبكة يقودها عائدون في غينيا وكوت ديفوار والسنغال، تدير مجموعات أقران وبحوثًا.",
        "nl": "Een netwerk geleid door terugkeerders in Guinee, Ivoorkust en Senegal, met lotgenotengroepen en onderzoek."}),
]
