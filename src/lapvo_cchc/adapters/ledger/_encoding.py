r"""Ledger files as lines of text: strict decoding, NFC, byte offsets in every error.

Supported encodings: UTF-8 (a BOM is skipped) and Windows-1258 (``cp1258``,
the legacy Vietnamese Windows code page, which writes tones as combining marks:
every line is NFC-normalised). TCVN3 (ABC) has no codec here: it is detected
and reported, never guessed. Files ending in ``.gz`` are decompressed.

Line ends may be ``\n``, ``\r\n`` or a lone ``\r`` (old Mac-era exports), as
Python's text files read with ``newline=""`` split them: a lone carriage
return ends a line, and stays at its end for the CSV reader.

Example:
    >>> import io
    >>> data = b"H\xf4\xcc s\xf5,K\xeanh\n"  # "Hồ sơ,Kênh": ô + combining grave
    >>> list(LedgerLines(io.BytesIO(data), name="l.csv", encoding="cp1258"))
    ['Hồ sơ,Kênh\n']
    >>> list(LedgerLines(io.BytesIO(data), name="l.csv"))
    Traceback (most recent call last):
    ...
    lapvo_cchc.errors.DecodeError: l.csv: not valid UTF-8 at byte 1 (line 1)...--encoding cp1258...
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from typing import TYPE_CHECKING, Final, Protocol, Self

from lapvo_cchc.errors import DecodeError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType

__all__ = ["ENCODINGS", "BinaryStream", "LedgerLines", "looks_like_tcvn3"]

ENCODINGS: Final = ("utf-8", "cp1258")
"""The encodings a ledger may be read in."""


class BinaryStream(Protocol):
    """What :class:`LedgerLines` reads: a binary file, plain or gzip.

    Example:
        >>> import io
        >>> isinstance(io.BytesIO(b""), object)
        True
    """

    def __iter__(self) -> Iterator[bytes]: ...

    def read(self, size: int = ..., /) -> bytes:
        """Read up to *size* bytes (all with -1)."""
        ...

    def close(self) -> None:
        """Close the stream."""
        ...


_BOM: Final = b"\xef\xbb\xbf"
_ASCII: Final = bytes(range(0x80))
# TCVN3 (ABC) puts its common lowercase letters (ă â ê ô ơ ư đ and the toned
# a's) at 0xA1-0xBF, where Windows-1258 has only symbols (¡ ¢ £ ... ¿), rare
# in a ledger: the share of these bytes among the non-ASCII ones tells them apart.
_NOT_TCVN3_MARK: Final = bytes(b for b in range(256) if not 0xA1 <= b <= 0xBF)
_EVIDENCE: Final = 16  # non-ASCII bytes seen before deciding that a file is not TCVN3


def looks_like_tcvn3(data: bytes) -> bool:
    r"""Whether *data* looks like Vietnamese text in TCVN3 (ABC) rather than Windows-1258.

    A heuristic: at least two non-ASCII bytes, a third of them in 0xA1-0xBF.

    Example:
        >>> looks_like_tcvn3(b"M\xb8 h\xa5 s\xac"), looks_like_tcvn3(b"H\xf4\xcc s\xf5")
        (True, False)
    """
    high = len(data.translate(None, _ASCII))
    marks = len(data.translate(None, _NOT_TCVN3_MARK))
    return marks >= 2 and 3 * marks >= high


_TCVN3_ADVICE: Final = (
    "it looks like TCVN3 (ABC), which lapvo_cchc does not convert: convert it to "
    "Unicode (UTF-8) first, e.g. with UniKey's converter, then save as CSV UTF-8"
)


class LedgerLines:
    r"""Decoded lines of a binary ledger stream, each NFC-normalised; iterate once.

    Decoding is strict: the first undecodable byte raises a
    :class:`~lapvo_cchc.errors.DecodeError` naming the file, the byte offset
    (in the decompressed data for ``.gz``) and the line, with advice on the
    encoding to try. With ``cp1258``, text that looks like TCVN3 is refused.

    Args:
        raw: A binary stream (closed by :meth:`close`).
        name: The file name, for messages.
        encoding: ``"utf-8"`` (BOM skipped) or ``"cp1258"``.

    Raises:
        DecodeError: an encoding not in :data:`ENCODINGS` (a ``ValueError``).

    Example:
        >>> import io
        >>> lines = LedgerLines(io.BytesIO(b"\xef\xbb\xbfa,b\r\nHo\xcc\x82\xcc\x80,1\n"), name="x")
        >>> [line for line in lines]
        ['a,b\r\n', 'Hồ,1\n']
        >>> list(LedgerLines(io.BytesIO(b"a,b\rc,d\r"), name="mac.csv"))  # lone CR line ends
        ['a,b\r', 'c,d\r']
    """

    def __init__(self, raw: BinaryStream, *, name: str, encoding: str = "utf-8") -> None:
        codec = encoding.lower().replace("_", "-")
        codec = {"utf8": "utf-8", "utf-8-sig": "utf-8", "windows-1258": "cp1258"}.get(codec, codec)
        if codec not in ENCODINGS:
            raise DecodeError(
                f"encoding: expected one of {', '.join(ENCODINGS)}, got {encoding!r}"
                + (" (TCVN3 has no codec: convert the file to UTF-8)" if "tcvn" in codec else "")
            )
        self._raw = raw
        self.name = name
        self.encoding = codec

    def __iter__(self) -> Iterator[str]:
        codec = self.encoding
        is_cp1258 = codec == "cp1258"
        normalize = unicodedata.normalize
        offset = 0
        lineno = 0
        high = marks = 0
        undecided = is_cp1258
        for raw in self._chunks():
            lineno += 1
            data = raw
            if lineno == 1 and codec == "utf-8" and data.startswith(_BOM):
                data = data[3:]
                offset = 3
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                line = lineno + len(_LONE_CR_BYTES.findall(data, 0, exc.start))
                raise self._error(data, exc.start, offset, line) from None
            if not text.isascii():
                text = normalize("NFC", text)
                if undecided:
                    high += len(data.translate(None, _ASCII))
                    marks += len(data.translate(None, _NOT_TCVN3_MARK))
                    if high >= _EVIDENCE:
                        undecided = False
                        if marks >= 2 and 3 * marks >= high:
                            raise self._tcvn3(offset, lineno)
            offset += len(raw)
            cr = text.find("\r")
            if cr == -1 or (cr == len(text) - 2 and text[-1] == "\n"):
                yield text  # no CR, or only the one of a CRLF line end
                continue
            parts = _LONE_CR.split(text)
            if not parts[-1]:
                parts.pop()  # the file ended with a lone CR
            lineno += len(parts) - 1
            yield from parts
        if undecided and marks >= 2 and 3 * marks >= high:
            raise self._tcvn3(offset, lineno)

    def _chunks(self) -> Iterator[bytes]:
        """The raw lines; a damaged ``.gz`` (bad header, cut short, bad data) is a DecodeError."""
        chunks = iter(self._raw)
        lineno = 0
        while True:
            try:
                chunk = next(chunks, None)
            except (OSError, EOFError, zlib.error) as exc:
                raise DecodeError(
                    f"{self.name}: cannot be read after line {lineno}: {type(exc).__name__}: {exc}"
                ) from None
            if chunk is None:
                return
            lineno += 1
            yield chunk

    def _tcvn3(self, offset: int, lineno: int) -> DecodeError:
        return DecodeError(
            f"{self.name}: not Windows-1258 text near byte {offset} (line {lineno}): "
            + _TCVN3_ADVICE
        )

    def _error(self, data: bytes, start: int, offset: int, lineno: int) -> DecodeError:
        label = _LABEL[self.encoding]
        where = f"{self.name}: not valid {label} at byte {offset + start} (line {lineno})"
        bad = data[start : start + 4]
        if lineno == 1 and offset == 0 and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return DecodeError(f"{where}: the file is UTF-16; save it as CSV UTF-8")
        if self.encoding == "cp1258":
            return DecodeError(f"{where}: byte {bad[:1]!r} is undefined in Windows-1258")
        sample = data + self._raw.read(65536)
        if looks_like_tcvn3(sample):
            return DecodeError(f"{where}: {_TCVN3_ADVICE}")
        return DecodeError(
            f"{where}: got {bad!r}; a legacy Windows export is often Windows-1258: "
            "try --encoding cp1258 (encoding='cp1258')"
        )

    def close(self) -> None:
        """Close the underlying binary stream.

        Example:
            >>> import io
            >>> LedgerLines(io.BytesIO(b""), name="x").close()
        """
        self._raw.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


_LABEL: Final = {"utf-8": "UTF-8", "cp1258": "Windows-1258"}
# A carriage return not followed by a line feed ends a line (split after it).
_LONE_CR: Final = re.compile(r"(?<=\r)(?!\n)")
_LONE_CR_BYTES: Final = re.compile(rb"\r(?!\n)")
