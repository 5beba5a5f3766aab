"""Probes that watch what flows inside a submission's training step.

A check suite tuned to a list of known bugs overfits it: the returned losses can be
right while the update follows another objective, and noise can be fresh in one
update and frozen in the other. These probes examine the step itself:

- :class:`Recorder` stands in for a model handed to ``train_step``: it forwards every
  attribute to the model and records the inputs and outputs of every call — eagerly
  as they happen, and under ``tf.function`` through ``tf.py_function``, so each
  *execution* of a traced step records, not only its trace.
- :class:`RecordingSGD` is plain SGD (the update is exactly ``-lr · gradient``) that
  remembers which variables each ``apply`` touched, so a gradient sent through the
  wrong optimizer is told apart from a gradient over the wrong variables.
- :func:`compare_update` measures an observed update against the one a loss's
  gradient predicts: the ratio along it and the cosine. Known mistakes give ratios
  like 0.5, the batch size, 1/784 or -1, far outside the accepted band.
- :func:`trainable_flags` snapshots a model's ``trainable`` flags (a step must leave
  them as it found them: ``tf.function`` hides a step that flips them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import keras
import numpy as np
import tensorflow as tf

from quiz.exercises.checklib import tfwrap
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.messages import M

# An update matches a predicted one when it points the same way (cosine) and has the
# same size along it (ratio). Exact SGD in float32 gives cos > 0.9999 and ratios within
# 1e-3; the closest known mistake (label smoothing 0.9) is 10% off in size.
MATCH_COSINE = 0.99
MATCH_RATIO = (0.97, 1.03)


@dataclass
class Call:
    """One call of a recorded model: its role, input and outputs (NumPy)."""

    role: str
    inputs: np.ndarray
    outputs: list[np.ndarray]


@dataclass
class Log:
    """Everything the probes saw, in call order."""

    calls: list[Call] = field(default_factory=list)
    applies: list[tuple[str, list[int]]] = field(default_factory=list)  # (optimizer label, variable ids)
    on: bool = True

    def clear(self) -> None:
        self.calls.clear()
        self.applies.clear()

    def of(self, role: str) -> list[Call]:
        return [c for c in self.calls if c.role == role]


def _numpy(value: Any) -> np.ndarray:
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.array(value, dtype=np.float64, copy=True)


class Recorder:
    """A stand-in for a model inside ``train_step``: forwards everything, records calls.

    Attribute reads and writes go to the model (``trainable_variables``, ``trainable``,
    ``layers`` …), so the step cannot tell it from the model except by type.
    """

    def __init__(self, model: Any, role: str, log: Log):
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_role", role)
        object.__setattr__(self, "_log", log)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        out = self._model(inputs, *args, **kwargs)
        outs = list(out) if isinstance(out, (list, tuple)) else [out]
        if tf.executing_eagerly():
            self._record(inputs, *outs)
        else:  # recorded on every run of the graph, not only while tracing; `on` is read then
            tf.py_function(self._record, [tf.convert_to_tensor(inputs), *outs], [])
        return out

    def _record(self, inputs: Any, *outs: Any) -> None:
        if self._log.on:
            self._log.calls.append(Call(self._role, _numpy(inputs), [_numpy(o) for o in outs]))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._model, name, value)

    def __repr__(self) -> str:
        return repr(self._model)


class _Recording:
    """Mixin for a Keras optimizer: log which variables each ``apply`` updates.

    Under ``tf.function`` the log is written when the step is traced (the variables an
    optimizer touches are fixed by then), eagerly on every call.
    """

    def _start_recording(self, label: str, log: Log) -> None:
        self._probe = (label, log)

    def apply(self, grads: Any, trainable_variables: Any = None) -> Any:
        label, log = self._probe
        variables = list(trainable_variables) if trainable_variables is not None else list(self._trainable_variables)
        log.applies.append((label, [id(v) for v, g in zip(variables, grads) if g is not None]))
        return super().apply(grads, trainable_variables)


class RecordingSGD(_Recording, keras.optimizers.SGD):
    """Plain SGD (the update is exactly ``-lr · gradient``) that logs what it updates."""

    def __init__(self, learning_rate: float, label: str, log: Log):
        super().__init__(learning_rate)
        self._start_recording(label, log)


class RecordingAdam(_Recording, keras.optimizers.Adam):
    """Adam that logs what it updates (the training checks' optimizer)."""

    def __init__(self, learning_rate: float, label: str, log: Log, **kwargs: Any):
        super().__init__(learning_rate, **kwargs)
        self._start_recording(label, log)


def misapplied(log: Log, variables: list, own: str) -> tuple[str, bool] | None:
    """An optimizer other than ``own`` that updated any of ``variables``: (its label, whether
    that update touched nothing else — a wrong optimizer rather than a too-wide variable list)."""
    ids = {id(v) for v in variables}
    for label, touched in log.applies:
        if label != own and ids & set(touched):
            return label, set(touched) <= ids
    return None


def flat(values: list) -> np.ndarray:
    """Concatenate tensors/arrays (None as zeros is the caller's job) into one float64 vector."""
    if not values:
        return np.zeros(0)
    return np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in values])


def delta(variables: list, before: list[np.ndarray]) -> np.ndarray:
    """How far each variable moved since ``before``, as one vector."""
    return flat([v.numpy().astype(np.float64) - b for v, b in zip(variables, before)])


def value_and_gradient(loss_fn: Any, variables: list) -> tuple[float, np.ndarray]:
    """``loss_fn()`` (a scalar) and its gradient with respect to ``variables`` as one vector, from one forward pass."""
    with tf.GradientTape() as tape:
        loss = loss_fn()
    grads = tape.gradient(loss, variables)
    return float(loss), flat([np.zeros(v.shape) if g is None else g.numpy() for g, v in zip(grads, variables)])


def gradient(loss_fn: Any, variables: list) -> np.ndarray:
    """The gradient of ``loss_fn()`` (a scalar) with respect to ``variables``, as one vector."""
    return value_and_gradient(loss_fn, variables)[1]


@dataclass(frozen=True)
class Match:
    """How an observed update compares with a predicted one."""

    ratio: float  # size along the prediction: 1 when right, 0.5 when halved, -1 when reversed
    cosine: float
    moved: bool

    @property
    def ok(self) -> bool:
        return self.moved and self.cosine >= MATCH_COSINE and MATCH_RATIO[0] <= self.ratio <= MATCH_RATIO[1]

    def describe(self) -> str:
        if not self.moved:
            return M("lib.probes.describe.did_not_move", "did not move")
        return M("lib.probes.describe.predicted_update_along", "{ratio:.3g}× the predicted update along it, cosine {cosine:.3f}", ratio=self.ratio, cosine=self.cosine)


def compare_update(observed: np.ndarray, predicted: np.ndarray) -> Match:
    """Ratio (projection of ``observed`` on ``predicted``, over |predicted|²) and cosine."""
    pn = float(predicted @ predicted)
    on = float(observed @ observed)
    if on == 0.0:
        return Match(0.0, 0.0, False)
    if pn == 0.0:
        return Match(float("inf"), 0.0, True)
    dot = float(observed @ predicted)
    return Match(dot / pn, dot / np.sqrt(pn * on), True)


def name_update(observed: np.ndarray, candidates: list[tuple[str, np.ndarray]]) -> str | None:
    """The first known mistake whose predicted update ``observed`` matches."""
    for explanation, predicted in candidates:
        if compare_update(observed, predicted).ok:
            return explanation
    return None


def scale_words(ratio: float, batch: int) -> str | None:
    """Plain words for an update of the right direction but the wrong size."""
    known = [(batch / 64.0, M("lib.probes.scale_words.size_batch_loss", (
                                "{batch}/64 of the size at batch {batch}: the loss is divided by a hard-coded 64, not by "
                                "the batch size"
                              ), batch=batch))] if batch != 64 else []
    known += [
        (0.5, M("lib.probes.scale_words.half_size_loss", "half the size: the loss is halved (two terms averaged instead of summed, or a factor ½)")),
        (2.0, M("lib.probes.scale_words.twice_size_update", "twice the size: the update is applied twice, or the loss is doubled")),
        (float(batch), M("lib.probes.scale_words.size_loss_summed", "{batch}× the size: the loss is summed over the batch ({batch} examples) instead of averaged", batch=batch)),
        (1.0 / batch, M("lib.probes.scale_words.size_loss_divided", "1/{batch} of the size: the loss is divided by the batch size once more", batch=batch)),
        (-1.0, M("lib.probes.scale_words.reversed_update_climbs", "reversed: the update climbs the loss instead of descending it")),
    ]
    for value, words in known:
        if abs(ratio - value) <= 0.03 * abs(value):
            return words
    return None


def trainable_flags(model: Any) -> dict[str, bool]:
    """The model's ``trainable`` flag and each of its layers' (by position and name)."""
    flags = {"(model)": bool(getattr(model, "trainable", True))}
    for i, layer in enumerate(getattr(model, "layers", []) or []):
        flags[f"{i}:{getattr(layer, 'name', '?')}"] = bool(getattr(layer, "trainable", True))
    return flags


def restore_flags(model: Any, flags: dict[str, bool]) -> None:
    """Put back flags taken by :func:`trainable_flags` (so later checks run on the model as built)."""
    model.trainable = flags["(model)"]
    for i, layer in enumerate(getattr(model, "layers", []) or []):
        key = f"{i}:{getattr(layer, 'name', '?')}"
        if key in flags:
            layer.trainable = flags[key]


def changed_flags(before: dict[str, bool], after: dict[str, bool]) -> list[str]:
    """Names whose flag differs (``'(model)'`` for the model itself)."""
    return [name for name in before if after.get(name) != before[name]]


def set_dense(layer: keras.layers.Dense, kernel: np.ndarray, bias: np.ndarray) -> None:
    layer.kernel.assign(np.asarray(kernel, dtype=np.float32))
    layer.bias.assign(np.asarray(bias, dtype=np.float32))


def recorded(log: Log, run: Callable[[], Any]) -> list[Call]:
    """Run ``run()`` with recording on; the calls it made."""
    log.calls.clear()
    log.on = True
    try:
        run()
    finally:
        log.on = False
    return list(log.calls)


def at_weights(pairs: list[tuple[list, list[np.ndarray]]], fn: Callable[[], Any]) -> Any:
    """Evaluate ``fn`` with each (variables, values) pair set to those values, then put the current ones back."""
    current = [tfwrap.snapshot(variables) for variables, _ in pairs]
    for variables, values in pairs:
        tfwrap.restore(variables, values)
    try:
        return fn()
    finally:
        for (variables, _), values in zip(pairs, current):
            tfwrap.restore(variables, values)


def require_flags_kept(models: dict[str, Any], flags: dict[str, dict[str, bool]]) -> None:
    """Fail, naming it, when a step changed a network's ``trainable`` flags (and put them back)."""
    for net, model in models.items():
        changed = changed_flags(flags[net], trainable_flags(model))
        if changed:
            was = flags[net][changed[0]]
            restore_flags(model, flags[net])
            where = f"{net}.trainable" if changed[0] == "(model)" else M("lib.probes.require_flags_kept.trainable_flag_layer", "the trainable flag of {net} layer {changed_0}", net=net, changed_0=changed[0])
            raise CheckFailed(
                M("lib.probes.require_flags_kept.train_step_sets_was", (
                    "train_step sets {where} = {not_was} (it was {was}) and leaves it so: under tf.function "
                    "the flag is read once, when the step is traced, so the bug hides; run eagerly (or "
                    "retraced), the network stops learning from the next call on — the Keras 2 freeze recipe"
                  ), where=where, not_was=not was, was=was),
                expected=M("lib.probes.require_flags_kept.trainable_flags_left", "trainable flags left as they were"),
                actual=f"{where} = {not was}",
                hint=M("lib.probes.require_flags_kept.don_t_toggle", (
                         "Don't toggle .trainable inside train_step: give each update its own tape and apply it "
                         "to that network's trainable_variables only."
                       )),
            )


def require_every_call_updates(run_eagerly: Callable[[], Any], models: dict[str, Any], variables: dict[str, list],
                               calls: int = 2) -> str:
    """Eager calls one after another each move every network, and leave the trainable flags alone.

    ``tf.function`` runs a step's Python once, so a flag flipped or a counter kept in
    Python changes nothing in a traced run; run eagerly, it shows.
    """
    flags = {net: trainable_flags(model) for net, model in models.items()}
    for call in range(1, calls + 1):
        before = {net: tfwrap.snapshot(v) for net, v in variables.items()}
        try:
            run_eagerly()
        finally:
            require_flags_kept(models, flags)
        for net in models:
            if not tfwrap.changed(variables[net], before[net]):
                raise CheckFailed(
                    M("lib.probes.require_every_call_updates.run_eagerly_call", "run eagerly, call {call} of train_step left the {net} unchanged", call=call, net=net),
                    expected=M("lib.probes.require_every_call_updates.updated_every_call", "the {net} updated on every call", net=net),
                    actual="unchanged",
                    hint=M("lib.probes.require_every_call_updates.something_step_depends", (
                             "Something in the step depends on Python state that changes between calls (a flag, a "
                             "counter, a cached tensor); tf.function hides it by running the Python once."
                           )),
                )
    return M("lib.probes.require_every_call_updates.eager_calls_each", "{calls} eager calls each update {and_join_models}; trainable flags unchanged", calls=calls, and_join_models=' and '.join(models))
