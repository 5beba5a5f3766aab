"""Importing a submission, checking its contract, and trimming tracebacks to it.

Everything the submission does at import is caught here and turned into one named
failure: a syntax error (with the line), a failed import, an exception (with the
submission's frames only), ``sys.exit`` / ``os._exit`` (the child patches ``os._exit``
to raise :class:`SubmissionExit` instead of killing the checker).
"""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import sys
import traceback
from pathlib import Path
from types import ModuleType

from quiz.exercises.checklib import watchdog
from quiz.exercises.checklib.registry import CheckFailed, SubmissionError
from quiz.exercises.source import SourceError, compile_source
from quiz.exercises.messages import M

MAX_TRACE_LINES = 14
MAX_MESSAGE_CHARS = 600


class SubmissionExit(BaseException):
    """Raised by the patched ``os._exit`` so a submission cannot silently end the checker."""

    def __init__(self, code: object):
        super().__init__(code)
        self.code = code


def short(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """An exception message cut to size (Keras's can run to pages), keeping its last
    line: TensorFlow puts the cause there ("No gradients provided for any variable.")."""
    text = str(text).strip()
    lines = [line for line in text.splitlines() if line.strip()]
    last = lines[-1].strip() if lines else ""
    if len(lines) > 6:
        text = "\n".join(lines[:5]) + "\n…\n" + last
    if len(text) <= limit:
        return text
    if len(last) >= limit // 2:
        return text[: limit - 1] + "…"
    return text[: limit - len(last) - 3] + "…\n" + last


def trim_traceback(exc: BaseException, submission: Path | None) -> str:
    """The traceback restricted to frames in the submission file ('' if it has none)."""
    if submission is None:
        return ""
    target = str(Path(submission).resolve())
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename and _same_file(f.filename, target)
    ]
    if not frames:
        return ""
    lines: list[str] = []
    for frame in frames[-6:]:
        lines.append(f'  File "{Path(frame.filename).name}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    return "\n".join(lines[-MAX_TRACE_LINES:])


def _same_file(name: str, target: str) -> bool:
    try:
        return str(Path(name).resolve()) == target
    except OSError:
        return False


def describe_exit(exc: BaseException) -> str:
    """'sys.exit(3)' or 'os._exit(0)' for an exit raised by submission code."""
    if isinstance(exc, SubmissionExit):
        return f"os._exit({exc.code!r})"
    code = exc.code if isinstance(exc, SystemExit) else None
    return f"sys.exit({code!r})" if code is not None else "sys.exit()"


def explain(exc: BaseException) -> str | None:
    """A hint for exceptions with a known cause, or None."""
    text = str(exc)
    if "singleton tf.Variable" in text or "only supports singleton" in text:
        return (
            M("lib.loader.explain.tf_function_only", (
                "tf.function only lets variables be created on its first call. Something in the function "
                "creates a variable on every trace: an optimizer building its slots, a layer or model "
                "created inside the step, or a keras.random.SeedGenerator made there. Create those once, "
                "outside, and build each optimizer on its variables "
                "(opt.build(model.trainable_variables)) before the first call."
              ))
        )
    if "Unknown variable" in text and "optimizer" in text:
        return (
            M("lib.loader.explain.optimizer_was_asked", (
                "An optimizer was asked to update variables it was not built for: each optimizer must "
                "update only its own network's trainable_variables."
              ))
        )
    if "No gradients provided for any variable" in text:
        return (
            M("lib.loader.explain.no_gradient_reached", (
                "No gradient reached the variables being updated: the loss was computed outside the "
                "GradientTape, from tensors that do not depend on those variables (e.g. fake images made "
                "under another tape, or the real logits), through NumPy, or the gradient was taken over "
                "the other network's variables."
              ))
        )
    if "_type_enum" in text:
        return (
            M("lib.loader.explain.keras_variables_not", (
                "Keras 3 variables are not tf.Variables: tape.gradient(..., "
                "unconnected_gradients=tf.UnconnectedGradients.ZERO) over them fails this way. Drop that "
                "argument (a variable the loss does not reach gets None) or take the gradient over "
                "tensors."
              ))
        )
    if isinstance(exc, NotImplementedError):
        return M("lib.loader.explain.replace_todo_your", "Replace the TODO with your implementation.")
    if isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError":
        return M("lib.loader.explain.submission_asked_more", "The submission asked for more memory than the checker allows; check tensor shapes.")
    return None


def submission_error(what: str, exc: BaseException, submission: Path | None) -> SubmissionError:
    """Wrap an exception raised while running ``what`` (e.g. 'generator_loss(...)')."""
    if isinstance(exc, (SystemExit, SubmissionExit)):
        return SubmissionError(
            M("lib.loader.submission_error.called_submission_must", "{what} called {describe_exit_exc}: a submission must not exit the interpreter", what=what, describe_exit_exc=describe_exit(exc)),
            hint=M("lib.engine.run_one.remove_exit_call", "Remove the exit call; raise an exception or return a value instead."),
        )
    if isinstance(exc, NotImplementedError):
        return SubmissionError(
            M("lib.loader.submission_error.not_implemente_yet", "{what} is not implemented yet (it raises NotImplementedError{short_exc_if_str_exc_els})", what=what, short_exc_if_str_exc_els=': ' + short(exc) if str(exc) else ''),
            trace=trim_traceback(exc, submission),
            hint=explain(exc),
        )
    if isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError":
        return SubmissionError(
            M("lib.loader.submission_error.ran_out_memory", "{what} ran out of memory ({name}{short_exc_200_if_str_exc})", what=what, name=type(exc).__name__, short_exc_200_if_str_exc=': ' + short(exc, 200) if str(exc) else ''),
            trace=trim_traceback(exc, submission),
            hint=explain(exc),
        )
    return SubmissionError(
        M("lib.loader.submission_error.raised", "{what} raised {name}: {short_exc}", what=what, name=type(exc).__name__, short_exc=short(exc)),
        trace=trim_traceback(exc, submission),
        hint=explain(exc),
    )


def load_module(path: Path, module_name: str) -> ModuleType:
    """Import ``path`` as ``module_name``; every failure becomes a :class:`CheckFailed`/:class:`SubmissionError`."""
    path = Path(path).resolve()
    try:
        code = compile_source(path)
    except SourceError as exc:
        raise CheckFailed(exc.message, hint=exc.hint) from None
    module = ModuleType(module_name)
    module.__file__ = str(path)
    sys.modules[module_name] = module  # dataclasses and pickling look the module up here
    try:
        with watchdog.current().bound("importing the submission"):
            exec(code, module.__dict__)
    except watchdog.CallTooSlow:
        sys.modules.pop(module_name, None)
        raise
    except (SystemExit, SubmissionExit) as exc:
        sys.modules.pop(module_name, None)
        raise SubmissionError(M("lib.loader.load_module.submission_called_while", "the submission called {describe_exit_exc} while being imported", describe_exit_exc=describe_exit(exc))) from None
    except ImportError as exc:
        sys.modules.pop(module_name, None)
        raise SubmissionError(
            M("lib.loader.load_module.importing_submission_failed", "importing the submission failed: {name}: {short_exc}", name=type(exc).__name__, short_exc=short(exc)),
            trace=trim_traceback(exc, path),
            hint=M("lib.loader.load_module.only_standard_library", "Only the standard library, numpy, tensorflow and keras are available."),
        ) from None
    except BaseException as exc:  # noqa: BLE001 - anything at import is the submission's
        sys.modules.pop(module_name, None)
        raise submission_error(M("lib.loader.load_module.importing_submission", "importing the submission"), exc, path) from None
    return module


def reference_load(path: Path, module_name: str) -> ModuleType:
    """Import a reference solution (errors there are the checker's own, not the user's)."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def check_contract(module: ModuleType, contract: dict[str, tuple[list[str], int]]) -> None:
    """Every contract function present, callable and accepting its arguments.

    ``contract`` maps a name to (parameter names as the contract writes them, how
    many of them are required); the function must accept being called positionally
    with the required ones and with all of them.
    """
    missing = [name for name in contract if not callable(getattr(module, name, None))]
    if missing:
        present = [name for name in missing if hasattr(module, name)]
        if present:
            raise CheckFailed(
                M("lib.loader.check_contract.defined_but_not", "{join_present} {en_is} defined but not callable", join_present=', '.join(present), en_is='is' if len(present) == 1 else 'are'),
                expected="functions: " + ", ".join(contract),
            )
        raise CheckFailed(
            M("lib.loader.check_contract.missing_function", "missing function{en_s}: {join_missing}", en_s='s' if len(missing) > 1 else '', join_missing=', '.join(missing)),
            expected="functions: " + ", ".join(contract),
            actual="missing: " + ", ".join(missing),
            hint=M("lib.loader.check_contract.keep_names_signatures", "Keep the names and signatures of the contract (see the starter)."),
        )
    for name, (params, required) in contract.items():
        func = getattr(module, name)
        try:
            signature = inspect.signature(getattr(func, "python_function", func))
        except (TypeError, ValueError):
            continue  # builtins and some wrappers have no signature: let the calls decide
        for count in sorted({required, len(params)}):
            try:
                signature.bind(*range(count))
            except TypeError:
                wanted = ", ".join(params[:count])
                raise CheckFailed(
                    M("lib.loader.check_contract.cannot_called_positional", (
                        "{name}{signature} cannot be called as {name}({wanted}): {count} positional "
                        "argument{en_s} in the contract"
                      ), name=name, signature=signature, wanted=wanted, count=count, en_s='s' if count != 1 else ''),
                    expected=f"{name}({', '.join(params)})",
                    actual=f"{name}{signature}",
                    hint=M("lib.loader.check_contract.keep_contract_s", "Keep the contract's parameters, in order."),
                ) from None


@contextlib.contextmanager
def calling(what: str, submission: Path | None):
    """Run submission code; any exception or exit becomes a :class:`SubmissionError` naming ``what``."""
    try:
        yield
    except (CheckFailed, SubmissionError, watchdog.CallTooSlow):
        raise
    except BaseException as exc:  # noqa: BLE001 - whatever the submission raises
        raise submission_error(what, exc, submission) from None
