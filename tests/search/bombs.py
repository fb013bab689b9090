"""Decompression bombs and other hostile files, generated in the test: nothing binary is committed.

Every builder streams: a bomb that unpacks to gigabytes is written in slices of at
most a few megabytes, so generating it never costs the test much memory.
"""

import io
import struct
import zipfile
import zlib

from tests.search import files

MIB = 1024 * 1024
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _word_parts():
    """The parts of a small, real DOCX, except its document.xml."""
    with zipfile.ZipFile(io.BytesIO(files.word([files.FRENCH]))) as archive:
        return [(name, archive.read(name)) for name in archive.namelist() if name != "word/document.xml"]


def docx_bomb(path, unpacked_mib):
    """A DOCX whose word/document.xml inflates to `unpacked_mib` MiB of well-formed XML, written through zipfile."""
    paragraph = b"<w:p><w:r><w:t>retour</w:t></w:r></w:p>"
    row = paragraph * (MIB // len(paragraph))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _word_parts():
            archive.writestr(name, data)
        with archive.open("word/document.xml", "w") as document:
            document.write(f'<w:document xmlns:w="{WORD_NS}"><w:body>'.encode())
            for _ in range(unpacked_mib):
                document.write(row)
            document.write(b"</w:body></w:document>")
    return path


def docx_with_parts(parts):
    """A DOCX built from a small real one, with `parts` ({name: bytes}) added or replacing its own."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _word_parts():
            if name not in parts:
                archive.writestr(name, data)
        if "word/document.xml" not in parts:
            with zipfile.ZipFile(io.BytesIO(files.word([files.FRENCH]))) as real:
                archive.writestr("word/document.xml", real.read("word/document.xml"))
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zeros_zip(unpacked_mib, name="zeros.bin"):
    """A ZIP holding one entry of `unpacked_mib` MiB of zeros (about a thousandth of that packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(name, "w") as entry:
        for _ in range(unpacked_mib):
            entry.write(bytes(MIB))
    return buffer.getvalue()


def nested_zip_docx(copies=30, inner_mib=50):
    """A DOCX carrying `copies` ZIP bombs in word/embeddings (each `inner_mib` MiB of zeros inside): 42.zip's shape."""
    inner = zeros_zip(inner_mib)
    return docx_with_parts({f"word/embeddings/package{number}.zip": inner for number in range(copies)})


def nested_zip(depth=3, width=8, inner_mib=16):
    """A plain ZIP of ZIPs of ZIPs, `width` wide and `depth` deep, around MiBs of zeros."""
    data = zeros_zip(inner_mib)
    for level in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for number in range(width):
                archive.writestr(f"level{level}-{number}.zip", data)
        data = buffer.getvalue()
    return data


def lying_docx(real_mib=40, declared=1000):
    """A DOCX whose document.xml inflates to `real_mib` MiB while its headers declare `declared` bytes.

    zipfile believes the central directory; the extraction's reader must not need to.
    """
    data = bytearray(docx_with_parts({"word/document.xml": _zeros_xml(real_mib)}))
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            name_length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            start = at + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(data[start : start + name_length]) == name:
                struct.pack_into("<I", data, at + size_at, declared)
            at = data.find(signature, at + 4)
    return bytes(data)


def _zeros_xml(mib):
    return f'<w:document xmlns:w="{WORD_NS}"><w:body>'.encode() + b" " * (mib * MIB) + b"</w:body></w:document>"


def raw_docx_bomb(path, entries=3, segments_per_entry=3300):
    """A DOCX of about 10 MB whose entries declare about 10 GiB, written by hand from one repeated deflate segment.

    Deflating gigabytes takes minutes; a segment of 1 MiB of zeros compressed with a full
    flush is self-contained, so repeating it makes a valid stream of any length in
    milliseconds. The CRCs are left at zero: a bomb must be refused before any byte is
    inflated, so no reader ever gets far enough to check them.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    directory = []
    with open(path, "wb") as out:
        parts = [(name, data, None) for name, data in _word_parts()]
        parts += [
            (f"word/{'document' if number == 0 else f'media/image{number}'}.xml", None, number)
            for number in range(entries)
        ]
        for name, data, _number in parts:
            offset = out.tell()
            encoded = name.encode()
            if data is not None:
                packed = zlib.compressobj(9, zlib.DEFLATED, -15)
                body = packed.compress(data) + packed.flush()
                crc, size, csize = zlib.crc32(data), len(data), len(body)
            else:
                crc, size, csize = 0, segments_per_entry * MIB, segments_per_entry * len(segment) + len(final)
            out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, csize, size, len(encoded), 0))
            out.write(encoded)
            if data is not None:
                out.write(body)
            else:
                for _ in range(segments_per_entry):
                    out.write(segment)
                out.write(final)
            directory.append((encoded, crc, csize, size, offset))
        start = out.tell()
        for encoded, crc, csize, size, offset in directory:
            out.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, csize, size,
                                  len(encoded), 0, 0, 0, 0, 0, offset))  # fmt: skip
            out.write(encoded)
        end = out.tell()
        out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(directory), len(directory), end - start, start, 0))
    return path


def png_bomb(width=100_000, height=100_000):
    """A PNG header declaring `width` by `height` pixels (30 GB decoded at 3 bytes a pixel), with one tiny IDAT."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(1024))) + chunk(b"IEND", b"")
    )


def pdf_claiming_pages(count, kids=1, media_box=b"0 0 200 200"):
    """A PDF whose page tree claims `count` pages and lists the same page object `kids` times, written by hand."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join([b"3 0 R"] * kids), count),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] >>" % media_box,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
