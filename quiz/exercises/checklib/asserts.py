"""Assertions on what a submission's model returns, shared by the suites."""

from __future__ import annotations

from typing import Any

import numpy as np

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib.registry import CheckFailed


def require_callable(model: Any, what: str) -> None:
    """``what`` (e.g. 'build_generator(64)') must have returned something callable (a model)."""
    if not callable(model):
        raise CheckFailed(f"{what} returned {type(model).__name__}, expected a keras.Model", actual=repr(model)[:80])


def require_tensor(out: Any, shape: tuple, what: str, hint: str) -> None:
    """One float32 tensor of exactly ``shape``."""
    if isinstance(out, (list, tuple, dict)):
        raise CheckFailed(
            f"{what} returned a {type(out).__name__} of {len(out)} items, expected one tensor of shape {shape}",
            expected=str(shape),
            actual=f"{type(out).__name__} of {len(out)}",
        )
    got = tuple(getattr(out, "shape", np.shape(out)))
    if got != shape:
        raise CheckFailed(f"{what} has shape {got}, expected {shape}", expected=str(shape), actual=str(got), hint=hint)
    dtype = nm.dtype_name(out)
    if dtype != "float32":
        raise CheckFailed(
            f"{what} has dtype {dtype}, expected float32",
            expected="float32",
            actual=dtype,
            hint="Keep Keras's default float32 (no mixed precision, no casts to int or float64).",
        )
