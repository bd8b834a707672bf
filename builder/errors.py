"""The error a build reports: shared by the pipeline (:mod:`.build`) and the writer (:mod:`.writer`)."""

from __future__ import annotations


class BuildError(Exception):
    """The build could not produce a site; the previous output is untouched."""

    def __init__(self, message: str, warnings: list[str] | None = None) -> None:
        super().__init__(message)
        self.warnings = warnings or []
