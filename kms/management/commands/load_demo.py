"""Load the demo site: home pages in four languages, an about page, and an admin account.

Running it again updates the same rows instead of adding copies.
"""

import importlib

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms_pages.locales import ensure_locales, ensure_tree_roots
from cms_pages.models import HomePage, StandardPage
from kms.accounts.groups import ensure_groups
from kms.taxonomy.loader import load_taxonomy

# Each app's demo content, loaded in this order after the home pages: a module with
# `load(out)` that writes progress lines to `out` and returns lines to print at the end
# (for example the demo logins it created).
APP_DEMOS = (
    "cms_pages.demo",
    "cms_pages.outreach.demo",
    "research.demo",
    "communities.demo",
    "communities.notifications.demo",
)

ADMIN_EMAIL = "admin@kms.example.org"
ADMIN_PASSWORD = "kms-demo-admin-2026"

HOME = {
    "en": ("Knowledge for human-mobility partnerships",
           "Lessons learned, joint research and documents from organisations that protect and support "
           "migrants, refugees, displaced people, returnees and their host communities."),
    "fr": ("Le savoir des partenariats pour la mobilité humaine",
           "Leçons apprises, recherches conjointes et documents des organisations qui protègent et "
           "accompagnent les migrants, les réfugiés, les personnes déplacées, les rapatriés et leurs "
           "communautés d'accueil."),
    "ar": ("المعرفة في خدمة شراكات التنقّل البشري",
           "دروس مستفادة وبحوث مشتركة ووثائق من منظمات تحمي وتدعم المهاجرين واللاجئين والنازحين "
           "والعائدين والمجتمعات المضيفة لهم."),
    "nl": ("Kennis voor partnerschappen rond menselijke mobiliteit",
           "Geleerde lessen, gezamenlijk onderzoek en documenten van organisaties die migranten, "
           "vluchtelingen, ontheemden, terugkeerders en hun gastgemeenschappen beschermen en ondersteunen."),
}

ABOUT = {
    "en": ("About the network", "about",
           "The network brings together NGOs, UN agencies, development agencies, researchers and "
           "refugee- and migrant-led organisations working in Egypt, Tunisia, Libya and beyond."),
    "fr": ("À propos du réseau", "a-propos",
           "Le réseau rassemble des ONG, des agences des Nations unies, des agences de développement, "
           "des chercheurs et des organisations dirigées par des réfugiés et des migrants, en Égypte, "
           "en Tunisie, en Libye et au-delà."),
    "ar": ("عن الشبكة", "عن-الشبكة",
           "تجمع الشبكة منظمات غير حكومية ووكالات أممية ووكالات تنمية وباحثين ومنظمات يقودها لاجئون "
           "ومهاجرون، تعمل في مصر وتونس وليبيا وخارجها."),
    "nl": ("Over het netwerk", "over-het-netwerk",
           "Het netwerk brengt ngo's, VN-organisaties, ontwikkelingsagentschappen, onderzoekers en "
           "organisaties geleid door vluchtelingen en migranten samen, in Egypte, Tunesië, Libië en daarbuiten."),
}


class Command(BaseCommand):
    help = "Load (or refresh) the demo content and the demo admin account."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would be loaded, change nothing.")
        parser.add_argument(
            "--only",
            action="append",
            choices=["core", *APP_DEMOS],
            help="Load the core (taxonomy, home and about pages, admin account) and only these apps' demos; "
            "repeatable. `--only core` loads the core alone.",
        )

    def handle(self, *args, dry_run=False, only=None, **options):
        app_demos = APP_DEMOS if not only else [module for module in APP_DEMOS if module in only]
        if dry_run:
            self.stdout.write("Would load: taxonomy, locales en/fr/ar/nl, home and about pages in 4 languages, admin account.")
            return
        steps = [
            ("taxonomy and groups", self._taxonomy),
            ("home pages", self._home_pages),
            ("about pages", self._about_pages),
            ("admin account", self._admin),
            *((module, self._app_demo(module)) for module in app_demos),
        ]
        self.closing_lines = []
        with transaction.atomic():
            for number, (label, step) in enumerate(steps, start=1):
                self.stdout.write(f"[{number}/{len(steps)}] {label}…")
                step()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Admin login: {ADMIN_EMAIL} / {ADMIN_PASSWORD}")
        for line in self.closing_lines:
            self.stdout.write(line)

    def _app_demo(self, module_name):
        def step():
            module = importlib.import_module(module_name)
            self.closing_lines.extend(module.load(self.stdout) or [])

        return step

    def _taxonomy(self):
        load_taxonomy()
        ensure_groups()
        ensure_locales()

    def _home_pages(self):
        english = Locale.objects.get(language_code="en")
        root = ensure_tree_roots()
        # Wagtail's initial "Welcome" page (a plain Page) gives way to ours, with its Site row.
        root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore").delete()
        home = HomePage.objects.filter(locale=english, depth=2).first()
        if home is None:
            home = HomePage(title=HOME["en"][0], slug="home", intro=HOME["en"][1], locale=english)
            root.add_child(instance=home)
        self._publish(home, *HOME["en"])
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "site_name": "kms", "root_page": home},
        )
        for code in ("fr", "ar", "nl"):
            self._publish(self._translation(home, code), *HOME[code])
        self.home = home

    def _about_pages(self):
        english = Locale.objects.get(language_code="en")
        about = StandardPage.objects.filter(locale=english, slug=ABOUT["en"][1]).first()
        if about is None:
            about = StandardPage(title=ABOUT["en"][0], slug=ABOUT["en"][1], intro=ABOUT["en"][2], locale=english)
            self.home.add_child(instance=about)
        self._publish(about, ABOUT["en"][0], ABOUT["en"][2])
        for code in ("fr", "ar", "nl"):
            title, slug, intro = ABOUT[code]
            translation = self._translation(about, code)
            translation.slug = slug
            self._publish(translation, title, intro)

    def _translation(self, page, code):
        locale = Locale.objects.get(language_code=code)
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        return page.copy_for_translation(locale, copy_parents=True).specific

    def _publish(self, page, title, intro):
        page.title = title
        page.intro = intro
        page.save_revision().publish()

    def _admin(self):
        user_model = get_user_model()
        admin, _created = user_model.objects.get_or_create(
            username="admin", defaults={"email": ADMIN_EMAIL, "is_staff": True, "is_superuser": True}
        )
        admin.email = ADMIN_EMAIL
        admin.is_staff = admin.is_superuser = True
        admin.set_password(ADMIN_PASSWORD)
        admin.save()
        EmailAddress.objects.update_or_create(
            user=admin, email=ADMIN_EMAIL, defaults={"verified": True, "primary": True}
        )
