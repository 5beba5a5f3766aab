"""Float64 NumPy references, tolerances, conversions, and naming known mistakes.

The loss checks compare the submission with these references, computed
independently in float64, on fixed inputs. When a value is wrong, :func:`diagnose`
compares it with the values the classic mistakes produce on the same inputs, so
the message can say "labels swapped" instead of "wrong value".
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np

from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.messages import M

# Keras clips probabilities to [EPSILON, 1 - EPSILON] in its probability losses.
EPSILON = 1e-7

# Closed forms (logits 0, ±20): guide says ±1e-5; float32 BCE at logit 0 is off by ~3e-8.
CLOSED_FORM_ATOL = 1e-5
# Seeded random fixtures vs float64: guide says relative 1e-5. Measured for the
# reference: GAN losses 6e-8, KL 4e-8, reconstruction 5e-8 (float32 sums).
FIXTURE_RTOL = 1e-5
FIXTURE_ATOL = 1e-6
# A value "matches" a known mistake when within this relative distance of it.
DIAGNOSE_RTOL = 1e-3


def to_numpy(value: Any, what: str) -> np.ndarray:
    """A tensor-like result as a float64 array; a clear failure for anything else."""
    if value is None:
        raise CheckFailed(M("sampling.draw.returned_none", "{what} returned None", what=what), expected="a tensor", actual="None", hint=M("lib.numeric.to_numpy.return_value", "Return the value."))
    if isinstance(value, (dict, str, bytes)) or callable(value):
        raise CheckFailed(M("lib.numeric.to_numpy.returned_expected_tensor", "{what} returned a {name}, expected a tensor", what=what, name=type(value).__name__), actual=repr(value)[:80])
    try:
        if hasattr(value, "numpy"):
            value = value.numpy()
        array = np.asarray(value)
    except Exception as exc:  # noqa: BLE001 - symbolic tensors and oddities
        raise CheckFailed(M("lib.numeric.to_numpy.returned_something_that", "{what} returned something that is not a tensor ({name}: {exc})", what=what, name=type(value).__name__, exc=exc)) from None
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise CheckFailed(M("lib.numeric.to_numpy.returned_data_expected", "{what} returned {dtype} data, expected floats", what=what, dtype=array.dtype), actual=repr(value)[:80])
    return array.astype(np.float64)


def dtype_name(value: Any) -> str:
    dtype = getattr(value, "dtype", None)
    name = getattr(dtype, "name", None) or str(dtype)
    return name.replace("tf.", "").replace("<dtype: '", "").replace("'>", "")


def scalar(value: Any, what: str) -> float:
    """A scalar result (shape () or a single element) as a float."""
    array = to_numpy(value, what)
    if array.size != 1:
        raise CheckFailed(
            M("lib.numeric.scalar.returned_shape_expected", "{what} returned shape {tuple_array_shape}, expected a scalar", what=what, tuple_array_shape=tuple(array.shape)),
            expected=M("lib.numeric.scalar.scalar_shape", "a scalar (shape ())"),
            actual=M("lib.numeric.scalar.shape", "shape {tuple_array_shape}", tuple_array_shape=tuple(array.shape)),
            hint=M("lib.numeric.scalar.average_over_batch", (
                     "Average over the batch (keras.ops.mean): Keras's functional losses return one value per "
                     "example."
                   )),
        )
    return float(array.reshape(()))


def require_finite(array: np.ndarray | float, what: str) -> None:
    array = np.asarray(array)
    if not np.all(np.isfinite(array)):
        kind = "NaN" if np.isnan(array).any() else "Inf"
        raise CheckFailed(
            M("lib.numeric.require_finite.what_kind", "{what} is {kind}", what=what, kind=kind) if array.size == 1 else M("lib.numeric.require_finite.contains", "{what} contains {kind}", what=what, kind=kind),
            expected=M("attention.masking.finite_values", "finite values"),
            actual=kind,
            hint=M("lib.numeric.require_finite.look_log_division", "Look for log(0), division by zero or exp overflow; losses from logits are stabler."),
        )


def close(actual: np.ndarray | float, expected: np.ndarray | float, rtol: float, atol: float) -> bool:
    return bool(np.all(np.abs(np.asarray(actual) - np.asarray(expected)) <= atol + rtol * np.abs(expected)))


def diagnose(actual: np.ndarray | float, candidates: Iterable[tuple[str, Any]]) -> str | None:
    """The explanation of the first known mistake whose value ``actual`` matches."""
    actual = np.asarray(actual, dtype=np.float64)
    for explanation, value in candidates:
        value = np.asarray(value, dtype=np.float64)
        if value.shape != actual.shape and value.size != actual.size:
            continue
        if np.all(np.isfinite(value)) and close(actual.reshape(value.shape), value, DIAGNOSE_RTOL, 1e-6):
            return explanation
    return None


def fmt(value: float | np.ndarray) -> str:
    array = np.asarray(value, dtype=np.float64)
    if array.size == 1:
        return f"{float(array.reshape(())):.6g}"
    flat = ", ".join(f"{v:.4g}" for v in array.ravel()[:4])
    return M("lib.numeric.fmt.shape", "[{flat}{if_array_size_4_else}] shape {tuple_array_shape}", flat=flat, if_array_size_4_else=', …' if array.size > 4 else '', tuple_array_shape=tuple(array.shape))


# ---------------------------------------------------------------- references (float64)

def softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, np.asarray(x, dtype=np.float64))


def sigmoid(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -x))


def bce_logits(labels: np.ndarray | float, logits: np.ndarray) -> np.ndarray:
    """Elementwise BCE from logits: softplus(l) - y·l (stable)."""
    logits = np.asarray(logits, dtype=np.float64)
    return softplus(logits) - np.asarray(labels, dtype=np.float64) * logits


def bce_probs(labels: np.ndarray | float, probs: np.ndarray) -> np.ndarray:
    """Elementwise BCE on probabilities, clipped the way Keras clips them (in float32:
    1 - 1e-7 rounds to 0.99999988, so a clipped log(1 - p) is -15.94, not -16.12)."""
    p = np.clip(np.asarray(probs, dtype=np.float32), np.float32(EPSILON), np.float32(1.0 - EPSILON)).astype(np.float64)
    y = np.asarray(labels, dtype=np.float64)
    return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def gaussian_kl(z_mean: np.ndarray, z_log_var: np.ndarray) -> np.ndarray:
    """(batch,) KL(N(mu, exp(logvar)) || N(0, I)) summed over the last axis."""
    mu = np.asarray(z_mean, dtype=np.float64)
    lv = np.asarray(z_log_var, dtype=np.float64)
    return 0.5 * np.sum(mu**2 + np.exp(lv) - 1.0 - lv, axis=-1)
