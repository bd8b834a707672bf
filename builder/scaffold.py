"""``digest new DIR``: the files of a new site, with one example article that steps aside by itself."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .models import Article

SITE_TOML = '''# Site settings. Every key is optional; the values shown are the defaults.
[site]
title = "Source-transparency digest"
description = "Every fact with the outlets that carry it."
# The site's full address, e.g. "https://example.org/digest/": the Atom feed and the sitemap
# need it. A path alone ("/", "/my-repo/") works for the pages, but then the build leaves out
# feed.xml and sitemap.xml, with a note.
base_url = "/"
language = "en"

[paths]
content = "content"
templates = "templates"  # a template here overrides the built-in one of the same name
output = "public"

# Which outlet published each file: a file name or glob (relative to content/) → outlet.
[outlets]
# "reuters-*.txt" = "Reuters"
# "dw/**" = { name = "DW", url = "https://www.dw.com" }

# Force files into one story (otherwise stories are found by their text).
[stories]
# "syria/*.txt" = "syria-offensive"

[clean]
boilerplate = []         # extra regular expressions for clutter lines
attribution = []         # extra regular expressions for attribution lines
disable = []             # names of clean rules to switch off (see `digest inspect`)

[group]
# threshold = 0.5        # probability at which two articles report one event
# max_days = 30          # articles further apart than this are never one story

[align]
# threshold = 0.5        # probability at which two sentences state one fact
# copy_threshold = 0.9   # mean similarity of shared sentences at which a source is a copy
'''

EXAMPLE = '''---
title: Example article
outlet: Example Outlet
published: 2024-12-03
---
This is the example article of a new site. Put the text of news articles copied from web pages
into content/, several outlets' versions of each story, then run `digest build`.

The builder leaves this example out of the site as soon as content/ holds an article of its own,
so there is nothing to clean up; delete this file whenever you like. (Edit it, and it is an
article like any other.)
'''

#: the example is known by its exact bytes, so an edited copy is an article like any other
EXAMPLE_DIGEST = hashlib.sha256(EXAMPLE.encode("utf-8")).hexdigest()


def without_example(articles: list[Article]) -> list[Article]:
    """``articles`` without the untouched example ``new`` wrote, once there is a real article
    beside it: a new site shows the example, a site with content of its own never does."""
    kept = [a for a in articles if a.digest != EXAMPLE_DIGEST]
    return kept if kept else articles

TEMPLATES_README = '''Templates placed here override the built-in ones of the same name:
base.html, index.html, story.html, source.html, 404.html, feed.xml, sitemap.xml.
Files in templates/static/ are copied to the site's static/ folder.
'''


class ScaffoldError(Exception):
    pass


def create_site(directory: Path) -> list[Path]:
    """Create site.toml, content/ and templates/ in ``directory``; never overwrite anything."""
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} exists and is not a folder")
    if (directory / "site.toml").exists():
        raise ScaffoldError(f"{directory} already holds a site (site.toml exists); nothing changed")
    if directory.exists() and any(p for p in directory.iterdir() if not p.name.startswith(".")):
        raise ScaffoldError(f"{directory} is not empty; start a site in an empty or new folder")
    files = {
        directory / "site.toml": SITE_TOML,
        directory / "content" / "example.md": EXAMPLE,
        directory / "templates" / "README.txt": TEMPLATES_README,
        directory / ".gitignore": "public/\n.public.*\n.cache/\n",
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")  # the example is known by its bytes
    return list(files)
