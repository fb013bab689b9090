"""The demo's core: taxonomy and groups, home and about pages in four languages, the admin account."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Site

from cms_pages.locales import ensure_locales, ensure_tree_roots
from cms_pages.models import HomePage, StandardPage
from kms.accounts.groups import ensure_groups
from kms.taxonomy.loader import load_taxonomy

from .loader import LANGUAGES, publish, read, translation_of


def load(out):
    """Create or refresh the core; return the admin login to print at the end."""
    data = read("core")
    load_taxonomy()
    ensure_groups()
    ensure_locales()
    out.write("  taxonomy, groups and locales")
    home = _home(data["home"]["words"])
    out.write("  home pages in 4 languages")
    words = data["about"]["words"]
    about = StandardPage.objects.child_of(home).filter(slug=words["en"]["slug"]).first()
    about = publish(about or StandardPage(locale=home.locale), home, **words["en"])
    for code in LANGUAGES[1:]:
        publish(*translation_of(about, code), **words[code])
    out.write("  about pages in 4 languages")
    return [_admin(**data["admin"])]


def _home(words):
    english = Locale.objects.get(language_code="en")
    root = ensure_tree_roots()
    # Wagtail's initial "Welcome" page (a plain Page) gives way to ours, with its Site row.
    root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore").delete()
    home = HomePage.objects.filter(locale=english, depth=2).first() or HomePage(slug="home", locale=english)
    home = publish(home, root, **words["en"])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "site_name": "kms", "root_page": home}
    )
    for code in LANGUAGES[1:]:
        publish(*translation_of(home, code), **words[code])
    return home


def _admin(username, email, password):
    admin, _created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
    admin.email = email
    # Wagtail's account page saves the name with the language preference, and needs one to save either.
    admin.first_name = admin.first_name or "Demo"
    admin.last_name = admin.last_name or "Admin"
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    EmailAddress.objects.update_or_create(user=admin, email=email, defaults={"verified": True, "primary": True})
    return f"Admin login: {email} / {password}"
