"""Which audiences a person belongs to: the only place search decides who may see what."""

from kms.accounts.groups import group_names

from .records import PUBLIC, STAFF
from .sources.communities import member_audiences

STAFF_GROUPS = {"Staff", "Editors", "Moderators", "Researchers"}


def can_see_staff_records(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or bool(group_names(user) & STAFF_GROUPS)


def audiences_for(user):
    """Every audience `user` belongs to; anonymous readers get only the public."""
    audiences = {PUBLIC}
    if can_see_staff_records(user):
        audiences.add(STAFF)
    audiences |= member_audiences(user)
    return frozenset(audiences)
