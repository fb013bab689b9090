"""Demo contact page for `manage.py load_demo`: one page under each language's home page."""

from wagtail.models import Locale

from cms_pages.models import HomePage

from .models import ContactPage, FormField

# (field type, required, label and help text per language); the order is the form's order.
FIELDS = [
    ("singleline", True, {
        "en": ("Your name", ""),
        "fr": ("Votre nom", ""),
        "ar": ("اسمك", ""),
        "nl": ("Uw naam", ""),
    }),
    ("email", True, {
        "en": ("Your email address", "We answer at this address and use it for nothing else."),
        "fr": ("Votre adresse e-mail", "Nous vous répondons à cette adresse et ne l'utilisons à rien d'autre."),
        "ar": ("بريدك الإلكتروني", "نردّ عليك على هذا العنوان ولا نستخدمه لأي غرض آخر."),
        "nl": ("Uw e-mailadres", "We antwoorden op dit adres en gebruiken het voor niets anders."),
    }),
    ("singleline", False, {
        "en": ("Organisation", "If you write on behalf of an organisation."),
        "fr": ("Organisation", "Si vous écrivez au nom d'une organisation."),
        "ar": ("المنظمة", "إذا كنت تكتب باسم منظمة."),
        "nl": ("Organisatie", "Als u namens een organisatie schrijft."),
    }),
    ("multiline", True, {
        "en": ("Your message", ""),
        "fr": ("Votre message", ""),
        "ar": ("رسالتك", ""),
        "nl": ("Uw bericht", ""),
    }),
]

PAGES = {
    "en": ("Contact us", "contact",
           "Journalists, partner organisations and researchers: write to the network's secretariat. "
           "We answer in English, French, Arabic or Dutch, usually within a week.",
           "Thank you. Your message has reached the secretariat; we usually answer within a week."),
    "fr": ("Nous contacter", "contact",
           "Journalistes, organisations partenaires, chercheuses et chercheurs : écrivez au secrétariat du réseau. "
           "Nous répondons en français, en anglais, en arabe ou en néerlandais, en général sous une semaine.",
           "Merci. Votre message est bien arrivé au secrétariat ; nous répondons en général sous une semaine."),
    "ar": ("اتصل بنا", "اتصل-بنا",
           "أيها الصحفيون والمنظمات الشريكة والباحثون: راسلوا أمانة الشبكة. نردّ بالعربية أو الفرنسية أو "
           "الإنجليزية أو الهولندية، عادةً في غضون أسبوع.",
           "شكرًا لك. وصلت رسالتك إلى الأمانة، ونردّ عادةً في غضون أسبوع."),
    "nl": ("Contact", "contact",
           "Journalisten, partnerorganisaties en onderzoekers: schrijf naar het secretariaat van het netwerk. "
           "We antwoorden in het Nederlands, Engels, Frans of Arabisch, meestal binnen een week.",
           "Dank u. Uw bericht is bij het secretariaat aangekomen; we antwoorden meestal binnen een week."),
}
TEAM_ADDRESS = "secretariat@kms.example.org"


def _fill(page, code):
    title, slug, intro, thanks = PAGES[code]
    page.title, page.slug, page.intro, page.thank_you_text = title, slug, intro, thanks
    page.to_address = TEAM_ADDRESS
    page.subject = f"[kms] {title}"


def _label_fields(page, code):
    for field, (_type, _required, texts) in zip(page.form_fields.order_by("sort_order"), FIELDS):
        field.label, field.help_text = texts[code]
        field.save(update_fields=["label", "help_text"])


def load(out):
    """Create or refresh the contact page in en, fr, ar and nl; return nothing to print at the end."""
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.filter(locale=english, depth=2).first()
    if home is None:
        out.write("  no English home page: contact page skipped")
        return []
    page = ContactPage.objects.child_of(home).filter(slug=PAGES["en"][1]).first()
    if page is None:
        page = ContactPage(locale=english, form_fields=[
            FormField(field_type=field_type, required=required, label=texts["en"][0], help_text=texts["en"][1])
            for field_type, required, texts in FIELDS
        ])
        _fill(page, "en")
        home.add_child(instance=page)
    for code in ("en", "fr", "ar", "nl"):
        if code == "en":
            translation = page
        else:
            existing = page.get_translation_or_none(Locale.objects.get(language_code=code))
            translation = existing.specific if existing else page.copy_for_translation(
                Locale.objects.get(language_code=code), copy_parents=True
            ).specific
        _fill(translation, code)
        translation.save()
        _label_fields(translation, code)
        ContactPage.objects.get(pk=translation.pk).save_revision().publish()
    out.write("  contact page in 4 languages")
    return []
