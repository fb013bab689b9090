"""Where attachments live: outside MEDIA_ROOT, with no URL, so only a view can hand them out.

All attachments go here, public communities' too: a community can turn members-only
at any time, and a file that was once under MEDIA_ROOT could have been shared by URL.
The location is the setting KMS_PRIVATE_MEDIA_ROOT (env KMS_PRIVATE_MEDIA_ROOT, default private-media/).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A file system storage that reads its location from settings on each use and has no URL."""

    @property
    def base_location(self):
        return str(settings.KMS_PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private attachments have no URL; link to communities:attachment instead")


_storage = PrivateStorage()


def private_storage():
    return _storage
