"""Communities test data: Arabic and accented French in every text field by default."""

import datetime

import factory
from django.utils import timezone

from communities.models import Community, Event, Follow, Lesson, Membership, Reply, Thread

from . import UserFactory


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    slug = factory.Sequence(lambda n: f"communaute-{n}")
    name_en = factory.Sequence(lambda n: f"Réintégration communautaire {n}")
    name_fr = factory.Sequence(lambda n: f"Réintégration communautaire {n}")
    name_ar = factory.Sequence(lambda n: f"إعادة الإدماج المجتمعي {n}")
    name_nl = factory.Sequence(lambda n: f"Gemeenschapsgerichte re-integratie {n}")
    description_en = "Échanges entre partenaires · تبادل الخبرات بين الشركاء"
    description_fr = "Échanges entre partenaires sur la réintégration à Médenine et Sfax."
    description_ar = "تبادل الخبرات بين الشركاء حول إعادة الإدماج في مدنين وصفاقس."
    visibility = Community.Visibility.PUBLIC
    join_policy = Community.JoinPolicy.OPEN


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    state = Membership.State.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Soutien psychosocial aux rapatriés — الدعم النفسي {n}")
    context = "<p>Les rapatriés arrivés à Médenine après un séjour en Libye ; العائدون إلى مدنين.</p>"
    what_was_done = "<p>Des groupes de parole animés par des pairs formés.</p>"
    what_worked = "<p>La présence d'un pair aidant arabophone · وجود مرافق من الأقران.</p>"
    what_did_not = "<p>Les séances en ligne, faute de connexion stable.</p>"
    recommendations = "<p>Prévoir un transport vers les séances.</p>"
    language = "fr"
    state = Lesson.State.DRAFT


class PublishedLessonFactory(LessonFactory):
    state = Lesson.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Orientation des rapatriés — إحالة العائدين {n}")
    body = "<p>Comment orientez-vous les personnes vers les services de santé mentale ? كيف تتم الإحالة؟</p>"

    @factory.post_generation
    def followed(self, create, extracted, **kwargs):
        """Its starter follows it, as starting a discussion through the site does (`followed=False` to not)."""
        if create and self.author_id and extracted is not False:
            Follow.objects.get_or_create(thread=self, user=self.author)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "<p>Nous passons par le centre de santé de base · عبر المركز الصحي.</p>"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Webinaire : réintégration économique — ندوة {n}")
    agenda = "<p>Présentations des partenaires, puis échanges · عروض ثم نقاش.</p>"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    time_zone = "Africa/Tunis"
    place = "Maison des associations, Médenine"
    online_link = "https://meet.example.org/reintegration-webinaire"
