"""The groups people are put in, and what each may do in the admin.

Editors and Moderators come from Wagtail's own migrations (with page permissions on
the whole tree); this module adds Staff, Researchers and Partner members and makes
sure all five can reach what they need. Section-level page permissions (for example
Researchers limited to the research section) are granted where that section is created.
"""

from django.contrib.auth.models import Group, Permission

STAFF = "Staff"
EDITORS = "Editors"
MODERATORS = "Moderators"
RESEARCHERS = "Researchers"
PARTNER_MEMBERS = "Partner members"

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
THESAURUS = [("kms_search", "add_concept"), ("kms_search", "change_concept")]

GROUP_PERMISSIONS = {
    STAFF: [ADMIN_ACCESS, ("wagtaildocs", "add_document"), ("wagtailimages", "add_image"), *THESAURUS],
    EDITORS: [
        ADMIN_ACCESS,
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("taxonomy", "add_organisation"),
        ("taxonomy", "change_organisation"),
        ("taxonomy", "add_theme"),
        ("taxonomy", "change_theme"),
        ("taxonomy", "add_country"),
        ("taxonomy", "change_country"),
        ("taxonomy", "add_region"),
        ("taxonomy", "change_region"),
        ("cms_pages", "add_placefigures"),
        ("cms_pages", "change_placefigures"),
        ("cms_pages", "delete_placefigures"),
        *THESAURUS,
        # Editors approve research: they also decide who may write it (kms.accounts.researchers).
        ("accounts", "change_researcherrequest"),
    ],
    MODERATORS: [ADMIN_ACCESS],
    RESEARCHERS: [ADMIN_ACCESS, ("wagtaildocs", "add_document"), ("wagtailimages", "add_image")],
    PARTNER_MEMBERS: [],
}


def ensure_groups():
    """Create missing groups and add any missing permission; never removes what an admin granted."""
    for name, wanted in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def ensure_groups_after_migrate(sender, **kwargs):
    from django.apps import apps

    # Permissions are created app by app as post_migrate goes round (only apps with
    # models get the signal); wait for the last of them.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last:
        ensure_groups()


def group_names(user):
    """The names of the groups `user` belongs to, read once per user object (for a request, once per
    request: search's audiences and the communities' moderator check both ask)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    names = user.__dict__.get("_group_names")
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user.__dict__["_group_names"] = names
    return names
