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
    page = _fill(page or ContactPage(locale=home.locale), home, data, "en")
    for code in LANGUAGES[1:]:
        _fill(*translation_of(page, code), data, code)
    out.write("  contact page in 4 languages")
    return []


def _fill(page, parent, data, code):
    """Sets the page's words and its form's labels in `code` and publishes it."""
    # Every language's form stores its answers under the English names, so submissions line up.
    form_fields = list(page.form_fields.all()) or [
        FormField(
            field_type=field["type"],
            required=field["required"],
            sort_order=number,
            clean_name=get_field_clean_name(field["words"]["en"]["label"]),
        )
        for number, field in enumerate(data["fields"])
    ]
    for form_field, field in zip(form_fields, data["fields"]):
        form_field.label, form_field.help_text = field["words"][code]["label"], field["words"][code]["help_text"]
    page.form_fields = form_fields
    words = data["contact"]["words"][code]
    return publish(page, parent, to_address=data["contact"]["to_address"], subject=f"[kms] {words['title']}", **words)
