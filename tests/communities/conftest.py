import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from kms.accounts.groups import MODERATORS
from tests.factories import UserFactory
from tests.factories.communities import CommunityFactory, MembershipFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.KMS_PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def english():
    """Requests to /ar/ leave Arabic active in the thread; each test starts in English."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def private_community(db):
    return CommunityFactory(visibility="members_only", join_policy="on_request")


@pytest.fixture
def member(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def facilitator(community):
    return MembershipFactory(community=community, role="facilitator").user


@pytest.fixture
def moderator(db):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    return user


@pytest.fixture
def outsider(db):
    return UserFactory()
