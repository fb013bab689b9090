"""Running one step on an untrusted file in a child process, with hard limits on its memory and time.

Parsers of hostile files (PDFium, lxml) can take gigabytes or minutes in a single call
that no cooperative check interrupts. The parent copies the file in slices to a
temporary file that becomes the child's standard input, so it never holds the file
whole; the child limits its own address space (RLIMIT_AS) and CPU time before reading
a byte, and answers with one JSON value on standard output. A child still running at
the wall-clock timeout is killed. Importing this module needs no Django settings:
children run without Django.
"""

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLICE = 1024 * 1024


class TooLarge(Exception):
    """The file is over the size the caller allows; it was not handed to a child."""


class Stopped(Exception):
    """The child was killed at its time limit."""


def run(module, options, source, *, max_bytes, timeout_s):
    """The JSON answer of `python -m module options` reading `source` on its standard input; None if it crashed.

    `source` is bytes, a path or a binary file object. Raises TooLarge when it has more
    than `max_bytes` bytes, Stopped when the child ran out of time (wall clock or CPU).
    """
    with tempfile.TemporaryFile() as copy:
        if not _copy_bounded(source, copy, max_bytes):
            raise TooLarge
        copy.seek(0)
        try:
            child = subprocess.run(
                [sys.executable, "-m", module, json.dumps(options)],
                stdin=copy, capture_output=True, timeout=timeout_s, cwd=ROOT,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise Stopped from None
    if child.returncode in (-signal.SIGKILL, -signal.SIGXCPU):
        raise Stopped
    try:
        return json.loads(child.stdout)
    except ValueError:
        return None


def limit_self(memory_bytes, timeout_s):
    """In the child, before reading the file: cap its address space and its CPU seconds."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = int(timeout_s) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _copy_bounded(source, target, max_bytes):
    """Copy `source` into the file `target` in slices; False as soon as it has more than `max_bytes` bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) > max_bytes:
            return False
        target.write(source)
        return True
    opened = None
    if isinstance(source, (str, os.PathLike)):
        source = opened = open(source, "rb")
    try:
        copied = 0
        while chunk := source.read(SLICE):
            copied += len(chunk)
            if copied > max_bytes:
                return False
            target.write(chunk)
        return True
    finally:
        if opened is not None:
            opened.close()
