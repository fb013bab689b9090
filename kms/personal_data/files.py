"""The text of a file the task worker has not read yet, for the personal-data check before publishing.

A file chosen or uploaded just before "Publish" has no extracted text until the worker reaches it, so the
check would pass over it. It is read here instead, in a child process with the extraction limits
(`search.extraction.extract_in_child`), so the request never grows with the file or hangs on it.
"""


def text_to_check(source, filename):
    """`source`'s text ("" when it cannot be read: a damaged or locked file is reported elsewhere)."""
    from search.extraction import extract_in_child

    if hasattr(source, "seek"):
        source.seek(0)
    try:
        return extract_in_child(source, filename).text or ""
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def document_text(document, read_now=True):
    """A Wagtail document's text: what the worker read, or read now when it has not read it yet (or "" then,
    when `read_now` is false: a draft save shows findings from what is read, and only publishing waits)."""
    if document.extraction_status:
        return document.extracted_text
    if not read_now:
        return ""
    with document.open_file() as handle:
        return text_to_check(handle, document.filename)
