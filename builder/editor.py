"""The editor's loop: what ``check`` and ``inspect`` tell an editor about who published each source.

``check`` lists the sources without an outlet once, grouped by folder, with a ``site.toml``
snippet to paste (an ``[outlets]`` table whose names are left for the editor to fill in);
``inspect`` says, per file, why its outlet, date, byline and title are what they are — the rule
and the line that decided, or what was looked for and not found. Text only: the CLI prints it.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from .config import SiteConfig
from .identify import Reason
from .models import Source
from .template_outlet import explain_carried
from .terminal import count

NAMES_SHOWN = 5  #: file names listed per folder before "… and K more"
FOLDERS_SHOWN = 20  #: folders listed before "… and K more folders"
SNIPPET_LINES = 15  #: lines of the pasted snippet shown by ``check`` (``check --snippet`` prints all)
_TEXT_SHOWN = 90  #: characters of an evidence line shown by ``inspect``


@dataclass(frozen=True)
class OutletGap:
    """One line of the snippet: a glob (a folder's files, or one file) and the files it names."""

    glob: str
    files: tuple[str, ...]
    title: str = ""  #: a single file's title, shown beside its line: a hashed file name says nothing


def _folder(path: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent


def _glob_literal(text: str) -> str:
    """``text`` as a glob that matches it alone: ``*`` and ``?`` in brackets. A ``[`` cannot be
    bracketed (the glob check refuses a ``[`` inside a class), so it becomes ``?``, which matches
    it and any other one character — close enough for a file name."""
    out = "".join("[" + c + "]" if c in "*?" else "?" if c == "[" else c for c in text)
    # a name like 'C:notes.txt' would read as a Windows absolute path
    return "[" + out[0] + "]" + out[1:] if re.match(r"^[A-Za-z]:", out) else out


def _ancestors(path: str) -> list[str]:
    """The folders holding ``path``, outermost first: ``a/b/x.txt`` → ``a``, ``a/b``."""
    parts = PurePosixPath(path).parts[:-1]
    return ["/".join(parts[: k + 1]) for k in range(len(parts))]


def gaps(unknown: list[str], all_paths: list[str], titles: dict[str, str] | None = None) -> list[OutletGap]:
    """The snippet's lines for the sources without an outlet (paths relative to ``content/``).

    A folder whose files all lack an outlet, its sub-folders' too, is one glob
    (``"example-news/**"``), and one whose own files all do, ``"example-news/*"``; where some
    files of a folder have an outlet, a glob would override theirs (``site.toml`` comes before the
    text's own evidence), so the others are named one by one. Files at the top of ``content/``
    are named by their file name. Folders come first: the first matching glob wins.
    """
    missing = set(unknown)
    known_under: set[str] = set()  # folders holding, at any depth, a file with an outlet
    known_in: set[str] = set()  # folders holding, directly, a file with an outlet
    for path in all_paths:
        if path not in missing:
            known_under.update(_ancestors(path))
            known_in.add(_folder(path))
    groups: dict[str, list[str]] = defaultdict(list)  # glob → its files
    singles: list[str] = []
    for path in sorted(unknown):
        whole = next((f for f in _ancestors(path) if f not in known_under), None)
        if whole is not None:
            groups[_glob_literal(whole) + "/**"].append(path)
        elif _folder(path) and _folder(path) not in known_in:
            groups[_glob_literal(_folder(path)) + "/*"].append(path)
        else:
            singles.append(path)
    folder_lines = [OutletGap(glob, tuple(files), (titles or {}).get(files[0], "") if len(files) == 1 else "")
                    for glob, files in groups.items()]
    folder_lines += [OutletGap(_glob_literal(f), (f,), (titles or {}).get(f, "")) for f in singles if "/" in f]
    file_lines = [OutletGap(_glob_literal(f), (f,), (titles or {}).get(f, "")) for f in singles if "/" not in f]
    return folder_lines + file_lines


def _toml_string(text: str) -> str:
    """A TOML basic string; control and direction characters as ``\\u`` escapes, so the snippet
    pastes exactly and shows safely."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _comment(text: str) -> str:
    """``text`` fit for a TOML comment on one line: no control characters, at most 60 characters."""
    text = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", text).split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def snippet(lines: list[OutletGap], has_outlets_table: bool, limit: int | None = None) -> list[str]:
    """The ``[outlets]`` lines to paste, each name ``""`` for the editor to fill in (an empty
    name is refused by ``site.toml``'s check, so a line left unfilled is caught, not built)."""
    out = [] if has_outlets_table else ["[outlets]"]
    shown = lines if limit is None else lines[:limit]
    for gap in shown:
        note = f"{len(gap.files)} files" if len(gap.files) > 1 else _comment(gap.title)
        out.append(f"{_toml_string(gap.glob)} = \"\"" + (f"  # {note}" if note else ""))
    if len(shown) < len(lines):
        out.append(f"# … and {len(lines) - len(shown)} more lines: 'check --snippet' prints them all")
    return out


def has_outlets_table(config: SiteConfig) -> bool:
    """Whether the site's ``site.toml`` already holds an ``[outlets]`` table (a pasted second
    ``[outlets]`` header would be a TOML error). The file was read and checked by ``load_config``."""
    if config.path is None:
        return False
    try:
        return "outlets" in tomllib.loads(config.path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return bool(config.outlets)


def outlet_snippet(sources: list[Source], config: SiteConfig) -> list[str]:
    """The whole snippet for every source without an outlet (``check --snippet``)."""
    unknown = sorted(s.path for s in sources if s.outlet_from == "unknown")
    return _snippet(sources, unknown, has_outlets_table(config)) if unknown else []


def _snippet(sources: list[Source], unknown: list[str], table: bool, limit: int | None = None) -> list[str]:
    titles = {s.path: s.title for s in sources}
    return snippet(gaps(unknown, list(titles), titles), table, limit)


def _names(files: list[str], folder: str) -> str:
    names = [f[len(folder) + 1:] if folder else f for f in files]
    shown = ", ".join(names[:NAMES_SHOWN])
    return shown + (f" … and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")


def unknown_outlets_report(sources: list[Source], config: SiteConfig, content_label: str) -> list[str]:
    """What ``check`` prints about the sources without an outlet: how many, by folder, and the
    snippet that names them. Empty when every source has an outlet."""
    unknown = sorted(s.path for s in sources if s.outlet_from == "unknown")
    if not unknown:
        return []
    table = has_outlets_table(config)
    by_folder: dict[str, list[str]] = defaultdict(list)
    for path in unknown:
        by_folder[_folder(path)].append(path)
    root = content_label.rstrip("/") + "/"
    out = [f"{len(unknown)} of {len(sources)} sources have no outlet (their text names none):"]
    folders = sorted(by_folder)
    for folder in folders[:FOLDERS_SHOWN]:
        files = by_folder[folder]
        out.append(f"  {root}{folder + '/' if folder else ''} ({count(len(files), 'file')}): {_names(files, folder)}")
    if len(folders) > FOLDERS_SHOWN:
        rest = sum(len(by_folder[f]) for f in folders[FOLDERS_SHOWN:])
        out.append(f"  … and {len(folders) - FOLDERS_SHOWN} more folders ({rest} files)")
    where = "add these lines to the [outlets] table of site.toml" if table else "paste this into site.toml"
    out.append(f"To name them, {where} and fill in each \"\" (delete a line you cannot fill):")
    out.append("")
    out += _snippet(sources, unknown, table, SNIPPET_LINES)
    out.append("")
    out.append("Or give a file 'outlet' in its front matter ('inspect FILE' says what its text gave).")
    if config.outlet_from != "folder" and any(by_folder[f] for f in folders if f):
        out.append(f"If the folders in {root} are named for their outlets, set [identify] outlet_from = \"folder\".")
    return out


# --- inspect: why each field is what it is ----------------------------------------------------


def _short(text: str, focus: str | None = None) -> str:
    """A line cut to :data:`_TEXT_SHOWN` characters, around ``focus`` when the line names it
    (the evidence may stand at the end of a long paragraph)."""
    text = " ".join(text.split())
    if len(text) <= _TEXT_SHOWN:
        return text
    at = text.lower().find(focus.lower()) if focus else -1
    if at <= _TEXT_SHOWN // 2:
        return text[: _TEXT_SHOWN - 3] + "..."
    start = max(0, min(at - 30, len(text) - _TEXT_SHOWN + 3))
    window = text[start: start + _TEXT_SHOWN - 6]
    return "..." + window.strip() + ("..." if start + len(window) < len(text) else "")


FIELDS = ("outlet", "published", "byline", "title")


def _value(source: Source, field: str) -> str | None:
    if field == "outlet":
        return None if source.outlet_from == "unknown" else source.outlet
    return getattr(source, field)


def carry_template(
    explained: list[tuple[Source, dict[str, Reason]]], site: list[Source]
) -> list[tuple[Source, dict[str, Reason]]]:
    """The inspected sources as the build credits them once the rest of the ``site`` is known: an
    unknown one whose template lines name one outlet is that outlet's, with that line as the reason."""
    out = []
    for source, reasons in explained:
        if carried := explain_carried(source, site):
            source, reasons = carried[0], {**reasons, "outlet": carried[1]}
        out.append((source, reasons))
    return out


def reason_lines(source: Source, reasons: dict[str, Reason]) -> list[str]:
    """One line per field — its value and the rule and line that gave it, or why there is none —
    and below the outlet the other evidence its decision weighed."""
    out = []
    for field in FIELDS:
        why = reasons[field]
        value = _value(source, field)
        head = f"{field}: {value if value is not None else ('unknown' if field == 'outlet' else 'none')} — "
        top = why.evidence[0] if why.evidence and why.rule != "none" else None
        rule = why.rule + (f" ({top.domain})" if top and top.domain else "")
        # the outlet's evidence says it all; otherwise the detail adds what was weighed
        detail = f" ({why.detail})" if why.detail and top is None else ""
        if why.rule == "none":
            out.append(head + why.detail)
        elif why.line and " ".join(why.text.split()) == value:  # a title line: no need to say it twice
            out.append(head + f"rule {rule}, line {why.line}" + detail)
        elif why.line:
            focus = (top.name or top.domain) if top else value
            out.append(head + f"rule {rule}, line {why.line}: {_short(why.text, focus)}" + detail)
        else:
            out.append(head + f"{rule}: {_short(why.text)}" + detail)
        for e in why.evidence[0 if top is None else 1:]:
            named = e.name or e.domain or ""
            label = "evidence" if top is None else "also weighed"
            out.append(f"    {label}: {named} — rule {e.rule}, line {e.line}: {_short(e.text, e.name or e.domain)}")
    return out


def reasons_json(source: Source, reasons: dict[str, Reason]) -> dict[str, Any]:
    """The same as :func:`reason_lines`, as data for ``inspect --json``."""
    data: dict[str, Any] = {}
    for field in FIELDS:
        why = reasons[field]
        data[field] = {
            "value": _value(source, field), "rule": why.rule, "line": why.line, "text": why.text, "detail": why.detail,
            "evidence": [{"rule": e.rule, "name": e.name, "domain": e.domain, "line": e.line, "text": e.text}
                         for e in why.evidence],
        }
    data["outlet"]["from"] = source.outlet_from
    return data
