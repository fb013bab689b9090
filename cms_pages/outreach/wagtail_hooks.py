from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .models import Subscription
from .permissions import SubscriptionPermissionPolicy

register_permission_policy(Subscription, SubscriptionPermissionPolicy(Subscription))


class SubscriptionViewSet(ModelViewSet):
    """The newsletter list for editors: who is subscribed, in which language; exportable, never hand-edited."""

    model = Subscription
    icon = "mail"
    menu_label = _("Newsletter")
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["email", "language", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "language"]
    list_export = ["email", "language", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    search_fields = ["email"]
    search_backend_name = None
    form_fields = ["email", "language", "status"]


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    return SubscriptionViewSet("newsletter_subscriptions")
