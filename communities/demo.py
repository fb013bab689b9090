"""Demo content of this app for `manage.py load_demo` (see kms/management/commands/load_demo.py).

Three communities (one members-only), twelve lessons in four languages across the
whole lifecycle, discussions with replies, two events and five partner accounts.
Rows are found again by their natural keys (email, slug, title), so a second run
updates them instead of adding copies.
"""

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from kms.accounts.groups import PARTNER_MEMBERS
from kms.accounts.models import Profile
from kms.taxonomy.models import Country, Organisation, Theme

from django.core.files.base import ContentFile

from kms.pdfgen import build_pdf

from . import attachments
from .models import (
    Attachment,
    Community,
    Event,
    Lesson,
    LessonTransition,
    LessonVersion,
    Membership,
    Reply,
    Thread,
)

PASSWORD = "kms-demo-partner-2026"

PARTNERS = [
    # email, display name, organisation slug, country, languages
    ("amira.benali@partners.kms.example.org", "Amira Ben Ali", "terre-dasile-tunisie", "TN", ["ar", "fr"]),
    ("youssef.haddad@partners.kms.example.org", "Youssef Haddad", "drc", "LY", ["ar", "en"]),
    ("mona.fathy@partners.kms.example.org", "Mona Fathy", "egyptian-red-crescent", "EG", ["ar", "en"]),
    ("claire.dubois@partners.kms.example.org", "Claire Dubois", "enabel", "BE", ["fr", "nl", "en"]),
    ("pieter.janssens@partners.kms.example.org", "Pieter Janssens", "returnee-voices-network", "BE", ["nl", "fr", "en"]),
]

COMMUNITIES = [
    {
        "slug": "community-based-reintegration",
        "visibility": Community.Visibility.PUBLIC,
        "join_policy": Community.JoinPolicy.OPEN,
        "original_language": "en",
        "themes": ["reintegration", "livelihoods", "social-cohesion"],
        "countries": ["TN", "EG", "LY", "NE"],
        "name": {
            "en": "Community-based reintegration",
            "fr": "Réintégration communautaire",
            "ar": "إعادة الإدماج المجتمعي",
            "nl": "Gemeenschapsgerichte re-integratie",
        },
        "description": {
            "en": "Partners who support returnees and their home communities together: collective income projects, "
                  "local committees, and what it takes for a return to hold.",
            "fr": "Des partenaires qui accompagnent ensemble les rapatriés et leurs communautés d'origine : projets "
                  "collectifs générateurs de revenus, comités locaux, et ce qu'il faut pour qu'un retour tienne.",
            "ar": "شركاء يدعمون العائدين ومجتمعاتهم الأصلية معًا: مشاريع جماعية مدرّة للدخل، ولجان محلية، وما يلزم "
                  "ليكون الرجوع مستدامًا.",
            "nl": "Partners die terugkeerders en hun gemeenschappen samen ondersteunen: collectieve inkomensprojecten, "
                  "lokale comités en wat nodig is om een terugkeer duurzaam te maken.",
        },
        "facilitators": ["amira.benali@partners.kms.example.org"],
        "members": ["claire.dubois@partners.kms.example.org", "pieter.janssens@partners.kms.example.org",
                    "mona.fathy@partners.kms.example.org"],
    },
    {
        "slug": "psychosocial-support-returnees",
        "visibility": Community.Visibility.PUBLIC,
        "join_policy": Community.JoinPolicy.ON_REQUEST,
        "original_language": "fr",
        "themes": ["protection", "basic-services", "reintegration"],
        "countries": ["TN", "EG", "GN", "CI", "SN"],
        "name": {
            "en": "Psychosocial support for returnees",
            "fr": "Soutien psychosocial aux rapatriés",
            "ar": "الدعم النفسي والاجتماعي للعائدين",
            "nl": "Psychosociale steun voor terugkeerders",
        },
        "description": {
            "en": "Counsellors, social workers and peer supporters compare approaches to mental health and "
                  "psychosocial support after a difficult migration and return.",
            "fr": "Conseillers, travailleurs sociaux et pairs aidants comparent leurs approches de la santé mentale "
                  "et du soutien psychosocial après une migration et un retour difficiles.",
            "ar": "مستشارون وأخصائيون اجتماعيون ومرافقون من الأقران يقارنون مقارباتهم في الصحة النفسية والدعم "
                  "النفسي والاجتماعي بعد هجرة وعودة صعبتين.",
            "nl": "Begeleiders, maatschappelijk werkers en ervaringsdeskundigen vergelijken hun aanpak van geestelijke "
                  "gezondheid en psychosociale steun na een moeilijke migratie en terugkeer.",
        },
        "facilitators": ["mona.fathy@partners.kms.example.org"],
        "members": ["amira.benali@partners.kms.example.org", "claire.dubois@partners.kms.example.org"],
    },
    {
        "slug": "protection-referral-libya",
        "visibility": Community.Visibility.MEMBERS_ONLY,
        "join_policy": Community.JoinPolicy.BY_INVITATION,
        "original_language": "en",
        "themes": ["protection", "counter-trafficking", "information-legal-assistance"],
        "countries": ["LY"],
        "name": {
            "en": "Protection-sensitive referral in Libya",
            "fr": "Orientation respectueuse de la protection en Libye",
            "ar": "الإحالة المراعية للحماية في ليبيا",
            "nl": "Beschermingsgerichte doorverwijzing in Libië",
        },
        "description": {
            "en": "A closed space for case workers in Libya to discuss referral pathways, safe contacts and "
                  "incidents. What is shared here stays with members.",
            "fr": "Un espace fermé où les travailleurs sociaux en Libye discutent des circuits d'orientation, des "
                  "contacts sûrs et des incidents. Ce qui est partagé ici reste entre membres.",
            "ar": "مساحة مغلقة لمديري الحالات في ليبيا لمناقشة مسارات الإحالة وجهات الاتصال الآمنة والحوادث. "
                  "ما يُشارك هنا يبقى بين الأعضاء.",
            "nl": "Een besloten ruimte waar casemanagers in Libië doorverwijstrajecten, veilige contacten en "
                  "incidenten bespreken. Wat hier gedeeld wordt, blijft onder leden.",
        },
        "facilitators": ["youssef.haddad@partners.kms.example.org"],
        "members": ["amira.benali@partners.kms.example.org", "mona.fathy@partners.kms.example.org"],
    },
]

S = Lesson.State

# community slug, author, language, state, reason, countries, themes, title, sections
# (context, what was done, what worked, what did not, recommendations)
LESSONS = [
    ("community-based-reintegration", "amira.benali@partners.kms.example.org", "fr", S.PUBLISHED, "", ["TN"],
     ["reintegration", "livelihoods"],
     "Projets collectifs à Médenine : associer la famille dès le départ",
     ["Entre 2023 et 2025, des jeunes rentrés de Libye et d'Italie vers le gouvernorat de Médenine ont reçu une aide "
      "à la réintégration, d'abord individuelle puis collective.",
      "Nous avons réuni des groupes de quatre à six rapatriés autour d'un projet commun (atelier de réparation, "
      "élevage ovin, point de vente de produits de la mer), avec un membre de chaque famille au comité de suivi.",
      "Les projets où la famille siégeait au comité tenaient mieux : 14 sur 17 étaient encore actifs après un an. "
      "La famille servait de garant auprès des fournisseurs et apaisait les tensions.",
      "Les groupes formés uniquement par affinité au centre d'accueil se sont souvent défaits au bout de trois "
      "mois, surtout quand un membre repartait.",
      "Associer la famille avant la signature, prévoir une médiation au troisième mois, et verser la subvention "
      "par tranches liées à des étapes concrètes."]),
    ("community-based-reintegration", "pieter.janssens@partners.kms.example.org", "nl", S.PUBLISHED, "", ["BE", "GN"],
     ["reintegration", "diaspora"],
     "Terugkeer naar Conakry voorbereiden vanuit België: wat het voortraject oplevert",
     ["Mensen die vanuit België vrijwillig naar Guinee terugkeerden, kwamen vaak aan zonder plan, terwijl de "
      "partners in Conakry pas na aankomst contact kregen.",
      "We startten een voortraject van zes weken: drie gesprekken met een terugkeerconsulent, een videogesprek met "
      "de partner in Conakry en, waar mogelijk, met familie.",
      "Wie het voortraject volgde, had binnen twee weken na aankomst een eerste afspraak en een realistischer "
      "businessplan. Het videogesprek met de partner nam veel angst weg.",
      "Digitale gesprekken met familie waren lastig: slechte verbinding en schaamte om over de terugkeer te "
      "praten. Sommige mensen wilden hun familie pas na aankomst inlichten.",
      "Begin het contact met de partner in het land van herkomst vóór het vertrek, en laat de keuze om familie "
      "te betrekken bij de persoon zelf."]),
    ("community-based-reintegration", "mona.fathy@partners.kms.example.org", "ar", S.PUBLISHED, "", ["EG"],
     ["livelihoods", "social-cohesion"],
     "مراكز موارد المهاجرين في القاهرة: شبّاك واحد للمعلومات والإحالة",
     ["يصل إلى القاهرة مهاجرون ولاجئون وعائدون مصريون يبحثون عن معلومات متفرقة حول العمل والتعليم والخدمات "
      "الصحية، وكثيرًا ما يُحالون من جهة إلى أخرى دون نتيجة.",
      "افتتحنا مركز موارد يعمل كشبّاك واحد: استقبال، ثم جلسة معلومات فردية، ثم إحالة مكتوبة إلى جهة محددة مع "
      "متابعة هاتفية بعد أسبوع.",
      "المتابعة الهاتفية بعد أسبوع ضاعفت نسبة الإحالات التي اكتملت فعلًا. ووجود موظفين يتحدثون لغات المجتمعات "
      "الرئيسية زاد الثقة.",
      "لوحات الإعلانات والمطويات وحدها لم تصل إلى النساء العاملات في المنازل، فأوقات عمل المركز لم تناسبهن.",
      "فتح المركز مساءً يومين في الأسبوع، وتدريب وسطاء من المجتمعات أنفسهم، وتسجيل نتيجة كل إحالة."]),
    ("community-based-reintegration", "claire.dubois@partners.kms.example.org", "en", S.SUBMITTED, "", ["TN", "EG"],
     ["labour-mobility", "livelihoods"],
     "Vocational training that employers co-design",
     ["Training courses for returnees in Sfax and Alexandria had good attendance but few graduates found work in "
      "the trade they trained for.",
      "We asked three employers' associations to co-write the curriculum and to host the last month of each course "
      "as on-the-job practice.",
      "Placement after six months rose from roughly one in five to more than half for welding and refrigeration.",
      "Employers did not engage for trades with many small informal workshops, such as tailoring.",
      "Start from the jobs employers cannot fill, pay a small stipend during the practice month, and keep a "
      "separate route for self-employment."]),
    ("community-based-reintegration", "amira.benali@partners.kms.example.org", "ar", S.DRAFT, "", ["TN"],
     ["social-cohesion"],
     "لجان الحي في جرجيس: إشراك المجتمع المضيف في مشاريع العائدين",
     ["عند عودة عدد كبير من الشباب إلى جرجيس، ظهرت توترات مع شباب الحي الذين لم يهاجروا ورأوا أن العائدين "
      "يحصلون على مساعدات لا يحصلون عليها.",
      "أنشأنا لجان حي تضم عائدين وغير عائدين، وخصصنا ثلث المنح لمشاريع مشتركة بينهم.",
      "", "", ""]),
    ("psychosocial-support-returnees", "mona.fathy@partners.kms.example.org", "en", S.PUBLISHED, "", ["EG"],
     ["protection", "basic-services"],
     "Peer support groups for returnees in Upper Egypt",
     ["Young men returning to Sohag and Assiut after detention in Libya rarely came to individual counselling; "
      "mental health carries strong stigma in their villages.",
      "We trained eight returnees as peer supporters and ran closed groups of eight to ten participants, meeting "
      "weekly for ten weeks in a youth centre rather than a clinic.",
      "Attendance stayed above 70 percent. Participants spoke of sleep and anger first, which opened the way to "
      "referrals for the few who needed specialised care.",
      "Mixing people who had returned recently with those back for years did not work: the newer arrivals felt "
      "judged.",
      "Hold groups in ordinary community places, pay peer supporters, supervise them every fortnight, and agree a "
      "clear referral path to a psychiatrist before the first session."]),
    ("psychosocial-support-returnees", "amira.benali@partners.kms.example.org", "fr", S.PUBLISHED, "", ["TN", "GN"],
     ["protection", "reintegration"],
     "Premier entretien à l'arrivée : ce qu'il ne faut pas demander",
     ["À l'aéroport de Tunis-Carthage et au port de Zarzis, les rapatriés étaient reçus par plusieurs organisations "
      "qui posaient chacune les mêmes questions sur leur parcours.",
      "Nous avons convenu d'un entretien d'accueil unique, court, centré sur les besoins immédiats (santé, "
      "hébergement, contact avec la famille), et renvoyé le récit du parcours à plus tard.",
      "Les personnes se sentaient moins interrogées et revenaient plus volontiers au rendez-vous suivant.",
      "Certains bailleurs exigeaient des données détaillées sur le parcours dès l'arrivée ; il a fallu négocier.",
      "Un seul entretien d'accueil partagé entre partenaires, avec consentement explicite pour chaque partage "
      "d'information, et aucun récit de parcours exigé le premier jour."]),
    ("psychosocial-support-returnees", "claire.dubois@partners.kms.example.org", "nl", S.CHANGES_REQUESTED,
     "Kun je aangeven hoeveel mensen aan de sessies deelnamen en hoe je de resultaten hebt gemeten?",
     ["BE", "SN"], ["protection"],
     "Online nazorg na terugkeer naar Senegal",
     ["Na een vrijwillige terugkeer vanuit België naar Senegal bleven mensen hun Belgische begeleider bellen.",
      "We boden zes online gesprekken aan met een Wolof- en Franssprekende psycholoog in Dakar.",
      "Mensen vonden het prettig dat de psycholoog hun situatie aan beide kanten kende.",
      "De verbinding in de regio's buiten Dakar was vaak te slecht.", "Combineer online nazorg met een lokale partner."]),
    ("psychosocial-support-returnees", "pieter.janssens@partners.kms.example.org", "en", S.REJECTED,
     "This describes a conference rather than a practice; please share it as a discussion instead.",
     ["BE"], ["participation"],
     "Notes from the Brussels returnee forum",
     ["Notes from the panel sessions of the forum.", "", "", "", ""]),
    ("protection-referral-libya", "youssef.haddad@partners.kms.example.org", "ar", S.PUBLISHED, "", ["LY"],
     ["protection", "counter-trafficking"],
     "الإحالة الآمنة من نقاط الإنزال في طرابلس",
     ["يُعاد الأشخاص الذين يُعترضون في البحر إلى نقاط الإنزال في طرابلس، حيث لا يتوفر سوى وقت قصير لتحديد من "
      "يحتاج إلى حماية عاجلة قبل نقلهم.",
      "وضعنا بطاقة فرز من صفحة واحدة يستخدمها فريقنا عند الإنزال، وقائمة قصيرة بجهات إحالة تحققنا منها مسبقًا، "
      "مع رقم هاتف واحد للمتابعة.",
      "صار بالإمكان تحديد الأطفال غير المصحوبين والناجين من الاتجار بسرعة أكبر، وإيصال معلوماتهم إلى جهة واحدة "
      "بدل عدة جهات.",
      "تسجيل الأسماء عند الإنزال عرّض بعض الأشخاص للخطر، فتوقفنا عن ذلك.",
      "عدم تسجيل أي بيانات تعريفية عند الإنزال، والاكتفاء برمز، ومراجعة قائمة جهات الإحالة كل شهر."]),
    ("protection-referral-libya", "amira.benali@partners.kms.example.org", "fr", S.SUBMITTED, "", ["LY", "TN"],
     ["protection", "information-legal-assistance"],
     "Orienter depuis Zouara vers la Tunisie sans exposer les personnes",
     ["Des personnes bloquées à Zouara demandaient des informations sur les possibilités d'assistance en Tunisie.",
      "Nous avons mis en place une ligne d'information tenue par des pairs, sans enregistrement des appels.",
      "Les informations sur les droits et les services ont circulé plus vite que par les réseaux informels.",
      "Il a été difficile de vérifier que les informations données restaient à jour.",
      "Une mise à jour hebdomadaire des informations, validée par un juriste, et aucun nom conservé."]),
    ("protection-referral-libya", "mona.fathy@partners.kms.example.org", "nl", S.PUBLISHED, "", ["LY", "EG"],
     ["protection", "basic-services"],
     "Medische doorverwijzing over de grens bij Salloum",
     ["Egyptische en Soedanese terugkeerders uit Oost-Libië kwamen bij Salloum aan met onbehandelde verwondingen "
      "en chronische ziekten.",
      "We spraken met het ziekenhuis van Marsa Matruh een vaste doorverwijsroute af, met een vertaalde "
      "medische samenvatting die de persoon zelf bij zich houdt.",
      "Patiënten hoefden hun verhaal niet telkens opnieuw te vertellen en werden sneller opgenomen.",
      "Vervoer over de 200 kilometer naar Marsa Matruh bleef het grootste probleem.",
      "Regel vervoer samen met de doorverwijzing, en laat medische gegevens bij de persoon zelf."]),
]

THREADS = [
    ("community-based-reintegration", None, "claire.dubois@partners.kms.example.org", "fr",
     "Subventions en nature ou en espèces pour les projets collectifs ?",
     "<p>Dans nos projets, le matériel acheté pour le groupe est parfois revendu quand un membre part. "
     "Avez-vous essayé de verser une partie en espèces, ou de garder le matériel au nom d'une association ?</p>",
     [("amira.benali@partners.kms.example.org",
       "<p>À Médenine, le matériel reste au nom d'une association locale pendant deux ans, puis il est transféré au "
       "groupe. Cela a beaucoup réduit les reventes.</p>"),
      ("pieter.janssens@partners.kms.example.org",
       "<p>Bij ons werkt een gemengde vorm: materiaal in natura, en een klein bedrag in contanten voor de eerste "
       "huur. Zonder dat geld begint niemand.</p>")]),
    ("psychosocial-support-returnees", "Peer support groups for returnees in Upper Egypt",
     "amira.benali@partners.kms.example.org", "en",
     "How do you supervise peer supporters?",
     "<p>We would like to try peer groups in Tataouine. How often do your peer supporters meet a clinical "
     "supervisor, and who pays for that time?</p>",
     [("mona.fathy@partners.kms.example.org",
       "<p>Every two weeks, two hours, with a psychologist from the governorate hospital. The project budget pays "
       "the peer supporters and the supervisor's transport.</p>")]),
    ("protection-referral-libya", None, "youssef.haddad@partners.kms.example.org", "ar",
     "تحديث قائمة جهات الإحالة لشهر نوفمبر",
     "<p>يرجى مراجعة قائمة جهات الإحالة في طرابلس ومصراتة وإبلاغي بأي رقم لم يعد يعمل قبل نهاية الأسبوع.</p>",
     [("mona.fathy@partners.kms.example.org",
       "<p>رقم العيادة المتنقلة في مصراتة تغيّر، سأرسل الرقم الجديد في رسالة خاصة.</p>")]),
]

EVENTS = [
    ("community-based-reintegration", Event.Kind.WEBINAR, "Webinar: keeping collective projects together",
     "Africa/Tunis", 10, "", "https://meet.kms.example.org/reintegration-collective",
     "<p>Short presentations from Médenine and Alexandria, then open discussion on mediation and grants in "
     "instalments.</p>"),
    ("psychosocial-support-returnees", Event.Kind.MEETING, "Rencontre des pairs aidants — Tunis",
     "Africa/Tunis", 24, "Maison des associations, avenue Habib Bourguiba, Tunis", "",
     "<p>Échanges de pratiques entre pairs aidants de Tunisie, d'Égypte et de Guinée ; supervision et "
     "prévention de l'épuisement.</p>"),
]


# Evidence files, generated at load time: lesson title -> (file name, language, title, paragraphs, links)
EVIDENCE = {
    "Projets collectifs à Médenine : associer la famille dès le départ": (
        "bilan-projets-collectifs-medenine.pdf", "fr", "Bilan des projets collectifs — Médenine 2023-2025",
        ["17 projets collectifs financés, 62 rapatriés et 17 comités de suivi avec un membre de chaque famille.",
         "Après douze mois, 14 projets sur 17 étaient actifs ; les trois arrêts ont suivi le départ d'un membre.",
         "La subvention par tranches a permis de corriger deux plans d'affaires avant la deuxième tranche."],
        ["https://www.iom.int/reintegration"],
    ),
    "الإحالة الآمنة من نقاط الإنزال في طرابلس": (
        "بطاقة-الفرز-طرابلس.pdf", "ar", "بطاقة الفرز عند نقاط الإنزال",
        ["الخطوة الأولى: السؤال عن الإصابات والحاجات الطبية العاجلة.",
         "الخطوة الثانية: تحديد الأطفال غير المصحوبين والنساء الحوامل وكبار السن.",
         "الخطوة الثالثة: إحالة واحدة إلى جهة تم التحقق منها، دون تسجيل أي اسم."],
        [],
    ),
}


def _evidence(lessons):
    for title, (name, language, heading, paragraphs, links) in EVIDENCE.items():
        lesson = lessons[title]
        if links and lesson.evidence_links != "\n".join(links):
            lesson.evidence_links = "\n".join(links)
            lesson.save(update_fields=["evidence_links"])
        if lesson.attachments.filter(original_name=name).exists():
            continue
        content = ContentFile(build_pdf(heading, paragraphs, language, author=lesson.author.profile.name), name=name)
        Attachment.objects.create(
            lesson=lesson, file=content, original_name=name, content_type="application/pdf", size=content.size,
            text=attachments.extract_text(content, "application/pdf"), uploaded_by=lesson.author,
        )


def _partners(out):
    User = get_user_model()
    group, _created = Group.objects.get_or_create(name=PARTNER_MEMBERS)
    users = {}
    for email, name, organisation, country, languages in PARTNERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, username=email.split("@")[0].replace(".", "_"))
            user.set_password(PASSWORD)
            user.save()
        user.groups.add(group)
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        profile, _created = Profile.objects.get_or_create(user=user)
        profile.display_name = name
        profile.organisation = Organisation.objects.filter(slug=organisation).first()
        profile.country = Country.objects.filter(code=country).first()
        profile.languages = languages
        profile.save()
        users[email] = user
    out.write(f"  {len(users)} partner accounts")
    return users


def _communities(users):
    communities = {}
    joined = timezone.now() - datetime.timedelta(days=120)
    for data in COMMUNITIES:
        fields = {
            "visibility": data["visibility"],
            "join_policy": data["join_policy"],
            "original_language": data["original_language"],
            **{f"name_{code}": value for code, value in data["name"].items()},
            **{f"description_{code}": value for code, value in data["description"].items()},
        }
        community, _created = Community.objects.update_or_create(slug=data["slug"], defaults=fields)
        community.themes.set(Theme.objects.filter(slug__in=data["themes"]))
        community.countries.set(Country.objects.filter(code__in=data["countries"]))
        for role, emails in ((Membership.Role.FACILITATOR, data["facilitators"]), (Membership.Role.MEMBER, data["members"])):
            for email in emails:
                Membership.objects.update_or_create(
                    community=community, user=users[email],
                    defaults={"role": role, "state": Membership.State.ACTIVE, "joined_at": joined},
                )
        communities[community.slug] = community
    return communities


def _lessons(users, communities):
    lessons = {}
    now = timezone.now()
    for number, (slug, author, language, state, reason, countries, themes, title, sections) in enumerate(LESSONS):
        community = communities[slug]
        html = {name: f"<p>{text}</p>" if text else "" for name, text in zip(Lesson.SECTIONS, sections)}
        day = now - datetime.timedelta(days=60 - number * 4)
        lesson, created = Lesson.objects.update_or_create(
            community=community, title=title,
            defaults={
                "author": users[author], "language": language, "state": state, "moderation_reason": reason,
                "submitted_at": day if state != S.DRAFT else None,
                "published_at": day + datetime.timedelta(days=1) if state == S.PUBLISHED else None,
                **html,
            },
        )
        lesson.countries.set(Country.objects.filter(code__in=countries))
        lesson.themes.set(Theme.objects.filter(slug__in=themes))
        if created:
            _history(lesson, community)
        lessons[title] = lesson
    return lessons


def _history(lesson, community):
    """The versions and moderation steps a lesson in this state would have gone through."""
    reviewer = Membership.objects.filter(community=community, role=Membership.Role.FACILITATOR).exclude(
        user=lesson.author).first()
    reviewer = reviewer.user if reviewer else None
    LessonVersion.objects.create(lesson=lesson, number=1, content=lesson.snapshot(), state=S.DRAFT, created_by=lesson.author)
    if lesson.state == S.DRAFT:
        return
    steps = [(S.DRAFT, S.SUBMITTED, lesson.author, "")]
    if lesson.state != S.SUBMITTED:
        steps.append((S.SUBMITTED, lesson.state, reviewer, lesson.moderation_reason))
    for source, target, actor, reason in steps:
        LessonTransition.objects.create(lesson=lesson, from_state=source, to_state=target, actor=actor, reason=reason)


def _threads(users, communities, lessons):
    count = 0
    for slug, lesson_title, author, language, title, body, replies in THREADS:
        community = communities[slug]
        thread, _created = Thread.objects.update_or_create(
            community=community, title=title,
            defaults={"author": users[author], "body": body, "language": language,
                      "lesson": lessons.get(lesson_title) if lesson_title else None},
        )
        for email, text in replies:
            Reply.objects.get_or_create(thread=thread, author=users[email], body=text)
            count += 1
    return count


def _events(communities):
    today = timezone.now().date()
    for slug, kind, title, zone, in_days, place, link, agenda in EVENTS:
        day = today + datetime.timedelta(days=in_days)
        start = datetime.datetime(day.year, day.month, day.day, 14, 0, tzinfo=zoneinfo.ZoneInfo(zone))
        Event.objects.update_or_create(
            community=communities[slug], title=title,
            defaults={"kind": kind, "time_zone": zone, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2),
                      "place": place, "online_link": link, "agenda": agenda},
        )


def load(out):
    """Create or refresh this app's demo content; return lines to print at the end of the run."""
    users = _partners(out)
    communities = _communities(users)
    out.write(f"  {len(communities)} communities")
    lessons = _lessons(users, communities)
    _evidence(lessons)
    out.write(f"  {len(lessons)} lessons, {len(EVIDENCE)} with a PDF as evidence")
    replies = _threads(users, communities, lessons)
    out.write(f"  {len(THREADS)} discussions, {replies} replies")
    _events(communities)
    out.write(f"  {len(EVENTS)} events")
    return [f"Partner login: {email} / {PASSWORD}   ({name})" for email, name, *_rest in PARTNERS]
