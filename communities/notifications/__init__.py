"""Notifications for members of communities: in the site, and by email now or in a weekly digest.

The one entry point is `notify` (see `communities.notifications.delivery.notify` for
its contract); it can be imported from here without loading the models early.
"""


def notify(recipients, **kwargs):
    """Tell `recipients` something happened; see `delivery.notify`."""
    from .delivery import notify as _notify

    return _notify(recipients, **kwargs)
