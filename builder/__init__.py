"""A source-transparency digest: merge outlets' versions of a news story into one static page."""

import os

# Stages fork worker processes; a BLAS thread pool started before a fork can hang the child.
# Our matrices are small, so one BLAS thread loses nothing.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
