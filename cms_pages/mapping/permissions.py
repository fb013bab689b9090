"""Who may add and change services: staff with the model permission, and an organisation's editors for it."""

from kms.taxonomy.models import Organisation


def editable_organisations(user):
    """The organisations whose services `user` may add and change from the public site."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    if user.has_perm("mapping.change_service"):
        return Organisation.objects.all()
    return Organisation.objects.filter(service_editors__user=user)


def can_edit_service(user, service):
    """True when `user` may change `service` (and choose it to be offered by one of their organisations)."""
    return editable_organisations(user).filter(pk=service.organisation_id).exists()


def can_add_services(user):
    return editable_organisations(user).exists()
