"""Messages to the terminal. Input text (file names, config keys like ``[site]``) is never
parsed as rich markup, so a message always shows exactly what it says; and control characters
in it are shown as escapes, never obeyed by the terminal."""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

#: C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides: in a
#: file's name or text they could recolour the terminal, move the cursor, retitle the window,
#: or make a line read differently from what it holds
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_LINE_FEED = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, line_feeds: bool = True) -> str:
    """``text`` with its control characters written as escapes (ESC → ``\\x1b``); without
    ``line_feeds``, a line feed too, so text from a file stays on its one line."""
    return (_CONTROL if line_feeds else _CONTROL_OR_LINE_FEED).sub(_escape, text)


def json_printable(text: str) -> str:
    """JSON text with the control characters ``json.dumps`` leaves as they are (DEL, C1, the
    bidirectional overrides) as ``\\u`` escapes: the same JSON, safe in a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _say(label: str, style: str, message: object, line_feeds: bool = True) -> None:
    err.print(Text.assemble((label, style), printable(str(message), line_feeds)), soft_wrap=True)


def error(message: object) -> None:
    _say("error: ", "bold red", message)


def warning(message: object) -> None:
    """A warning is one line: a line feed in a file's name must not start a line of its own."""
    _say("warning: ", "yellow", message, line_feeds=False)


def note(message: object) -> None:
    _say("", "", message)


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 story``, ``2 stories``, ``1 conflict``: a number with its noun in the right form."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
