"""Where the library's files live: beside the communities' attachments, outside MEDIA_ROOT.

No web server or media route can hand a file out from there, so every download passes
through the document view and its audience check (cms_pages.permissions), whatever the
file's page, collection or import path.
"""

from kms.storage import PrivateStorage


class DocumentStorage(PrivateStorage):
    def url(self, name):
        # Wagtail falls back on its serve view when a storage has no URL.
        raise NotImplementedError("library documents have no direct URL; Document.url names the serve view")


_storage = DocumentStorage()


def document_storage():
    return _storage
