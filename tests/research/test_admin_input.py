"""Bad input in the publication admin form: a clear message, and everything else typed comes back."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from lxml import html
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms_pages.models import LibraryDocument
from research.identifiers import orcid_check_digit, validate_doi, validate_orcid
from research.models import PublicationPage
from tests.factories import UserFactory
from tests.factories.research import pdf_document, publication
from tests.research.admin_forms import publication_form_data

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

ABSTRACT = "Entretiens menés à Zouara et à Sabratha. مقابلات في زوارة وصبراتة."


@pytest.fixture
def editor(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def page():
    return publication(title="Traversées — عبور", doi="10.5281/zenodo.1234567")


def edit(client, page, first_author=None, **overrides):
    """Post the edit form with every existing author; `first_author` changes fields of the first one."""
    authors = [
        {
            "id": a.pk,
            "given_names": a.given_names,
            "family_name": a.family_name,
            "orcid": a.orcid,
            "affiliation": "",
            "affiliation_name": a.affiliation_name,
        }
        for a in page.authors.all()
    ]
    authors[0].update({"affiliation_name": "Université de Sfax", **(first_author or {})})
    data = publication_form_data(
        title="Traversées de la Méditerranée — عبور المتوسط", slug=page.slug, abstract=ABSTRACT, **overrides
    )
    data.update(nested_form_data({"authors": inline_formset(authors, initial=len(authors), min=1)}))
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)


def form_kept_everything(response, **expected):
    """The re-rendered form still holds what was typed."""
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    assert tree.xpath("//input[@name='title']/@value") == ["Traversées de la Méditerranée — عبور المتوسط"]
    assert tree.xpath("//textarea[@name='abstract']")[0].text_content().strip() == ABSTRACT
    assert tree.xpath("//input[@name='authors-0-family_name']/@value") == ["Benoît-Lefèvre"]
    assert tree.xpath("//input[@name='authors-0-affiliation_name']/@value") == ["Université de Sfax"]
    for name, value in expected.items():
        assert tree.xpath(f"//input[@name='{name}']/@value") == [value]
    return tree


def test_invalid_doi_is_explained_and_nothing_is_lost(client, editor, page):
    response = edit(client, page, doi="10.12/abc")
    form_kept_everything(response, doi="10.12/abc")
    assert "“10.12/abc” is not a DOI" in response.content.decode()
    page.refresh_from_db()
    assert page.doi == "10.5281/zenodo.1234567"
    assert page.title == "Traversées — عبور"


def test_orcid_with_a_wrong_checksum_is_explained(client, editor, page):
    response = edit(client, page, first_author={"orcid": "0000-0002-1825-0098"})
    form_kept_everything(response, **{"authors-0-orcid": "0000-0002-1825-0098"})
    assert "checksum" in response.content.decode()
    assert "0000-0002-1825-0098" in response.content.decode()


def test_missing_licence_is_explained_when_publishing(client, editor, page):
    # A draft may wait for its licence (Wagtail defers required fields for drafts); publishing may not.
    response = edit(client, page, licence="", **{"action-publish": "Publish"})
    form_kept_everything(response, doi="10.5281/zenodo.1234567")
    assert "Choose a licence" in response.content.decode()
    page.refresh_from_db()
    assert page.licence == "CC-BY-4.0"


def test_corrupt_file_is_refused_with_a_message_and_the_file_is_kept(client, editor, page):
    broken = LibraryDocument(title="Rapport abîmé")
    broken.file.save("rapport.pdf", ContentFile(b"%PDF-1.7\n\x00\x01 this is not really a PDF"), save=False)
    broken.save()
    response = edit(client, page, primary_file=str(broken.pk))
    form_kept_everything(response)
    body = response.content.decode()
    assert "“Rapport abîmé” cannot be the file of a publication" in body
    assert "damaged" in body
    assert LibraryDocument.objects.filter(pk=broken.pk).exists()
    page.refresh_from_db()
    assert page.primary_file_id is None


def test_valid_edit_is_saved_with_identifiers_normalised(client, editor, page):
    good = pdf_document()
    response = edit(
        client,
        page,
        doi="https://doi.org/10.1234/ABC-def",
        primary_file=str(good.pk),
        first_author={"orcid": "https://orcid.org/0000-0002-1825-0097"},
    )
    assert response.status_code == 302
    draft = PublicationPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.doi == "10.1234/ABC-def"
    assert draft.primary_file_id == good.pk
    assert [a.orcid for a in draft.authors.all()] == ["0000-0002-1825-0097", "", ""]
    assert [a.family_name for a in draft.authors.all()] == [
        "Benoît-Lefèvre",
        "العبيدي",
        "Réseau Méditerranéen des Chercheurs",
    ]


@pytest.mark.parametrize("value", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"])
def test_known_orcids_pass_their_checksum(value):
    validate_orcid(value)
    assert orcid_check_digit(value.replace("-", "")[:15]) == value[-1]


@pytest.mark.parametrize("value", ["10.1000/182", "doi:10.5555/12345678", "https://doi.org/10.1038/nphys1170"])
def test_doi_syntax_accepts_real_dois(value):
    validate_doi(value)


def test_two_versions_with_the_same_number_are_refused(client, editor, page):
    versions = inline_formset(
        [
            {"number": "1", "date": "2024-01-02", "change_note": "Première version.", "document": ""},
            {"number": "1", "date": "2025-01-02", "change_note": "Corrections — تصحيحات.", "document": ""},
        ]
    )
    response = edit(client, page, versions=versions)
    form_kept_everything(response)
    body = response.content.decode()
    assert "Another version already has the number 1." in body
    assert "Corrections — تصحيحات." in body


def test_preview_of_an_edited_publication_renders_the_unsaved_changes(client, editor, page):
    data = publication_form_data(title="Aperçu — معاينة", slug=page.slug, abstract=ABSTRACT)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    assert client.post(preview_url, data).json()["is_valid"]
    response = client.get(preview_url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Aperçu — معاينة · kms</title>" in body
    assert "(2025). Aperçu — معاينة [Study]. kms. https://doi.org/10.5281/zenodo.1234567" in body


def test_password_protected_file_is_refused_with_a_message(client, editor, page):
    from tests.search.files import encrypted_pdf, pdf

    locked = LibraryDocument(title="Rapport verrouillé")
    locked.file.save("verrouille.pdf", ContentFile(encrypted_pdf(pdf([["Données confidentielles."]]))), save=False)
    locked.save()
    response = edit(client, page, primary_file=str(locked.pk))
    form_kept_everything(response)
    body = response.content.decode()
    assert "“Rapport verrouillé” cannot be the file of a publication" in body
    assert "password" in body
