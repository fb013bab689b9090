"""Where attachments live: outside MEDIA_ROOT, with no URL, so only a view can hand them out (kms.storage).

All attachments go here, public communities' too: a community can turn members-only
at any time, and a file that was once under MEDIA_ROOT could have been shared by URL.
"""

from kms.storage import PrivateStorage

_storage = PrivateStorage()


def private_storage():
    return _storage
