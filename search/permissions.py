"""Which audiences a person belongs to: the only place search decides who may see what."""

from .records import PUBLIC, STAFF, community_audience

STAFF_GROUPS = {"Staff", "Editors", "Moderators", "Researchers"}


def can_see_staff_records(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()


def community_audiences(user):
    """One audience per community whose members-only content the person may read: their
    active memberships, or every community for moderators (as communities.permissions says)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    from communities.models import Community, Membership
    from communities.permissions import is_moderator

    if is_moderator(user):
        # Moderators read every community's pages, so search shows them every community too.
        ids = Community.objects.values_list("pk", flat=True)
    else:
        ids = Membership.objects.filter(user=user, state=Membership.State.ACTIVE).values_list("community_id", flat=True)
    return {community_audience(community_id) for community_id in ids}


def audiences_for(user):
    """Every audience `user` belongs to; anonymous readers get only the public."""
    audiences = {PUBLIC}
    if can_see_staff_records(user):
        audiences.add(STAFF)
    audiences |= community_audiences(user)
    return frozenset(audiences)
