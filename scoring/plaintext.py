"""Text leaving the tool: one cleaning for every cell, CSV field, terminal line and add-in result.

What the tool writes is partly the users' own text (a 未完成指标原因分析 pasted from Word, a unit
name from master data, a file name), and where it goes some characters do harm: XML 1.0 has no
place for most control characters (openpyxl raises ``IllegalCharacterError``, and a patched
sheet holding U+FFFF is no longer well-formed), and a terminal runs escape sequences
(``ESC [2J`` clears the screen). :func:`clean_text` is the one policy, applied where text leaves
(the workbook writers, the summary, the manifest, the command line, the add-in's cells):

* vertical tab and form feed become a line break (Word's manual line break, Shift+Enter, is
  pasted as a vertical tab, stored in .xlsx as ``_x000B_``); CR LF and CR become LF; tab stays;
* ANSI escape sequences (CSI ``ESC [ … m`` or its one-character form U+009B, OSC
  ``ESC ] … BEL``, any other ``ESC`` sequence) go whole, not just their ESC;
* every other C0 control, DEL and every C1 control goes;
* noncharacters (U+FDD0–U+FDEF, and U+FFFE and U+FFFF of every plane) and lone surrogates go; a
  surrogate pair becomes the character it encodes.

:func:`excerpt` shortens the user's text where a message quotes it: a cell shows at most
:data:`CELL_LIMIT` characters, and a 1 MB value must not come back as a 1 MB message.
:class:`PlainStream` applies the cleaning to a text stream (the command line's standard output
and error).
"""

from __future__ import annotations

import re
from typing import Any, TextIO

#: Most characters one Excel cell holds (Excel cuts longer text when it opens a file).
CELL_LIMIT = 32767
#: How much of the user's text a message quotes (:func:`excerpt`).
QUOTE_LIMIT = 50
#: What stands for the rest of a shortened text.
ELLIPSIS = "…"

#: Escape sequences, each removed whole: CSI (``ESC [`` or U+009B, parameters, intermediates,
#: a final byte); the string controls OSC, DCS, SOS, PM and APC (``ESC ]`` …) up to their
#: terminator (BEL or ST, else the end of the line); any other ``ESC`` + intermediates + final
#: byte. A one-character C1 string control goes alone, as every C1 control: no text is lost to
#: a stray byte of another encoding.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")
_SURROGATE_PAIR = re.compile(r"[\ud800-\udbff][\udc00-\udfff]")
#: Controls other than tab and line feed, DEL, C1, noncharacters and lone surrogates.
_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]")


def _pair(match: re.Match[str]) -> str:
    high, low = (ord(ch) for ch in match.group(0))
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def clean_text(value: Any) -> Any:
    """``value`` cleaned for writing when it is text (the module's policy); any other value
    (a number, None) unchanged.

    >>> clean_text("原因\\x0b第二行\\x1b[31m红\\x1b[0m\\ufffe")
    '原因\\n第二行红'
    """
    if not isinstance(value, str):
        return value
    if value.isprintable():
        return value  # the usual case, in one pass: controls, noncharacters, surrogates are not
    text = _ESCAPES.sub("", value)
    text = _LINE_BREAKS.sub("\n", text)
    text = _SURROGATE_PAIR.sub(_pair, text)
    return _REMOVED.sub("", text)


def excerpt(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as text of at most ``limit`` characters: its first ``limit - 1`` and ``…``
    when longer. Messages quote what the user typed this way (``实际完成值“xxxx…”无法识别``)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + ELLIPSIS


class PlainStream:
    """A text stream that writes :func:`clean_text` of everything it is given.

    The command line wraps its standard output and error in one, so text from a workbook
    (``ESC [2J`` in a reason) cannot drive the terminal. A progress bar, which needs its carriage
    returns and holds no user text, writes to :func:`unfiltered` instead.
    """

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        """Write ``text`` cleaned; returns the length of ``text``, as the stream protocol says."""
        self.unfiltered.write(clean_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


def unfiltered(stream: TextIO) -> TextIO:
    """The stream under a :class:`PlainStream` (``stream`` itself when it is none)."""
    return stream.unfiltered if isinstance(stream, PlainStream) else stream
