"""Navigation shared by every page: the main menu, breadcrumbs and the canonical address."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from cms_pages.outreach.models import ContactPage
from kms import public_url
from kms.languages import reader_language_first_list

register = template.Library()


def _home_for(request, page=None):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    locale = page.locale if isinstance(page, Page) else Locale.objects.filter(language_code=get_language()).first()
    if locale is not None and root.locale_id != locale.pk:
        return root.get_translation_or_none(locale) or root
    return root


def _contact_page(request, home):
    """The site's contact page in the reader's language, or in the site's own when it is not translated."""
    site = Site.find_for_request(request) if request else None
    if site is None or home is None:
        return None
    pages = ContactPage.objects.live().public()
    found = pages.child_of(home).first()
    if found is None and home.pk != site.root_page_id:
        found = pages.child_of(site.root_page).first()
    return found


@register.simple_tag(takes_context=True)
def contact_page(context, home=None):
    """The contact page for the menu and the footer, looked up once per request."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_kms_contact_page"):
        request._kms_contact_page = _contact_page(request, home or _home_for(request, context.get("page")))
    return request._kms_contact_page


@register.inclusion_tag("cms_pages/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's children that editors marked "show in menus", then the fixed links."""
    request = context.get("request")
    page = context.get("page")
    home = _home_for(request, page)
    items = list(home.get_children().live().public().in_menu()) if home else []
    current_path = page.path if isinstance(page, Page) else ""
    fixed = []
    try:
        fixed.append({"url": reverse("communities:directory"), "key": "communities"})
    except NoReverseMatch:
        pass
    contact = contact_page(context, home)
    if contact and not any(item.pk == contact.pk for item in items):
        fixed.append(
            {"url": contact.get_url(request), "key": "contact", "current": current_path.startswith(contact.path)}
        )
    return {
        "home": home,
        "items": [{"page": item, "current": current_path.startswith(item.path)} for item in items],
        "fixed": fixed,
        "request": request,
    }


@register.inclusion_tag("cms_pages/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    return {"ancestors": list(page.get_ancestors().filter(depth__gt=1)), "page": page}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's address on the public host, as the hreflang links give it."""
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page):
        return page.get_full_url(request)
    return public_url.absolute(request.path) if request is not None else ""


@register.simple_tag
def footer_text(site_settings, default):
    """The footer text editors wrote for the reader's language, else the default."""
    text = site_settings.footer_text(get_language()) if site_settings else ""
    return text or default


@register.filter
def first_block(stream):
    """The first block's value of a StreamField, or None."""
    for block in stream or ():
        return block.value
    return None


@register.filter
def public_only(pages):
    """The chosen pages that are live and not restricted, in the editor's order, as their specific types."""
    pages = [page for page in pages or () if page is not None]
    visible = {
        page.pk: page for page in Page.objects.filter(pk__in=[page.pk for page in pages]).live().public().specific()
    }
    return [visible[page.pk] for page in pages if page.pk in visible]


@register.filter
def in_reader_language(pages):
    """Chosen pages as `public_only` gives them, each in the reader's language where it is translated; those
    in the reader's language first, then the others in the editor's order."""
    localized = [page.localized for page in pages or () if page is not None]
    return reader_language_first_list(public_only(localized), get_language())
