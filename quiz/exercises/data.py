"""Exercise data: a seeded synthetic digit set, or a local MNIST-format ``.npz``.

NumPy only (no TensorFlow): the TUI may draw ``real_samples`` from it, and the
checker child uses it as its training data. Nothing is ever downloaded.

How the synthetic digits are made: each digit 0-9 is a stroke template
(polylines and elliptical arcs in a unit box). For every template a distance
field (distance from each point of a fine grid to the nearest stroke) is
computed once. An image is then a random affine view of that field (rotation,
shear, per-axis scale, shift) sampled bilinearly at the 28×28 pixel centres;
ink = a soft threshold of the distance at a random stroke width; plus Gaussian
pixel noise. Thousands of images take tens of milliseconds.
"""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

import numpy as np

from quiz.atomic import write_atomic

SIZE = 28
_FIELD = 64  # resolution of the precomputed distance fields
_VERSION = "digits-v1"  # part of the baseline cache key: bump when the generator changes


class DataError(ValueError):
    """A data file that cannot be used, with the reason."""


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 24) -> np.ndarray:
    """Points on an elliptical arc; angles in degrees, 0 = right, 90 = down (image y grows down)."""
    t = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)


def _line(*points: tuple[float, float]) -> np.ndarray:
    return np.asarray(points, dtype=np.float64)


# Each glyph is a list of polylines in a unit box (x right, y down).
_GLYPHS: dict[int, list[np.ndarray]] = {
    0: [_arc(0.5, 0.5, 0.2, 0.31, 0, 360, 40)],
    1: [_line((0.38, 0.3), (0.53, 0.18), (0.53, 0.82))],
    2: [
        np.concatenate([_arc(0.5, 0.36, 0.19, 0.17, 200, 380, 20), _line((0.66, 0.46), (0.3, 0.82), (0.72, 0.82))]),
    ],
    3: [_arc(0.48, 0.34, 0.18, 0.16, 210, 450, 20), _arc(0.48, 0.66, 0.2, 0.17, 270, 510, 20)],
    4: [_line((0.62, 0.82), (0.62, 0.18), (0.28, 0.62), (0.76, 0.62))],
    5: [
        np.concatenate([_line((0.7, 0.18), (0.36, 0.18), (0.33, 0.48)), _arc(0.49, 0.63, 0.2, 0.19, 235, 500, 22)]),
    ],
    6: [
        np.concatenate([_arc(0.6, 0.52, 0.26, 0.36, 250, 180, 14), _arc(0.5, 0.66, 0.17, 0.16, 180, 540, 30)]),
    ],
    7: [_line((0.28, 0.18), (0.72, 0.18), (0.44, 0.82))],
    8: [_arc(0.5, 0.33, 0.15, 0.15, 0, 360, 30), _arc(0.5, 0.66, 0.19, 0.17, 0, 360, 30)],
    9: [
        np.concatenate([_arc(0.5, 0.36, 0.18, 0.17, 0, 360, 30), _line((0.68, 0.36), (0.62, 0.82))]),
    ],
}


def _segment_distance(points: np.ndarray, polyline: np.ndarray) -> np.ndarray:
    """Distance from each point (P, 2) to the polyline (K, 2)."""
    a, b = polyline[:-1], polyline[1:]
    ab = b - a  # (S, 2)
    ap = points[:, None, :] - a[None, :, :]  # (P, S, 2)
    denom = np.maximum((ab * ab).sum(-1), 1e-12)
    t = np.clip((ap * ab[None]).sum(-1) / denom, 0.0, 1.0)
    closest = a[None] + t[..., None] * ab[None]
    return np.sqrt(((points[:, None, :] - closest) ** 2).sum(-1)).min(axis=1)


@functools.cache
def _distance_fields() -> np.ndarray:
    """(10, F, F) distance to the nearest stroke, on a grid covering [-0.25, 1.25]²."""
    coords = np.linspace(-0.25, 1.25, _FIELD)
    gx, gy = np.meshgrid(coords, coords)
    points = np.stack([gx.ravel(), gy.ravel()], axis=1)
    fields = []
    for digit in range(10):
        d = np.min([_segment_distance(points, poly) for poly in _GLYPHS[digit]], axis=0)
        fields.append(d.reshape(_FIELD, _FIELD))
    return np.stack(fields).astype(np.float32)


def _bilinear(fields: np.ndarray, which: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Sample fields[which[i]] at unit-box coordinates (u, v) of shape (n, P); outside → far."""
    scale = np.float32((_FIELD - 1) / 1.5)
    fx = (u + np.float32(0.25)) * scale
    fy = (v + np.float32(0.25)) * scale
    outside = (fx < 0) | (fy < 0) | (fx > _FIELD - 1) | (fy > _FIELD - 1)
    np.clip(fx, 0, _FIELD - 1.001, out=fx)
    np.clip(fy, 0, _FIELD - 1.001, out=fy)
    x0 = fx.astype(np.int32)
    y0 = fy.astype(np.int32)
    wx = fx - x0.astype(np.float32)  # (int32 arithmetic would promote to float64)
    wy = fy - y0.astype(np.float32)
    # One flat gather per corner is much faster than 3-D fancy indexing.
    flat = fields.ravel()
    base = (which.astype(np.int32) * (_FIELD * _FIELD))[:, None] + y0 * _FIELD + x0
    top = flat[base] * (1 - wx) + flat[base + 1] * wx
    bottom = flat[base + _FIELD] * (1 - wx) + flat[base + _FIELD + 1] * wx
    d = top * (1 - wy) + bottom * wy
    d[outside] = 1.0
    return d


def load_digits(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` synthetic digits: images float32 (n, 28, 28, 1) in [0, 1], labels int64 (n,).

    The same ``(n, seed)`` always gives the same arrays.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=n)
    angle = np.radians(rng.uniform(-12, 12, n))
    shear = rng.uniform(-0.18, 0.18, n)
    scale_x = rng.uniform(0.8, 1.12, n)
    scale_y = scale_x * rng.uniform(0.9, 1.1, n)
    shift = rng.uniform(-2.5, 2.5, (n, 2)) / SIZE
    width = rng.uniform(0.032, 0.07, n)  # half stroke width, in template units
    noise = rng.uniform(0.0, 0.08, n)
    # Per-image parameters as float32 columns: the (n, 784) arithmetic stays float32.
    angle, shear, scale_x, scale_y, width, noise = (
        a.astype(np.float32)[:, None] for a in (angle, shear, scale_x, scale_y, width, noise)
    )
    shift = shift.astype(np.float32)

    # Pixel centres in unit coordinates, then the inverse of each image's affine map
    # (about the centre) takes them into template coordinates.
    c = (np.arange(SIZE) + 0.5) / SIZE - 0.5
    px, py = np.meshgrid(c, c)
    px = px.ravel()[None, :].astype(np.float32)  # (1, 784)
    py = py.ravel()[None, :].astype(np.float32)
    px = px - shift[:, :1]
    py = py - shift[:, 1:]
    cos, sin = np.cos(angle), np.sin(angle)
    rx = cos * px + sin * py
    ry = cos * py - sin * px
    rx -= shear * ry
    u = rx / scale_x + np.float32(0.5)
    v = ry / scale_y + np.float32(0.5)

    d = _bilinear(_distance_fields(), labels, u, v)
    # Soft edge about half a pixel wide (1/28 ≈ 0.036 template units).
    ink = np.clip((width - d) * np.float32(1 / 0.036) + np.float32(0.5), 0.0, 1.0)
    ink += rng.standard_normal(ink.shape, dtype=np.float32) * noise
    images = np.clip(ink, 0.0, 1.0, out=ink).reshape(n, SIZE, SIZE, 1)
    return images, labels.astype(np.int64)


def cached_digits(n: int, seed: int, folder: Path) -> np.ndarray:
    """The images of :func:`load_digits` ``(n, seed)``, kept in ``folder`` after the first call.

    Generating 2,304 digits costs ~0.4 s of every check run; reading them back ~10 ms.
    The file name hashes this module's source, so a changed generator is never read
    from an old file. An unreadable or unwritable cache only costs the generation time.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes() + f"\n{n}:{seed}".encode()).hexdigest()[:16]
    path = Path(folder) / f"digits-{digest}.npy"
    try:
        images = np.load(path, allow_pickle=False)
        if images.shape == (n, SIZE, SIZE, 1) and images.dtype == np.float32:
            return images
    except (OSError, ValueError):
        pass
    images, _ = load_digits(n, seed)
    buffer = io.BytesIO()
    np.save(buffer, images, allow_pickle=False)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError:
        pass
    return images


def load_npz(path: Path | str) -> tuple[np.ndarray, np.ndarray]:
    """Images float32 (n, 28, 28, 1) in [0, 1] and labels from an MNIST-format ``.npz``.

    Accepts Keras's ``mnist.npz`` (``x_train``/``y_train``, also ``x_test``/``y_test``,
    concatenated) or plain ``x``/``y`` arrays; uint8 0-255 or floats in [0, 1].
    Raises :class:`DataError` with the reason when the file does not fit.
    """
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: not a readable .npz file ({exc})") from None
    if "x_train" in arrays:
        xs = [arrays["x_train"]] + ([arrays["x_test"]] if "x_test" in arrays else [])
        ys = [arrays.get("y_train")] + ([arrays.get("y_test")] if "x_test" in arrays else [])
    elif "x" in arrays:
        xs, ys = [arrays["x"]], [arrays.get("y")]
    else:
        raise DataError(f"{path}: expected arrays x_train (and y_train) or x (and y), found {sorted(arrays) or 'none'}")
    x = np.concatenate(xs)
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 3 or x.shape[1:] != (SIZE, SIZE):
        raise DataError(f"{path}: images must be (n, 28, 28) or (n, 28, 28, 1), got {x.shape}")
    if len(x) == 0:
        raise DataError(f"{path}: no images")
    if np.issubdtype(x.dtype, np.integer):
        x = x.astype(np.float32) / 255.0
    else:
        x = x.astype(np.float32)
        if not np.isfinite(x).all() or x.min() < 0 or x.max() > (255.0 if x.max() > 1.0 else 1.0):
            raise DataError(f"{path}: pixel values must be finite, in [0, 1] or [0, 255]")
        if x.max() > 1.0:
            x = x / 255.0
    y = np.concatenate(ys).astype(np.int64) if all(v is not None for v in ys) else np.full(len(x), -1, np.int64)
    if len(y) != len(x):
        raise DataError(f"{path}: {len(x)} images but {len(y)} labels")
    return x[..., None], y


def ascii_art(image: np.ndarray) -> str:
    """A 28×28 image in [0, 1] as text (for eyeballing the glyphs and for debugging)."""
    ramp = " .:-=+*#%@"
    img = np.asarray(image, dtype=np.float64).reshape(SIZE, SIZE)
    idx = np.clip((img * (len(ramp) - 1)).round().astype(int), 0, len(ramp) - 1)
    return "\n".join("".join(ramp[i] * 2 for i in row) for row in idx)
