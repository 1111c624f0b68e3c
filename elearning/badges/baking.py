"""Bake an Open Badges assertion into a PNG, and read it back (pure, no Django).

The assertion travels in an ``iTXt`` chunk with the keyword ``openbadges``,
so a learner can hand the image to a backpack and the backpack finds the
assertion in it. Only ``struct`` and ``zlib.crc32``: the chunk format is
simple, and an image library would re-encode the pixels for nothing.
"""

import json
import struct
import zlib
from collections.abc import Mapping
from typing import Any, Final

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
KEYWORD: Final = b"openbadges"
# The PNG specification caps a chunk's length at 2**31 - 1 bytes.
_MAX_CHUNK: Final = 2**31 - 1


def bake_png(png: bytes, assertion: Mapping[str, Any]) -> bytes:
    """Return ``png`` with ``assertion`` baked in as an ``iTXt`` chunk ``openbadges``.

    The chunk goes right after IHDR and replaces any earlier openbadges
    chunk, so baking twice leaves one assertion. Raise ValueError when
    ``png`` is not a well-formed PNG.
    """
    chunks = [chunk for chunk in _chunks(png) if not _is_openbadges(*chunk)]
    text = json.dumps(assertion, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # keyword NUL, compression flag 0 and method 0 (the badge spec forbids
    # compression), an empty language tag NUL, an empty translated keyword NUL.
    data = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + text.encode("utf-8")
    if len(data) > _MAX_CHUNK:
        raise ValueError("the assertion is too large for a PNG chunk")
    chunks.insert(1, (b"iTXt", data))
    return PNG_SIGNATURE + b"".join(_chunk(kind, body) for kind, body in chunks)


def unbake_png(png: bytes) -> str | None:
    """Return the text of the ``openbadges`` iTXt chunk of ``png``, or None when it has none.

    Raise ValueError when ``png`` is not a well-formed PNG or the chunk is
    compressed or not UTF-8.
    """
    for kind, data in _chunks(png):
        if kind == b"iTXt" and _is_openbadges(kind, data):
            return _itxt_text(data)
    return None


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """Split ``png`` into (type, data) pairs, checking the signature, every length and CRC."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG: the signature is missing")
    chunks: list[tuple[bytes, bytes]] = []
    offset = len(PNG_SIGNATURE)
    while not chunks or chunks[-1][0] != b"IEND":
        if offset + 8 > len(png):
            raise ValueError("not a PNG: it ends before its IEND chunk")
        length, kind = struct.unpack_from(">I4s", png, offset)
        if length > _MAX_CHUNK or not kind.isalpha():
            raise ValueError(f"not a PNG: a malformed chunk at byte {offset}")
        start, end = offset + 8, offset + 8 + length
        if end + 4 > len(png):
            raise ValueError(f"not a PNG: chunk {kind!r} is cut short")
        data = png[start:end]
        (crc,) = struct.unpack_from(">I", png, end)
        if zlib.crc32(kind + data) != crc:
            raise ValueError(f"not a PNG: chunk {kind!r} fails its CRC")
        chunks.append((kind, data))
        offset = end + 4
    if chunks[0][0] != b"IHDR":
        raise ValueError("not a PNG: it does not start with IHDR")
    if offset != len(png):
        # Bytes after IEND are no part of the image; refuse them rather than carry them along.
        raise ValueError("not a PNG: there are bytes after IEND")
    return chunks


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _is_openbadges(kind: bytes, data: bytes) -> bool:
    # An Open Badges 1.x tEXt chunk counts too, so baking leaves no stale assertion behind.
    return kind in (b"tEXt", b"zTXt", b"iTXt") and data.split(b"\0", 1)[0] == KEYWORD


def _itxt_text(data: bytes) -> str:
    after_keyword = data.partition(b"\0")[2]
    # A compression flag, a method, then: language tag NUL, translated keyword NUL, text.
    flag, parts = after_keyword[:1], after_keyword[2:].split(b"\0", 2)
    if len(parts) != 3:
        raise ValueError("the openbadges chunk is malformed")
    if flag != b"\0":
        raise ValueError("the openbadges chunk is compressed, which the badge spec forbids")
    try:
        return parts[2].decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError("the openbadges chunk is not UTF-8") from error
