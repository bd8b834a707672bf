"""The logistic regression every benchmark fits (pair decisions, same-event decisions): Newton's
method (IRLS) with a ridge penalty on the weights, the intercept unpenalised. Weights are returned
intercept first, as the builder's modules keep them."""

from __future__ import annotations

import numpy as np


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 30) -> np.ndarray:
    """Weights (intercept first) of a logistic regression of ``y`` (0/1) on the columns of ``X``."""
    X1 = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(X1.shape[1])
    penalty = l2 * np.eye(len(w))
    penalty[0, 0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(X1 @ w, -30, 30)))
        H = X1.T @ (X1 * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(H, X1.T @ (p - y) + penalty @ w)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def predict(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    """The probabilities the weights ``w`` (intercept first) give the rows of ``X``."""
    return 1 / (1 + np.exp(-np.clip(w[0] + X @ w[1:], -30, 30)))
