"""Messages to the terminal. Input text (file names, config keys like ``[site]``) is never
parsed as rich markup, so a message always shows exactly what it says."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _say(label: str, style: str, message: object) -> None:
    err.print(Text.assemble((label, style), str(message)), soft_wrap=True)


def error(message: object) -> None:
    _say("error: ", "bold red", message)


def warning(message: object) -> None:
    _say("warning: ", "yellow", message)


def note(message: object) -> None:
    _say("", "", message)
