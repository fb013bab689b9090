"""Every public page type renders in English and Arabic, and listings, feeds and sitemaps show only what
every reader may see: no drafts, no private pages, nothing unpublished."""

import datetime
import re

import feedparser
import pytest

from kms.taxonomy.models import Country, Organisation, Theme
from tests.cms_pages.conftest import build_homes, build_tree
from tests.conftest import fresh_copies
from tests.factories import cms_pages as make

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_tree(module_db):
    """Built once for the module: building the tree is most of each test's time otherwise."""
    return build_tree(build_homes())


@pytest.fixture
def tree(shared_tree, db):
    return fresh_copies(shared_tree)


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


PAGE_TYPES = ["home", "standard", "index", "news", "library", "document", "region", "country", "partners"]


@pytest.mark.parametrize("suffix,code,direction", [("", "en", "ltr"), ("_ar", "ar", "rtl")])
def test_each_page_type_renders_in_english_and_arabic(client, tree, suffix, code, direction):
    for name in PAGE_TYPES:
        page = tree[f"{name}{suffix}"]
        response = client.get(page.url)
        assert response.status_code == 200, name
        assert f'lang="{code}"' in html_tag(response) and f'dir="{direction}"' in html_tag(response)
        content = response.content.decode()
        assert page.title in content, name
        # Canonical, Open Graph and hreflang meta name this page's absolute address.
        assert f'<link rel="canonical" href="http://testserver{page.url}">' in content, name
        assert f'<meta property="og:url" content="http://testserver{page.url}">' in content, name
        assert 'hreflang="ar"' in content.split("</head>")[0], name


def test_partner_has_its_own_page(client, tree):
    iom = Organisation.objects.get(slug="iom")
    response = client.get(f"{tree['partners'].url}iom/")
    assert response.status_code == 200
    assert iom.name_en in response.content.decode()
    arabic = client.get(f"{tree['partners_ar'].url}iom/")
    assert iom.name_ar in arabic.content.decode()
    assert client.get(f"{tree['partners'].url}not-a-partner/").status_code == 404


def test_menu_lists_home_children_marked_for_menus_and_breadcrumbs_lead_home(client, tree):
    tree["library"].show_in_menus = True
    tree["library"].save_revision().publish()
    content = client.get(tree["news"].url).content.decode()
    menu = content.split('class="main-menu"')[1].split("</nav>")[0]
    assert tree["library"].title in menu
    assert tree["standard"].title not in menu  # not marked "show in menus"
    crumbs = content.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert f'href="{tree["index"].url}"' in crumbs and 'aria-current="page"' in crumbs


# --- What never shows: drafts, private and unpublished pages -----------------------------


@pytest.fixture
def hidden_news(tree):
    index = tree["index"]
    draft = make.news_page(index, slug="brouillon", title="Brouillon secret · مسودة", live=False)
    private = make.news_page(index, slug="prive", title="Réservé aux membres · خاص")
    make.make_private(private)
    withdrawn = make.news_page(index, slug="retire", title="Retiré de la publication · مسحوب")
    withdrawn.unpublish()
    return [draft, private, withdrawn]


def test_news_listing_shows_only_live_public_news(client, tree, hidden_news):
    content = client.get(tree["index"].url).content.decode()
    assert tree["news"].title in content
    for page in hidden_news:
        assert page.title not in content


@pytest.mark.parametrize("path", ["feed/rss/", "feed/atom/", "theme/protection/feed/rss/", "country/LY/feed/atom/"])
def test_feeds_parse_and_list_only_live_public_news(client, tree, hidden_news, path):
    protection, libya = Theme.objects.get(slug="protection"), Country.objects.get(code="LY")
    for page in hidden_news:
        page.themes.set([protection])
        page.countries.set([libya])
        page.save()
    response = client.get(tree["index"].url + path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == [tree["news"].title]
    assert feed.entries[0].link == f"http://testserver{tree['news'].url}"
    assert feed.feed.get("language", feed.feed.get("xml_lang")) in ("en", None) and feed.version in ("rss20", "atom10")


def test_feeds_are_per_locale_and_per_subject(client, tree):
    arabic = feedparser.parse(client.get(tree["index_ar"].url + "feed/rss/").content)
    assert arabic.feed.language == "ar"
    assert [entry.title for entry in arabic.entries] == [tree["news_ar"].title]
    # The news is about Libya and protection: the Tunisia and education feeds are empty.
    assert feedparser.parse(client.get(tree["index"].url + "country/TN/feed/rss/").content).entries == []
    assert feedparser.parse(client.get(tree["index"].url + "theme/education/feed/atom/").content).entries == []
    assert client.get(tree["index"].url + "theme/no-such-theme/feed/rss/").status_code == 404


def test_sitemap_per_locale_lists_only_live_public_pages(client, tree, hidden_news):
    english = client.get("/en/sitemap.xml").content.decode()
    arabic = client.get("/ar/sitemap.xml").content.decode()
    # Sitemaps give addresses on the site's configured host name.
    assert f"<loc>{tree['news'].full_url}</loc>" in english
    assert f"<loc>{tree['news_ar'].full_url}</loc>" not in english
    assert f"<loc>{tree['news_ar'].full_url}</loc>" in arabic
    assert f"<loc>{tree['news'].full_url}</loc>" not in arabic
    for page in hidden_news:
        assert page.slug not in english
    index = client.get("/sitemap.xml").content.decode()
    assert all(f"http://testserver/{code}/sitemap.xml" in index for code in ("en", "fr", "ar", "nl"))


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_accounts(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body and "Disallow: /fr/accounts/" in body


def test_library_shows_only_live_public_documents(client, tree):
    library = tree["library"]
    draft = make.document_page(library, slug="brouillon", title="Rapport en préparation · قيد الإعداد", live=False)
    private = make.document_page(library, slug="prive", title="Note interne · مذكرة داخلية")
    make.make_private(private)
    withdrawn = make.document_page(library, slug="retire", title="Ancienne brochure · كتيّب قديم")
    withdrawn.unpublish()
    content = client.get(library.url).content.decode()
    assert tree["document"].title in content
    for page in (draft, private, withdrawn):
        assert page.title not in content


def test_library_lists_each_document_once_in_the_readers_language(client, tree):
    only_french = make.document_page(tree["library"], slug="seulement-fr", title="Étude seulement en français")
    arabic = client.get(tree["library_ar"].url).content.decode()
    # The Arabic version of the translated document, not its English original …
    assert tree["document_ar"].title in arabic
    assert f'href="{tree["document"].url}"' not in arabic
    # … and a document with no Arabic version still appears, in its own language.
    assert only_french.title in arabic


# --- Filters --------------------------------------------------------------------------


@pytest.fixture
def news_mix(tree):
    index = tree["index"]
    libya, tunisia = Country.objects.get(code="LY"), Country.objects.get(code="TN")
    protection, education = Theme.objects.get(slug="protection"), Theme.objects.get(slug="education")
    story = make.NewsPage.NewsType.STORY
    return {
        "story_ly_2024": make.news_page(
            index,
            slug="a",
            title="Récit Libye 2024",
            news_type=story,
            date=datetime.date(2024, 5, 1),
            countries=[libya],
            themes=[protection],
        ),
        "story_tn_2024": make.news_page(
            index,
            slug="b",
            title="Récit Tunisie 2024",
            news_type=story,
            date=datetime.date(2024, 6, 1),
            countries=[tunisia],
            themes=[education],
        ),
        "story_ly_2023": make.news_page(
            index,
            slug="c",
            title="Récit Libye 2023",
            news_type=story,
            date=datetime.date(2023, 6, 1),
            countries=[libya],
            themes=[education],
        ),
        "release_ly_2024": make.news_page(
            index,
            slug="d",
            title="Communiqué Libye 2024",
            date=datetime.date(2024, 7, 1),
            countries=[libya],
            themes=[protection],
        ),
    }


def listed_titles(response, titles):
    content = response.content.decode()
    return {title for title in titles if f">{title}</a>" in content}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("type=story", {"story_ly_2024", "story_tn_2024", "story_ly_2023"}),
        ("type=story&country=LY", {"story_ly_2024", "story_ly_2023"}),
        ("type=story&country=LY&year=2024", {"story_ly_2024"}),
        ("country=LY&theme=protection", {"story_ly_2024", "release_ly_2024"}),
        ("country=LY&theme=protection&type=release", {"release_ly_2024"}),
        ("year=2023&country=TN", set()),
    ],
)
def test_news_filters_combine(client, tree, news_mix, query, expected):
    titles = {key: page.title for key, page in news_mix.items()}
    shown = listed_titles(client.get(f"{tree['index'].url}?{query}"), titles.values())
    assert shown == {titles[key] for key in expected}


def test_unknown_filter_value_is_reported_and_the_others_still_apply(client, tree, news_mix):
    response = client.get(f"{tree['index'].url}?type=story&country=ZZ")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error"' in content
    titles = {page.title for page in news_mix.values()}
    assert listed_titles(response, titles) == {
        news_mix[key].title for key in ("story_ly_2024", "story_tn_2024", "story_ly_2023")
    }
    # The form comes back with what the reader chose.
    assert '<option value="story" selected>' in content


def test_news_listing_paginates_and_keeps_filters(client, tree):
    index = tree["index"]
    for number in range(12):
        make.news_page(
            index,
            slug=f"n{number}",
            title=f"Brève numéro {number}",
            news_type="best_practice",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )
    first = client.get(f"{index.url}?type=best_practice").content.decode()
    assert "Brève numéro 11" in first and "Brève numéro 1<" not in first
    assert 'href="?type=best_practice&amp;page=2"' in first
    second = client.get(f"{index.url}?type=best_practice&page=2").content.decode()
    assert "Brève numéro 1<" in second and "Brève numéro 0<" in second


@pytest.mark.parametrize(
    "query,expected",
    [
        ("kind=factsheet", {"fiche", "brochure_ly"}),
        ("kind=factsheet&language=fr", {"fiche"}),
        ("kind=factsheet&country=LY", {"brochure_ly"}),
        ("organisation=drc", {"rapport", "brochure_ly"}),
        ("organisation=drc&year=2023", {"rapport"}),
        ("organisation=drc&theme=protection&kind=report", {"rapport"}),
    ],
)
def test_library_filters_combine(client, tree, query, expected):
    library = tree["library"]
    drc = Organisation.objects.get(slug="drc")
    libya = Country.objects.get(code="LY")
    protection = Theme.objects.get(slug="protection")
    pages = {
        "fiche": tree["document"],
        "rapport": make.document_page(
            library,
            slug="rapport",
            title="Rapport DRC 2023",
            kind="report",
            organisation=drc,
            file_language="en",
            publication_date=datetime.date(2023, 3, 1),
            themes=[protection],
        ),
        "brochure_ly": make.document_page(
            library,
            slug="brochure",
            title="Fiche Libye DRC",
            kind="factsheet",
            organisation=drc,
            file_language="ar",
            countries=[libya],
        ),
    }
    content = client.get(f"{library.url}?{query}").content.decode()
    shown = {key for key, page in pages.items() if f">{page.title}</a>" in content}
    assert shown == expected


@pytest.mark.parametrize(
    "query,expected",
    [
        ("type=ngo", {"drc"}),
        ("type=un_agency", {"iom", "unhcr"}),
        ("type=un_agency&country=BE", {"iom"}),
        ("theme=protection", {"drc"}),
        ("type=un_agency&theme=protection", set()),
    ],
)
def test_partner_filters_combine(client, tree, query, expected):
    content = client.get(f"{tree['partners'].url}?{query}").content.decode()
    shown = {slug for slug in ("iom", "unhcr", "drc") if f'href="{tree["partners"].url}{slug}/"' in content}
    assert shown == expected


# --- Query counts on listings ----------------------------------------------------------


def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_news_listing_query_count_does_not_grow_with_items(client, tree, django_assert_max_num_queries):
    index, libya = tree["index"], Country.objects.get(code="LY")
    url = f"{index.url}?country=LY"
    for number in range(3):
        make.news_page(index, slug=f"q{number}", title=f"Article {number}", countries=[libya])
    few = queries_for(client, url)
    for number in range(3, 10):
        make.news_page(index, slug=f"q{number}", title=f"Article {number}", countries=[libya])
    assert queries_for(client, url) == few
    # Two more than a plain list: the index's translations (its news in every language are listed) and the
    # query that picks each item's version in the reader's language.
    with django_assert_max_num_queries(32):
        client.get(url)


def test_library_query_count_does_not_grow_with_documents(client, tree, django_assert_max_num_queries):
    library = tree["library"]
    for number in range(2):
        make.document_page(library, slug=f"d{number}", title=f"Document {number}")
    few = queries_for(client, library.url)
    for number in range(2, 10):
        make.document_page(library, slug=f"d{number}", title=f"Document {number}")
    assert queries_for(client, library.url) == few
    with django_assert_max_num_queries(30):
        client.get(library.url)


def test_partners_and_home_query_counts(client, tree, django_assert_max_num_queries):
    queries_for(client, tree["partners"].url)
    with django_assert_max_num_queries(26):  # 25, and one for the contact page in the menu and footer
        assert client.get(tree["partners"].url).status_code == 200
    queries_for(client, tree["home"].url)
    with django_assert_max_num_queries(35):
        assert client.get(tree["home"].url).status_code == 200


# --- Search records ----------------------------------------------------------------------


def test_news_and_document_pages_become_search_records_with_their_taxonomy(tree):
    from search import sources

    news = sources.record_for(f"page:{tree['news'].pk}")
    assert news.kind == "news" and news.countries == ("LY",) and news.themes == ("protection",)
    assert news.date == tree["news"].date
    document = sources.record_for(f"page:{tree['document'].pk}")
    assert document.kind == "document" and document.countries == ("TN",)
    assert document.extra["document_kind"] == "factsheet"


def test_a_document_is_found_through_its_page_while_a_public_page_presents_it(tree):
    from search import sources
    from search.records import PUBLIC, STAFF

    document = make.library_document(b"%PDF-1.4 not really", name="note.pdf")
    key = f"document:{document.pk}"
    assert sources.record_for(key).audiences == (STAFF,)
    page = make.document_page(tree["library"], slug="avec-fichier", document=document)
    assert sources.record_for(key) is None
    assert (sources.record_for(f"page:{page.pk}").file, sources.record_for(f"page:{page.pk}").audiences) == (
        key,
        (PUBLIC,),
    )
    make.make_private(page)
    assert sources.record_for(key).audiences == (STAFF,)


def test_lead_images_are_responsive_renditions_with_their_description(client, tree):
    photo = make.image()
    news = make.news_page(
        tree["index"],
        slug="avec-photo",
        title="Avec une photo",
        lead_image=photo,
        lead_image_alt="Des volontaires devant le centre · متطوعون أمام المركز",
    )
    article = client.get(news.url).content.decode()
    tag = re.search(r'<figure class="lead-figure">\s*(<img[^>]+>)', article).group(1)
    assert 'alt="Des volontaires devant le centre · متطوعون أمام المركز"' in tag
    assert 'loading="lazy"' in tag and 'sizes="' in tag
    widths = re.findall(r" (\d+)w", re.search(r'srcset="([^"]+)"', tag).group(1))
    assert widths == ["400", "800", "1200"]
    assert 'width="400"' in tag and 'height="225"' in tag  # the first rendition keeps the 16:9 ratio
    listing = client.get(tree["index"].url).content.decode()
    card = re.search(r'(<img[^>]+class="card-image"[^>]*>)', listing).group(1)
    assert 'loading="lazy"' in card and "srcset=" in card


def test_a_lead_image_needs_a_description(tree):
    from django.core.exceptions import ValidationError

    news = tree["news"]
    news.lead_image = make.image()
    news.lead_image_alt = " "
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert "lead_image_alt" in error.value.message_dict


def test_featured_and_linked_pages_leave_out_drafts_and_private_pages(client, tree):
    library = tree["library"]
    private = make.document_page(library, slug="interne", title="Note interne confidentielle")
    make.make_private(private)
    draft = make.document_page(library, slug="brouillon", title="Rapport pas encore publié", live=False)
    chosen = [tree["document"].pk, private.pk, draft.pk]
    home = tree["home"]
    home.body = [
        {"type": "featured", "value": {"heading": "À la une", "pages": chosen}},
        {"type": "document_links", "value": {"heading": "À lire", "documents": chosen}},
    ]
    home.save_revision().publish()
    content = client.get(home.url).content.decode()
    assert content.count(f'href="{tree["document"].url}"') >= 2
    assert private.title not in content and draft.title not in content
