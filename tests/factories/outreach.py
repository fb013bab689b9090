"""Contact pages and newsletter subscriptions for tests, with Arabic and accented French text."""

import factory
from wagtail.models import Locale, Page, Site

from cms_pages.models import HomePage
from cms_pages.outreach.models import ContactPage, FormField, Subscription


def home_page(language_code="en"):
    """The home page of one language (a translation of the English one, the default Site's root)."""
    locale = Locale.objects.get(language_code=language_code)
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is not None:
        return home
    if language_code != "en":
        home = home_page("en").copy_for_translation(locale).specific
        home.save_revision().publish()
        return home
    home = HomePage(title="Accueil — الرئيسية", slug="accueil", locale=locale)
    Page.get_first_root_node().add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def contact_page(language_code="en", to_address="secretariat@réseau-exemple.org", **fields):
    """A live contact page with a name, email, organisation and message field."""
    page = ContactPage(
        title=fields.pop("title", "Écrivez-nous — راسلونا"),
        slug=fields.pop("slug", "contact"),
        intro=fields.pop("intro", "Le secrétariat répond sous une semaine. تجيب الأمانة خلال أسبوع."),
        to_address=to_address,
        subject="Message reçu — رسالة جديدة",
        locale=Locale.objects.get(language_code=language_code),
        form_fields=[
            FormField(label="Nom complet", field_type="singleline", required=True),
            FormField(label="Adresse e-mail", field_type="email", required=True),
            FormField(label="Organisation", field_type="singleline", required=False),
            FormField(label="Message", field_type="multiline", required=True),
        ],
        **fields,
    )
    home_page(language_code).add_child(instance=page)
    page.save_revision().publish()
    return page


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"lectrice.{n}@exemple-réseau.org")
    language = "fr"
    status = Subscription.Status.SUBSCRIBED
