"""Float64 NumPy attention: the reference every value is compared with, and the
values classic mistakes produce (so a failure can name the mistake).

Pure NumPy; shapes follow the exercise's contract (exercises-next.md, `attention`).
"""

from __future__ import annotations

import numpy as np


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Stable softmax in float64; -inf entries get exactly 0 (rows need one finite entry)."""
    z = np.asarray(z, dtype=np.float64)
    top = np.max(z, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.exp(z - top)
    return e / e.sum(axis=axis, keepdims=True)


def attention(q, k, v, mask=None, *, scale: float | None = None, axis: int = -1, mask_after: bool = False):
    """(output, weights): softmax(q kᵀ · scale) over ``axis`` (-1 keys, -2 queries).

    ``scale`` defaults to 1/√d; ``mask_after`` zeroes masked weights after a plain
    softmax without renormalising (a classic mistake)."""
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    if scale is None:
        scale = 1.0 / np.sqrt(q.shape[-1])
    scores = q @ np.swapaxes(k, -1, -2) * scale
    if mask is not None and not mask_after:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=axis)
    if mask is not None and mask_after:
        weights = np.where(mask, weights, 0.0)
    return weights @ v, weights


def causal(length: int, offset: int = 0) -> np.ndarray:
    """(length, length) bool, True where key j <= query i + offset (offset 1 sees one step ahead)."""
    i = np.arange(length)[:, None]
    j = np.arange(length)[None, :]
    return j <= i + offset


def split(x: np.ndarray, heads: int, how: str = "right") -> np.ndarray:
    """(B, T, D) -> (B, H, T, D/H). ``how``: 'right' (reshape then transpose), 'bare' (a bare
    reshape to (B, H, T, dh)), 'interleaved' (head h gets features h, h+H, h+2H, …)."""
    b, t, d = x.shape
    dh = d // heads
    if how == "bare":
        return x.reshape(b, heads, t, dh)
    if how == "interleaved":
        return x.reshape(b, t, dh, heads).transpose(0, 3, 1, 2)
    return x.reshape(b, t, heads, dh).transpose(0, 2, 1, 3)


def merge(x: np.ndarray, how: str = "right") -> np.ndarray:
    """(B, H, T, dh) -> (B, T, H·dh); 'bare' reshapes without the transpose."""
    b, h, t, dh = x.shape
    if how == "bare":
        return x.reshape(b, t, h * dh)
    if how == "interleaved":
        return x.transpose(0, 2, 3, 1).reshape(b, t, h * dh)
    return x.transpose(0, 2, 1, 3).reshape(b, t, h * dh)


def layer(x, weights: dict, heads: int, mask=None, *, scale: str = "head", axis: int = -1,
          split_how: str = "right", merge_how: str = "right", project_out: bool = True) -> np.ndarray:
    """Multi-head self-attention from the layer's own Dense weights (``weights[name] = (kernel, bias)``
    for wq, wk, wv, wo). ``mask`` broadcasts to (B, H, T, T). ``scale``: 'head' (1/√d_head, right),
    'model' (1/√d_model), 'none'."""
    x = np.asarray(x, dtype=np.float64)
    d_model = x.shape[-1]

    def dense(name, a):
        kernel, bias = weights[name]
        return a @ np.asarray(kernel, np.float64) + np.asarray(bias, np.float64)

    q, k, v = (split(dense(n, x), heads, split_how) for n in ("wq", "wk", "wv"))
    factor = {"head": 1.0 / np.sqrt(d_model // heads), "model": 1.0 / np.sqrt(d_model), "none": 1.0}[scale]
    out, _ = attention(q, k, v, mask, scale=factor, axis=axis)
    merged = merge(out, merge_how)
    return dense("wo", merged) if project_out else merged
