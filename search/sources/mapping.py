"""Who does what where -> records: one record per service and site language, grouped as one result.

Each language's record carries the service's name, type, organisation, place and population
groups in that language, analysed as that language, so "conseil juridique Sfax",
"استشارات قانونية صفاقس" and "juridisch advies Sfax" all find it; the reader sees the version
in their own language. Every service is public.
"""

from django.conf import settings
from django.utils import translation

from cms_pages.mapping.models import Service

from ..records import Record
from .base import Source

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class ServiceSource(Source):
    """Keys are "service:<pk>-<language>"."""

    name = "service"

    def queryset(self):
        return Service.objects.select_related("organisation", "country").order_by("pk")

    def keys_for(self, pk):
        return [self.key(f"{pk}-{code}") for code in LANGUAGES]

    def object_pk(self, pk):
        number, _sep, _language = str(pk).partition("-")
        return int(number) if number.isdigit() else None

    def record_for(self, pk):
        number, _sep, language = str(pk).partition("-")
        if language not in LANGUAGES or not number.isdigit():
            return None
        service = self.queryset().filter(pk=number).first()
        return None if service is None else self.to_language_record(service, language)

    def all_records(self):
        for service in self.queryset().iterator(chunk_size=200):
            for code in LANGUAGES:
                yield self.to_language_record(service, code)

    def to_record(self, obj, context):  # one record per language: see to_language_record
        raise NotImplementedError

    def count(self):
        return self.queryset().count() * len(LANGUAGES)

    def searchable_pks(self):
        return [f"{pk}-{code}" for pk in self.queryset().values_list("pk", flat=True) for code in LANGUAGES]

    def to_language_record(self, service, language):
        with translation.override(language):
            organisation = service.organisation
            place = ", ".join(part for part in (service.place, service.country.name) if part)
            summary = " · ".join(
                [str(service.get_service_type_display()), organisation.name, place, str(service.get_status_display())]
            )
            body = "\n".join(
                [
                    organisation.acronym,
                    ", ".join(str(label) for label in service.population_group_labels()),
                    ", ".join(str(label) for label in service.language_labels()),
                    str(service.get_contact_channel_display()),
                ]
            )
            return Record(
                id=self.key(f"{service.pk}-{language}"),
                kind="service",
                url=service.get_absolute_url(),
                title=service.name,
                summary=summary,
                body=body,
                language=language,
                countries=(service.country.code,),
                themes=(service.theme_slug,),
                organisations=(organisation.slug,),
                date=service.start_date,
                group=f"service-group:{service.pk}",
            )
