"""The demo's contact page: one under each language's home page, its form labelled in that language."""

from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.models import Locale

from cms_pages.models import HomePage
from cms_pages.outreach.models import ContactPage, FormField

from .loader import LANGUAGES, publish, read, translation_of


def load(out):
    """Create or refresh the contact page in en, fr, ar and nl; return nothing to print at the end."""
    data = read("contact")
    home = HomePage.objects.filter(locale=Locale.objects.get(language_code="en"), depth=2).first()
    if home is None:
        out.write("  no English home page: contact page skipped")
        return []
    slug = data["contact"]["words"]["en"]["slug"]
    page = ContactPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        # Every language's form stores its answers under the English names, so submissions line up.
        page = ContactPage(locale=home.locale, form_fields=[
            FormField(field_type=field["type"], required=field["required"],
                      clean_name=get_field_clean_name(field["words"]["en"]["label"]))
            for field in data["fields"]
        ])
    page = _fill(page, home, data, "en")
    for code in LANGUAGES[1:]:
        _fill(translation_of(page, code), None, data, code)
    out.write("  contact page in 4 languages")
    return []


def _fill(page, parent, data, code):
    form_fields = list(page.form_fields.all())
    for form_field, field in zip(form_fields, data["fields"]):
        form_field.label, form_field.help_text = field["words"][code]["label"], field["words"][code]["help_text"]
    page.form_fields = form_fields
    words = data["contact"]["words"][code]
    return publish(page, parent, to_address=data["contact"]["to_address"], subject=f"[kms] {words['title']}", **words)
