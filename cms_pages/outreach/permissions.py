"""Who may do what with newsletter subscriptions in the admin."""

from wagtail.permission_policies import ModelPermissionPolicy

# Consent comes only from the address's owner, through the double opt-in: nobody adds or edits a subscriber.
FORBIDDEN_FOR_EVERYONE = {"add", "change", "copy"}


def can_manage_subscriptions(user, action):
    """True when `user` may `action` ("view", "delete", ...) subscriptions in the admin."""
    if action in FORBIDDEN_FOR_EVERYONE:
        return False
    return user.is_active and user.has_perm(f"outreach.{action}_subscription")


class SubscriptionPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, minus adding and editing (see can_manage_subscriptions)."""

    def user_has_permission(self, user, action):
        return can_manage_subscriptions(user, action)

    def user_has_any_permission(self, user, actions):
        return any(can_manage_subscriptions(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in FORBIDDEN_FOR_EVERYONE]
        return super().users_with_any_permission(allowed) if allowed else super().users_with_any_permission([]).none()
