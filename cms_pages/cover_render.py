"""Drawing a PDF's first page as a cover picture: the part that touches the file, run in a child process.

`cms_pages.covers` hands the file to this module's `child_main` in a child process of
`kms.sandbox`, so a hostile PDF costs the child, never the web request, its memory and
time. Needs no Django settings.
"""

import base64
import io
import json
import sys

import pypdfium2


class CoverError(Exception):
    """Why no cover can be drawn: "encrypted", "damaged", "no_pages" or "too_long"."""


def render_first_page(data, width, max_pixels):
    """PNG bytes of the first page, `width` pixels wide, and their (width, height); raises CoverError."""
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise CoverError("encrypted" if "password" in str(error).lower() else "damaged") from None
    try:
        if len(pdf) == 0:
            raise CoverError("no_pages")
        first = pdf[0]
        scale = width / first.get_width()
        if width * first.get_height() * scale > max_pixels:
            # A page thousands of times taller than wide would be drawn as a picture of gigabytes.
            raise CoverError("too_long")
        image = first.render(scale=scale).to_pil()
        output = io.BytesIO()
        image.convert("RGB").save(output, format="PNG", optimize=True)
        return output.getvalue(), image.size
    except pypdfium2.PdfiumError:
        raise CoverError("damaged") from None
    finally:
        pdf.close()


def child_main(arguments):
    """In a child of `kms.sandbox`: limit memory and CPU first, read the PDF from stdin, write the cover as JSON."""
    from kms import sandbox

    options = json.loads(arguments)
    sandbox.limit_self(options["memory_bytes"], options["timeout_s"])
    data = sys.stdin.buffer.read()
    try:
        png, size = render_first_page(data, options["width"], options["max_pixels"])
        answer = {"png": base64.b64encode(png).decode("ascii"), "size": list(size)}
    except CoverError as error:
        answer = {"error": str(error)}
    except MemoryError:
        answer = {"error": "too_large"}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    child_main(sys.argv[1])
