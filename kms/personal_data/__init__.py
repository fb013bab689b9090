"""Personal data in what people publish: finding it (`detector`), and asking before it goes out.

Shared by every content app: community lessons and discussions, document pages and
publications all scan their text and their files' text with the same `scan`, keep the
same record when they go out over a warning (`models`), and ask in the same way (`forms`).
"""

from .detector import KINDS, Finding, kind_labels, plain_text, scan, scan_parts

__all__ = ["KINDS", "Finding", "kind_labels", "plain_text", "scan", "scan_parts"]
