"""The build's use of both cores: stages spread over forked workers, the collector paused."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Callable, Iterator

#: below this many items a stage runs in this process: forking costs more than it saves
PARALLEL_MIN_ITEMS = 48
_TASK: Callable[[int], object] | None = None  # the work of the current parallel stage


def _run_indexed(i: int) -> tuple[int, object]:
    assert _TASK is not None
    return i, _TASK(i)


def parallel_map(
    fn: Callable[[int], object], n: int, workers: int, advanced: Callable[[int], None] | None = None
) -> Iterator[object]:
    """``fn(i) for i in range(n)``, in order, spread over forked worker processes when it pays.

    The workers are forked after the stage's inputs are in memory, so they inherit them for
    free; only the results travel back, as they come (a consumer can write each one and let it
    go). ``fn`` must not raise: it returns what went wrong. ``advanced(done)`` is called as
    each result is ready — in whatever order the workers finish, so a progress bar moves while
    one long item holds up the in-order results behind it.
    """
    global _TASK
    if workers < 2 or n < PARALLEL_MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        for i in range(n):
            result = fn(i)
            if advanced is not None:
                advanced(i + 1)
            yield result
        return
    _TASK = fn
    try:
        # gc.disable: see collector_paused; a worker lives for one stage, so it is the same
        with multiprocessing.get_context("fork").Pool(workers, initializer=gc.disable) as pool:
            chunksize = max(1, min(64, n // (workers * 8)))
            # unordered, put back in order here: Pool.imap holds early results the same way
            # (so memory is the same), but this way each result counts as it arrives
            waiting: dict[int, object] = {}
            following = 0
            for done, (i, result) in enumerate(pool.imap_unordered(_run_indexed, range(n), chunksize=chunksize), 1):
                if advanced is not None:
                    advanced(done)
                waiting[i] = result
                while following in waiting:
                    yield waiting.pop(following)
                    following += 1
    finally:
        _TASK = None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector for the duration of a build.

    A build allocates millions of short-lived containers (word sets, tuples, feature lists)
    and each few hundred set off a collection pass; on a 10,000-article site those passes
    took about a fifth of the align stage's CPU. The pipeline makes next to no reference
    cycles (peak memory of a 10,000-article build measured the same with the collector off),
    and what little there is gets collected once the collector runs again after the build.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def stage_counter(
    progress: Callable[[str, int, int | None], None], stage: str, total: int, done: int = 0
) -> Callable[[int], None]:
    """Announce ``stage`` to ``progress`` (``done`` of its ``total`` items already known, from a
    cache) and give the ``advanced`` callback of :func:`parallel_map` that counts the rest."""
    progress(stage, done, total)
    return lambda k: progress(stage, done + k, total)
