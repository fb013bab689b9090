"""The thesaurus: reviewed concepts in four languages, acronyms that resolve, and staff's edits in the admin."""

import pytest
from django.core.management import call_command
from django.utils.timezone import now

from search import textanalysis, thesaurus
from search.analysis import LANGUAGES
from search.models import Concept

REVIEWED = thesaurus.reviewed_concepts()


def names(text):
    return {(expansion.language, expansion.label) for expansion in thesaurus.expand(text)}


class TestReviewedList:
    def test_at_least_a_hundred_concepts_each_named_in_every_language(self):
        assert len(REVIEWED) >= 100
        keys = [key for key, _labels in REVIEWED]
        assert len(keys) == len(set(keys))
        for key, labels in REVIEWED:
            assert set(labels) == set(LANGUAGES) == {"en", "fr", "ar", "nl"}
            for language in LANGUAGES:
                assert labels[language], f"{key} has no {language} name"
                for label in labels[language]:
                    # A name a search can match: words of its language, in that language's script.
                    assert textanalysis.analyze(label, language), (key, language, label)
                    arabic = any("\u0600" <= char <= "\u06ff" for char in label)
                    assert arabic == (language == "ar"), (key, language, label)

    @pytest.mark.parametrize(
        "query, expected",
        [
            (
                "IDP",
                {
                    ("en", "internally displaced person"),
                    ("fr", "personne déplacée interne"),
                    ("ar", "النازحين داخليا"),
                    ("nl", "ontheemde"),
                },
            ),
            ("PDI", {("en", "internally displaced person"), ("ar", "النازحين داخليا"), ("nl", "ontheemde")}),
            ("internally displaced persons", {("en", "IDP"), ("fr", "personne déplacée interne")}),
            (
                "AVRR",
                {
                    ("en", "assisted voluntary return and reintegration"),
                    ("fr", "aide au retour volontaire et à la réintégration"),
                },
            ),
            (
                "ARVR",
                {
                    ("en", "assisted voluntary return and reintegration"),
                    ("nl", "ondersteunde vrijwillige terugkeer en re-integratie"),
                },
            ),
            ("CVA", {("en", "cash-based intervention"), ("fr", "transfert monétaire"), ("ar", "التحويلات النقدية")}),
            ("TM", {("en", "cash-based intervention")}),
            (
                "GBV",
                {
                    ("fr", "violence basée sur le genre"),
                    ("ar", "العنف القائم على النوع الاجتماعي"),
                    ("nl", "gendergerelateerd geweld"),
                },
            ),
            ("VBG", {("en", "gender-based violence")}),
            ("UASC", {("fr", "mineurs non accompagnés"), ("nl", "alleenstaande minderjarigen")}),
            ("MNA", {("en", "unaccompanied and separated children")}),
            ("MRC", {("ar", "مركز موارد المهاجرين"), ("fr", "centre de ressources pour les migrants")}),
            ("DTM", {("fr", "matrice de suivi des déplacements"), ("ar", "مصفوفة تتبع النزوح")}),
            (
                "MHPSS",
                {
                    ("fr", "santé mentale et soutien psychosocial"),
                    ("nl", "geestelijke gezondheid en psychosociale steun"),
                },
            ),
            ("RSD", {("fr", "détermination du statut de réfugié"), ("ar", "تحديد صفة اللاجئ")}),
            # Inflected and broken-plural forms of the field's words.
            ("عامل مهاجر", {("ar", "العمال المهاجرين"), ("en", "migrant worker"), ("nl", "arbeidsmigrant")}),
            (
                "هجرة اليد العاملة",
                {("en", "labour migration"), ("fr", "migration de main-d'œuvre"), ("nl", "arbeidsmigratie")},
            ),
            ("vluchtelingen Libië", {("fr", "réfugié"), ("en", "refugee"), ("ar", "لاجئ")}),
            ("statelessness in the Sahel", {("fr", "apatridie"), ("ar", "انعدام الجنسية"), ("nl", "staatloosheid")}),
            ("regroupement familial", {("en", "family reunification"), ("nl", "gezinshereniging")}),
        ],
    )
    def test_acronyms_and_variants_resolve_to_every_language(self, query, expected):
        assert expected <= names(query)

    def test_the_longer_concept_speaks_for_the_words_inside_it(self):
        concepts = {expansion.concept for expansion in thesaurus.expand("migrant smuggling")}
        assert concepts == {"migrant-smuggling"}
        assert {e.concept for e in thesaurus.expand("smuggling routes of migrants")} == {"migrant"}

    def test_no_name_the_query_already_says_nor_a_longer_form_of_it(self):
        found = names("returnee")
        assert ("en", "returnee") not in found and ("ar", "عائد") in found
        # The full name of the concept finds nothing that "psychosocial support" itself does not.
        assert ("en", "mental health and psychosocial support") not in names("psychosocial support")

    def test_every_name_of_the_concept_not_only_the_preferred_one(self):
        # A French report may say "PDI" throughout and never the words it stands for.
        found = names("internally displaced persons")
        assert {("fr", "personne déplacée interne"), ("fr", "PDI"), ("nl", "ontheemde")} <= found
        expansions = thesaurus.expand("GBV")
        preferred = [e.label for e in expansions].index("violence basée sur le genre")
        assert preferred < [e.label for e in expansions].index("VBG"), "preferred names come first"

    def test_a_name_with_every_word_of_a_shorter_name_kept_is_left_out(self):
        # "violences sexuelles et basées sur le genre" finds only what "violence basée sur le genre" finds.
        found = names("GBV")
        assert ("fr", "violence basée sur le genre") in found
        assert ("fr", "violences sexuelles et basées sur le genre") not in found

    def test_the_words_that_name_a_concept(self):
        assert thesaurus.named_words("reintegation of returnees") == {"returnees"}
        assert thesaurus.named_words("GBV in Chad") == {"gbv"}
        assert thesaurus.named_words("violences basées sur le genre") >= {"violences", "basées", "genre"}
        assert thesaurus.named_words("netwrk") == set()

    def test_words_outside_the_thesaurus_expand_to_nothing(self):
        assert thesaurus.expand("vocational") == []
        assert thesaurus.expand("") == []


@pytest.mark.both_databases
@pytest.mark.django_db
class TestStoredConcepts:
    def test_the_migrations_store_the_reviewed_list(self):
        assert dict(thesaurus.stored_concepts()) == dict(REVIEWED)

    def test_expansion_follows_an_edit_at_once(self):
        concept = Concept.objects.get(key="internally-displaced")
        concept.labels_nl = "binnenlands ontheemde\nontheemde\nIDP"
        concept.save()
        assert ("nl", "binnenlands ontheemde") in names("IDP")
        concept.delete()
        assert names("IDP") == set()

    def test_a_saved_concept_stamps_a_new_version_for_the_other_processes(self, django_capture_on_commit_callbacks):
        thesaurus.expand("IDP")
        before = thesaurus._loaded.version
        with django_capture_on_commit_callbacks(execute=True):
            Concept.objects.create(key="x", labels_en="x", labels_fr="x", labels_ar="س", labels_nl="x")
        assert thesaurus._loaded.version == before  # reloaded on the next query, not before
        thesaurus.expand("IDP")
        assert thesaurus._loaded.version != before

    def test_a_process_with_its_own_cache_sees_an_edit_within_the_recheck_interval(self, monkeypatch):
        thesaurus.expand("IDP")
        # An edit that reached neither this process's cache nor the model's signals.
        Concept.objects.filter(key="internally-displaced").update(labels_nl="intern ontheemde\nIDP", updated_at=now())
        assert ("nl", "intern ontheemde") not in names("IDP")
        monkeypatch.setattr(thesaurus, "RECHECK_SECONDS", 0)
        assert ("nl", "intern ontheemde") in names("IDP")

    def test_migrate_fills_an_empty_table_and_never_brings_back_a_deleted_concept(self):
        Concept.objects.exclude(key="refugee").delete()
        thesaurus.load_reviewed_after_migrate(sender=None)
        assert Concept.objects.count() == 1
        Concept.objects.all().delete()
        thesaurus.load_reviewed_after_migrate(sender=None)
        assert dict(thesaurus.stored_concepts()) == dict(REVIEWED)

    def test_load_thesaurus_adds_what_is_missing_and_restores_labels_on_request(self):
        Concept.objects.filter(key="statelessness").delete()
        Concept.objects.filter(key="refugee").update(labels_nl="vluchteling\nstatushouder")
        call_command("load_thesaurus", "--dry-run", stdout=open("/dev/null", "w"))
        assert not Concept.objects.filter(key="statelessness").exists()
        call_command("load_thesaurus", stdout=open("/dev/null", "w"))
        assert Concept.objects.filter(key="statelessness").exists()
        assert Concept.objects.get(key="refugee").labels("nl") == ["vluchteling", "statushouder"]
        call_command("load_thesaurus", "--update", stdout=open("/dev/null", "w"))
        assert Concept.objects.get(key="refugee").labels("nl") == ["vluchteling"]


@pytest.mark.both_databases
@pytest.mark.django_db
class TestAdmin:
    URL = "/admin/snippets/kms_search/concept/"
    FORM = {
        "key": "seasonal-agricultural-work",
        "labels_en": "seasonal agricultural work\nfarm work",
        "labels_fr": "travail agricole saisonnier",
        "labels_ar": "العمل الزراعي الموسمي",
        "labels_nl": "seizoenswerk in de landbouw",
    }

    @pytest.fixture
    def staff(self, client):
        from django.contrib.auth.models import Group

        from tests.factories import UserFactory

        user = UserFactory()
        user.groups.add(Group.objects.get(name="Staff"))
        client.force_login(user)
        return client

    def test_staff_add_a_concept_and_searches_expand_with_it(self, staff):
        assert "internally displaced person" in staff.get(self.URL, {"q": "IDP"}).content.decode()
        response = staff.post(self.URL + "add/", self.FORM)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert ("ar", "العمل الزراعي الموسمي") in names("farm work in Sicily")

    def test_a_concept_missing_a_language_is_refused_and_nothing_is_lost(self, staff):
        response = staff.post(self.URL + "add/", {**self.FORM, "labels_ar": "  \n", "labels_nl": "de"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Give at least one name in this language." in page
        assert "has no word a search can match" in page
        assert "seasonal agricultural work" in page  # what was typed is still in the form
        assert not Concept.objects.filter(key="seasonal-agricultural-work").exists()

    def test_staff_edit_a_concept(self, staff):
        concept = Concept.objects.get(key="refugee")
        response = staff.post(
            f"{self.URL}edit/{concept.pk}/",
            {
                "key": "refugee",
                "labels_en": "refugee",
                "labels_fr": "réfugié",
                "labels_ar": "لاجئ",
                "labels_nl": "vluchteling\nstatushouder",
            },
        )
        assert response.status_code == 302
        assert ("nl", "statushouder") in names("vluchteling")
