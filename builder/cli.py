"""The command line: ``python -m builder build | check | new | inspect | watch | serve``.

Exit codes: 0 done, 1 the build (or check) failed, 2 a usage or configuration error.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

import click
from rich.text import Text

from .config import ConfigError, SiteConfig, load_config, normalise_base_url
from .terminal import StageProgress, count, err, error, json_printable, note, notice, out, printable, warning
from .validate import base_url_problem

EXIT_FAILED = 1
EXIT_USAGE = 2


def _load(config_path: str | None, **overrides: Any) -> SiteConfig:
    try:
        config = load_config(Path.cwd(), config_path)
    except ConfigError as exc:
        error(exc)
        sys.exit(EXIT_USAGE)
    if overrides.get("content"):
        config.content_dir = Path(overrides["content"]).resolve()
    if overrides.get("output"):
        config.output_dir = Path(os.path.abspath(overrides["output"]))  # a link is refused, not followed
    if overrides.get("base_url"):
        if problem := base_url_problem(overrides["base_url"]):
            error(f"--base-url: {problem}")
            sys.exit(EXIT_USAGE)
        config.base_url = normalise_base_url(overrides["base_url"])
    return config


def _warn(messages: list[str]) -> None:
    for message in messages:
        warning(message)


config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None, help="site.toml to use (default: ./site.toml)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="digest-builder")
def main() -> None:
    """Build a source-transparency digest: every fact with the outlets that carry it."""


@main.command()
@config_option
@click.option("--content", type=click.Path(file_okay=False), help="Content folder (overrides site.toml).")
@click.option("--output", type=click.Path(file_okay=False), help="Output folder (overrides site.toml).")
@click.option("--base-url", help="Base URL for this build only, e.g. /my-repo/ for a sub-path host.")
@click.option("--strict", is_flag=True, help="Treat warnings as failure (the old output stays).")
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index.")
@click.option("--no-cache", is_flag=True, help="Ignore and do not write the build cache (.cache/).")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
def build(
    config_path: str | None, content: str | None, output: str | None, base_url: str | None, strict: bool, no_search: bool,
    no_cache: bool, quiet: bool,
) -> None:
    """Build the site into the output folder."""
    from .build import BuildError, build_site
    from .output import OutputFolderError

    config = _load(config_path, content=content, output=output, base_url=base_url)
    with StageProgress(err, quiet=quiet) as progress:
        try:
            cache = None if no_cache else config.root / ".cache" / "build.pickle"
            result = build_site(
                config, progress, strict=strict, search=not no_search, cache_file=cache, workers=os.cpu_count() or 1
            )
        except OutputFolderError as exc:
            progress.stop()
            error(exc)
            sys.exit(EXIT_USAGE)
        except BuildError as exc:
            progress.stop()
            _warn(exc.warnings)
            error(exc)
            note("The previous output was left as it was.")
            sys.exit(EXIT_FAILED)
    _warn(result.warnings)
    for line in result.notes:
        notice(line)
    if not quiet:
        rel_out = _display_path(result.output)
        written = f"Wrote {count(result.pages, 'file')} to {rel_out}/"
        if result.indexed:  # say so: it may be all this build did (an index serve had removed)
            written = f"Wrote {count(result.pages, 'file')} and the search index to {rel_out}/"
            if not result.pages:
                written = f"Wrote the search index to {rel_out}/ (no page changed)"
        elif not result.pages:
            written = f"Nothing to write: {rel_out}/ is up to date"
        out.print(
            f"Read {result.articles} of {count(result.files, 'file')} → {count(result.stories, 'story', 'stories')}, "
            f"{count(result.facts, 'fact')}, {count(result.conflicts, 'conflict')}.\n"
            f"{written} in {result.seconds:.2f} s "
            f"({', '.join(f'{k} {v:.2f}' for k, v in result.timings.items())}); "
            f"{count(len(result.warnings), 'warning')}.",
            soft_wrap=True,
        )


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@main.command()
@config_option
@click.option("--content", type=click.Path(file_okay=False), help="Content folder (overrides site.toml).")
@click.option("--snippet", is_flag=True, help="Print only the whole [outlets] snippet naming the sources without an outlet.")
def check(config_path: str | None, content: str | None, snippet: bool) -> None:
    """Validate site.toml and every content file without writing anything."""
    from .build import SiteBuilder
    from .config import glob_matches
    from .editor import outlet_snippet, unknown_outlets_report
    from .render import site_notes

    config = _load(config_path, content=content)
    if not config.content_dir.is_dir():
        error(f"content folder {config.content_dir} does not exist")
        sys.exit(EXIT_FAILED)
    builder = SiteBuilder(config)
    articles, found, warnings = builder.read_articles()
    sources, clean_warnings = builder.make_sources(articles)
    warnings += clean_warnings
    for rule in config.outlets:
        if not any(glob_matches(rule.pattern, a.path) for a in articles):
            warnings.append(f"site.toml: [outlets] {rule.pattern!r} matches no content file")
    if snippet:  # for pasting: the snippet alone on stdout, problems on stderr as ever
        for line in outlet_snippet(sources, config):
            out.print(printable(line, line_feeds=False), markup=False, soft_wrap=True)
        _warn(warnings)
        sys.exit(EXIT_FAILED if warnings else 0)
    _warn(warnings)
    for line in site_notes(config):  # a site.toml setting that keeps files out of the site
        notice(line)
    unknown = [s.path for s in sources if s.outlet_from == "unknown"]
    for line in unknown_outlets_report(sources, config, _display_path(config.content_dir)):
        out.print(printable(line, line_feeds=False), markup=False, soft_wrap=True)
    out.print(
        f"Checked {count(found, 'file')}: {len(articles)} readable, {len(unknown)} without a known outlet, "
        f"{count(len(warnings), 'problem')}."
    )
    sys.exit(EXIT_FAILED if warnings else 0)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
def new(directory: str) -> None:
    """Start a new site in DIRECTORY (site.toml, content/, templates/)."""
    from .scaffold import ScaffoldError, create_site

    try:
        created = create_site(Path(directory))
    except ScaffoldError as exc:
        error(exc)
        sys.exit(EXIT_USAGE)
    for path in created:
        out.print(f"created {path}")
    out.print(f"Next: cd {shlex.quote(directory)} && {_digest_command()} build")


def _digest_command() -> str:
    """The command that runs this builder from any folder: ``digest`` when that is this one on
    the PATH (an activated virtualenv), else the full path of this installation's ``digest``."""
    script = Path(sys.executable).parent / "digest"
    on_path = shutil.which("digest")
    if on_path and script.is_file() and os.path.samefile(on_path, script):
        return "digest"
    if script.is_file():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m builder"


@main.command()
@config_option
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def inspect(config_path: str | None, paths: tuple[str, ...], as_json: bool) -> None:
    """Show each line's role and the rule that decided it, and why each file's outlet, date,
    byline and title are what they are, for PATHS (files or folders)."""
    from .build import SiteBuilder
    from .clean import clean, corpus_profile, inspect_records
    from .editor import carry_template, reason_lines, reasons_json
    from .identify import identify_explained
    from .read import ReadError, assign_ids, discover, read_file

    config = _load(config_path)
    targets: list[tuple[str, Path, Path]] = []  # (shown path, file, its base folder)
    problems: list[str] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found, warnings = discover(p)
            problems += warnings
            targets += [(str(f), f, p) for f in found]
        elif p.exists():
            targets.append((given, p, p.parent))
        else:
            problems.append(f"{given}: no such file")
    ids = assign_ids(str(t[1]) for t in targets)
    articles = []
    for shown, given_path, base in targets:
        path = Path(os.path.abspath(given_path))
        if path.is_relative_to(config.content_dir):  # its path as the build sees it: [outlets] globs, folders
            base = config.content_dir
        try:
            articles.append((shown, read_file(path, base, ids[str(given_path)])))
        except ReadError as exc:
            problems.append(f"{shown}: {exc.problem}")
        except Exception as exc:  # noqa: BLE001 — as the build: one bad file is a warning
            problems.append(f"{shown}: could not be read ({type(exc).__name__}: {exc})")
    # Recurrence across files is evidence of clutter: profile the site's content as well, so
    # inspect shows the roles the build gives.
    site_articles = []
    if config.content_dir.is_dir():
        inspected = {path.resolve() for _, path, _ in targets}
        site_articles = [
            a for a in SiteBuilder(config).read_articles()[0] if (config.content_dir / a.path).resolve() not in inspected
        ]
    profile = corpus_profile([a for _, a in articles] + site_articles)
    cleaned = [clean(article, config.clean, profile) for _, article in articles]
    explained = [identify_explained(c, config) for c in cleaned]
    if site_articles and any(source.outlet_from == "unknown" for source, _ in explained):
        # the rest of the site may name an unknown file's outlet by its template, as in the build
        explained = carry_template(explained, SiteBuilder(config).make_sources(site_articles)[0])
    files = [
        {"path": shown, "identify": reasons_json(*why), "lines": inspect_records(c), "why": reason_lines(*why)}
        for (shown, _), c, why in zip(articles, cleaned, explained, strict=True)
    ]
    _warn(problems)
    if as_json:
        shown_files = [{k: v for k, v in f.items() if k != "why"} for f in files]
        click.echo(json_printable(json.dumps({"files": shown_files}, ensure_ascii=False, indent=1)))
    else:
        # a file's name and lines are shown, never obeyed: control characters as escapes
        for f in files:
            out.print(Text(printable(f["path"], line_feeds=False), style="bold"))
            for line in f["why"]:
                out.print("  " + printable(line, line_feeds=False), markup=False, soft_wrap=True)
            for rec in f["lines"]:
                text = rec["text"] if len(rec["text"]) <= 90 else rec["text"][:87] + "..."
                text = printable(text, line_feeds=False)
                out.print(f"{rec['line']:>5}  {rec['role']:<11} {rec['rule']:<24} {text}", markup=False, soft_wrap=True)
    if problems and not files:
        sys.exit(EXIT_FAILED)


@main.command()
@config_option
@click.option("--poll", is_flag=True, help="Poll for changes instead of native file events (network mounts, containers).")
def watch(config_path: str | None, poll: bool) -> None:
    """Build, then rebuild whenever content, templates or site.toml change."""
    from .watch import run_watch

    _exit_now(run_watch(Path.cwd(), config_path, poll=poll))


@main.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--poll", is_flag=True, help="Poll for changes instead of native file events.")
def serve(config_path: str | None, host: str, port: int, poll: bool) -> None:
    """Watch and serve the site with live reload on http://HOST:PORT/."""
    from .serve import run_serve

    _exit_now(run_serve(Path.cwd(), config_path, host=host, port=port, poll=poll))


def _exit_now(code: int) -> None:
    """Leave at once after Ctrl-C: everything is stopped and written, and tearing down a large
    site's objects one by one would keep the editor waiting for seconds."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
