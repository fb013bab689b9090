"""POST data for the Wagtail admin's publication form, as a browser would send it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data


def publication_form_data(**overrides):
    authors = overrides.pop(
        "authors",
        [
            {
                "given_names": "Aïcha",
                "family_name": "Benoît-Lefèvre",
                "orcid": "0000-0002-1825-0097",
                "affiliation": "",
                "affiliation_name": "Université de Sfax",
            }
        ],
    )
    data = {
        "title": "Parcours de femmes migrantes à Tunis — مسارات",
        "slug": "parcours-femmes-tunis",
        "publication_type": "study",
        "publication_date": "2025-04-02",
        "language": "fr",
        "abstract": "Quarante entretiens avec des femmes en déplacement. أربعون مقابلة.",
        "authors": inline_formset(authors, min=1),
        "annexes": inline_formset([]),
        "versions": inline_formset([]),
        "primary_file": "",
        "doi": "10.5281/zenodo.1234567",
        "handle": "",
        "licence": "CC-BY-4.0",
        "publisher": "",
        "project": "",
        "keywords": "retour, protection",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)
