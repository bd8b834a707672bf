"""A source-transparency digest: merge outlets' versions of a news story into one static page."""

__version__ = "0.1.0"
