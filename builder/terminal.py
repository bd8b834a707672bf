"""Messages to the terminal. Input text (file names, config keys like ``[site]``) is never
parsed as rich markup, so a message always shows exactly what it says; and control characters
in it are shown as escapes, never obeyed by the terminal."""

from __future__ import annotations

import re
import time
from typing import Any

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


def notice(message: object) -> None:
    """Something the user may want to change, not a problem: it fails no command."""
    _say("note: ", "cyan", message, line_feeds=False)


def note(message: object) -> None:
    _say("", "", message)


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 story``, ``2 stories``, ``1 conflict``: a number with its noun in the right form."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


class StageProgress:
    """``progress(stage, done, total)`` for a build, as the reader of its output needs it.

    On a terminal each stage gets a bar that moves as items finish (a stage of unknown size,
    ``total`` None, a pulsing one) with its elapsed time, which keeps counting while one long
    item holds the stage up. Elsewhere (a CI log, a pipe) each stage prints one line with its
    count and time when it ends, so a long build is never silent and a log shows where time
    went. A stage ends when its count reaches its total, when the next stage starts, or when
    the build does (:meth:`stop`).
    """

    def __init__(self, console: Console = err, quiet: bool = False) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = console
        self.quiet = quiet
        self.live = console.is_terminal and not console.is_dumb_terminal and not quiet
        self.bar = Progress(
            TextColumn("{task.description:>6}"), BarColumn(), TextColumn("{task.fields[count]}"), TimeElapsedColumn(),
            console=console, transient=True, disable=not self.live,
        )
        self.tasks: dict[str, Any] = {}
        self.started: dict[str, float] = {}
        self.current: str | None = None
        self.ended: set[str] = set()
        self.counts: dict[str, tuple[int, int | None]] = {}

    def __enter__(self) -> StageProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage in self.ended:
            return
        if stage != self.current:
            if self.current is not None:
                self._end(self.current)
            self.current = stage
            self.started[stage] = time.perf_counter()
            self.tasks[stage] = self.bar.add_task(stage, total=total, count="")
        self.counts[stage] = (done, total)
        count = f"{done}/{total}" if total is not None else ""
        self.bar.update(self.tasks[stage], completed=done, total=total, count=count)
        if total is not None and done >= total:
            self._end(stage)

    def _end(self, stage: str) -> None:
        done, total = self.counts[stage]
        if total is None:
            self.bar.update(self.tasks[stage], total=1, completed=1)  # stops its clock
        self.ended.add(stage)
        if self.current == stage:
            self.current = None
        if not self.live and not self.quiet:
            seconds = time.perf_counter() - self.started[stage]
            figures = f"{done}/{total}  " if total is not None else ""
            self.console.print(f"{stage:<7}{figures}{seconds:.2f} s", markup=False, highlight=False, soft_wrap=True)
            self.console.file.flush()

    def stop(self) -> None:
        """End the stage in progress and take the bars away (before the summary or an error)."""
        if self.current is not None:
            self._end(self.current)
        self.bar.stop()
