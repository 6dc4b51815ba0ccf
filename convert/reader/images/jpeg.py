"""Lossless repairs of a JPEG's header segments (the compressed picture is never touched).

A JPEG is a list of marker segments up to the scan (ITU T.81, B.1). Readers
that do not decode (python-docx, Word, some e-book readers) identify a JPEG by
the JFIF (APP0) or Exif (APP1) segment that should follow the start marker
(JFIF 1.02; Exif 2.3 §4.5.4), and some read the Exif block's TIFF structure.
A file without such a segment, or with a broken Exif block, is repaired here
by adding a JFIF segment or dropping the Exif block: the pixels stay as they are.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

_SOI = b"\xff\xd8"
_SOS = 0xDA
_EOI = 0xD9
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RSTn carry no length
_APP1 = 0xE1
_EXIF = b"Exif\x00\x00"


@dataclass(frozen=True)
class Segment:
    marker: int
    start: int  # offset of the 0xFF of the marker
    end: int  # offset just past the segment

    def payload(self, data: bytes) -> bytes:
        return data[self.start + 4:self.end]


def segments(data: bytes) -> list[Segment]:
    """The segments before the first scan. Raises ``ValueError`` when the structure is broken."""
    if not data.startswith(_SOI):
        raise ValueError("no JPEG start marker")
    found: list[Segment] = []
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise ValueError(f"no marker at offset {at}")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        if marker in (_SOS, _EOI):
            return found
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if length < 2 or at + 2 + length > len(data):
            raise ValueError(f"segment length {length} at offset {at} runs past the file")
        found.append(Segment(marker, at, at + 2 + length))
        at += 2 + length
    raise ValueError("no scan")


def identified(data: bytes) -> bool:
    """Whether a JFIF or Exif segment follows the start marker (what non-decoding readers look for)."""
    return data[6:11] in (b"JFIF\x00", b"Exif\x00")


def with_jfif(data: bytes, dpi: float | None) -> bytes:
    """``data`` with a JFIF 1.01 segment right after the start marker (density in dpi when known)."""
    units, density = (1, round(dpi)) if dpi and 1 <= round(dpi) <= 0xFFFF else (0, 1)
    body = b"JFIF\x00\x01\x01" + struct.pack(">BHHBB", units, density, density, 0, 0)
    return _SOI + b"\xff\xe0" + struct.pack(">H", len(body) + 2) + body + data[2:]


def exif_blocks(data: bytes) -> list[Segment]:
    """The APP1 segments that hold Exif data."""
    return [s for s in segments(data) if s.marker == _APP1 and s.payload(data).startswith(_EXIF)]


def without(data: bytes, dropped: list[Segment]) -> bytes:
    """``data`` without the segments ``dropped``."""
    parts: list[bytes] = []
    at = 0
    for segment in sorted(dropped, key=lambda s: s.start):
        parts.append(data[at:segment.start])
        at = segment.end
    parts.append(data[at:])
    return b"".join(parts)


def exif_sound(payload: bytes) -> bool:
    """Whether an Exif block's TIFF header and first directory lie inside the block (Exif 2.3 §4.5.2)."""
    tiff = payload[len(_EXIF):]
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return False
    order = "<" if tiff[:2] == b"II" else ">"
    magic, offset = struct.unpack(order + "HI", tiff[2:8])
    if magic != 42 or offset < 8 or offset + 2 > len(tiff):
        return False
    (count,) = struct.unpack(order + "H", tiff[offset:offset + 2])
    return bool(offset + 2 + 12 * count <= len(tiff))
