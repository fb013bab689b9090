"""Links to the same page in the other site languages (switcher and hreflang), and the marks of text in another one."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page

from kms import public_url

register = template.Library()


UNTRANSLATED = "untranslated"
# A page number means nothing in another language's list.
NOT_KEPT = {"page", UNTRANSLATED}


def _kept_query(request):
    """The reader's query string, for the same page in another language: its filters, without the page number."""
    if request is None:
        return ""
    kept = request.GET.copy()
    for name in NOT_KEPT:
        kept.pop(name, None)
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else ""


def _locale_home_url(site_root, locale):
    if site_root is None:
        return f"/{locale.language_code}/"
    home = site_root.get_translation_or_none(locale)
    return home.url if home and home.live else f"/{locale.language_code}/"


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per site language: code, local name, bidi, URL, current, and whether it is a real translation.

    On a Wagtail page the link goes to that page's translation when it exists and is
    live, otherwise to the home page of that language; elsewhere the same URL is
    served under the other language prefix. `url` is the page's address (for hreflang);
    `switch_url` is where the switcher goes: the translation with the reader's filters
    (`?type=...`, not the page number), or the home page marked `?untranslated=1` so it
    tells the reader why they are there.
    """
    request = context.get("request")
    page = context.get("page")
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    site_root = None
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
        site = page.get_site()
        site_root = site.root_page if site else None
    query = _kept_query(request)
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        if isinstance(page, Page):
            translation = translations.get(code)
            if translation is not None:
                url, exists = translation.url, True
            elif code in locales:
                url, exists = _locale_home_url(site_root, locales[code]), False
            else:
                url, exists = f"/{code}/", False
        else:
            url, exists = (translate_url(request.path, code) if request else f"/{code}/"), True
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": url,
                "switch_url": f"{url}{query}" if exists else f"{url}?{UNTRANSLATED}=1",
                "current": code == current,
                "exists": exists,
            }
        )
    return links


@register.filter(name="public_url")
def public_url_filter(url):
    """A site path as an absolute address on the public host (kms.public_url)."""
    return public_url.absolute(url)


def _other_language(code):
    return bool(code) and code != (get_language() or settings.LANGUAGE_CODE)


@register.simple_tag
def foreign_lang(code):
    """` lang=".." dir=".."` for a title in another language than the page's (its punctuation and direction
    follow its own script), nothing for one in the page's language."""
    if not _other_language(code):
        return ""
    try:
        rtl = get_language_info(code)["bidi"]
    except KeyError:
        return format_html(' lang="{}" dir="auto"', code)
    return format_html(' lang="{}" dir="{}"', code, "rtl" if rtl else "ltr")


@register.simple_tag
def language_badge(code):
    """A badge naming, in the reader's language, the language of an item that is not in it."""
    if not _other_language(code):
        return ""
    try:
        name = get_language_info(code)["name_translated"]
    except KeyError:
        name = code.upper()
    return format_html('<span class="badge lang other-language">{}</span>', name)
