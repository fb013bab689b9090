"""Files kept outside MEDIA_ROOT, with no URL, so only a view that checks who is asking can hand them out.

Community attachments (communities.storage) and the library's documents (cms_pages.storage) live here.
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
        raise ValueError("private files have no URL; link to the view that serves them")
