"""Can this environment check an exercise? Its declared ``requires`` must import.

An exercise declares the heavy packages its checker needs (``requires: [tensorflow]``
in ``exercise.yaml``); the quiz half needs none of them. TensorFlow is installed
only where it publishes a wheel (the dependency markers in ``pyproject.toml``), so
on a Python it does not support yet the app installs and runs without it, and
those exercises are listed as unavailable with the reason and the way out.

Two questions, kept apart:

- **Is it available?** Asked of the environment, never of the Python version:
  :func:`importable` finds the module on the import path without importing it
  (the quiz path never imports TensorFlow). A later ``pip install`` is noticed
  without restarting or reinstalling anything. An install that is found but fails
  to import is caught by the checker child, which reports :func:`import_failure`.
- **Why not, and what to do?** :func:`explain` reads the project's dependency
  markers, the one place that knows which Pythons and platforms TensorFlow has
  builds for: a requirement whose marker holds here means "not installed, install
  it"; none holding means "no build for this Python", and the newest (or oldest)
  Python whose marker holds on this platform is the advice. A future TensorFlow
  release therefore needs only the markers changed.

The markers come from ``pyproject.toml`` when running from a checkout (an
editable install's recorded metadata can be older), else from the installed
distribution's metadata. :func:`evaluate_marker` is a small PEP 508 marker
evaluator, so the app needs no ``packaging`` at run time.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Need:
    """A heavy package an exercise can require."""

    label: str                       # as the user knows it
    module: str                      # what the checker imports
    distributions: tuple[str, ...]   # its names in the dependency list


NEEDS: dict[str, Need] = {
    "tensorflow": Need("TensorFlow", "tensorflow", ("tensorflow", "tensorflow-cpu")),
}
"""The values ``requires`` may list."""


@dataclass(frozen=True)
class Reason:
    """Why a requirement is missing and what to do: an interface string key and its fields."""

    key: str
    fields: dict = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        from quiz.i18n import t

        return t(self.key, lang, **self.fields)


# ---------------------------------------------------------------- is it available?

def importable(module: str) -> bool:
    """``module`` can be found on the import path (not imported: no TensorFlow start-up).

    A directory left behind by an uninstall (a namespace package with no code) does
    not count. When not found, the import system's directory caches are dropped and
    it is asked again, so a package installed while the app runs is seen.
    """
    for attempt in range(2):
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin not in (None, "namespace"):
            return True
        if attempt == 0:
            importlib.invalidate_caches()
    return False


def tensorflow_available() -> bool:
    """TensorFlow can be found in this environment."""
    return importable(NEEDS["tensorflow"].module)


def missing(exercise) -> list[str]:
    """The exercise's requirements (``exercise.requires``) that cannot be found here."""
    return [name for name in getattr(exercise, "requires", ()) if not importable(NEEDS[name].module)]


def unavailable_reason(exercise) -> Reason | None:
    """Why the exercise cannot be checked here (its first missing requirement), or None."""
    absent = missing(exercise)
    return explain(absent[0]) if absent else None


def unavailable_here(exercises, lang: str = "en") -> dict[str, list[str]]:
    """For the list views (CLI and TUI): each reason, in ``lang``, with the ids of the exercises it
    makes unavailable, in the given order; empty when everything can be checked here."""
    groups: dict[str, list[str]] = {}
    for exercise in exercises:
        reason = unavailable_reason(exercise)
        if reason is not None:
            groups.setdefault(reason.text(lang), []).append(exercise.id)
    return groups


# ---------------------------------------------------------------- why not?

def explain(name: str, lines: list[str] | None = None, env: dict[str, str] | None = None,
            python: str | None = None) -> Reason:
    """The reason requirement ``name`` is missing, from the dependency markers.

    ``lines`` (the dependency list), ``env`` (marker variables) and ``python`` (the
    interpreter to name in commands) default to this installation's.
    """
    need = NEEDS[name]
    lines = dependency_lines() if lines is None else lines
    env = default_environment() if env is None else env
    python = python or _python_command()
    entries = [(spec, marker) for dist, spec, marker in map(_split_requirement, lines) if dist in need.distributions]
    fields = {"need": need.label}
    if not entries:  # no markers to read (an unusual install): plain advice
        return Reason("avail.not_installed", {**fields, "command": f"{python} -m pip install {need.module}"})
    here = [spec for spec, marker in entries if _holds(marker, env)]
    if here:
        return Reason("avail.not_installed", {**fields, "command": f"{python} -m pip install \"{here[0]}\""})
    current = _minor(env.get("python_version", "3.0"))
    supported = [(3, m) for m in range(0, 40)
                 if any(_holds(marker, {**env, "python_version": f"3.{m}", "python_full_version": f"3.{m}.0"})
                        for _spec, marker in entries)]
    platform_name = f"{env.get('platform_system', '') or env.get('sys_platform', '')} {env.get('platform_machine', '')}".strip()
    if not supported:
        return Reason("avail.no_platform", {**fields, "platform": platform_name})
    older = [v for v in supported if v < current]
    key, target = ("avail.too_new", max(older)) if older else ("avail.too_old", min(supported))
    version = "%d.%d" % target
    return Reason(key, {**fields, "python": "%d.%d" % current, "suggest": version,
                        "command": f"python{version} -m venv --clear .venv && .venv/bin/pip install -e ."})


def import_failure(name: str, error: BaseException, python: str | None = None) -> Reason:
    """For the checker child: ``name`` was found but importing it failed with ``error``."""
    need = NEEDS[name]
    if not importable(need.module):
        return explain(name, python=python)
    python = python or _python_command()
    detail = f"{type(error).__name__}: {error}".strip().splitlines()[0][:200]
    spec = next((s for d, s, m in map(_split_requirement, dependency_lines())
                 if d in need.distributions and _holds(m, default_environment())), need.module)
    return Reason("avail.broken", {"need": need.label, "error": detail,
                                   "command": f"{python} -m pip install --force-reinstall \"{spec}\""})


def _python_command() -> str:
    """This interpreter, by its absolute path: the message may be built in the checker child,
    whose working directory is not the user's."""
    return sys.executable or "python3"


def _minor(version: str) -> tuple[int, int]:
    parts = (version.split(".") + ["0"])[:2]
    try:
        return int(parts[0]), int(parts[1])
    except ValueError:
        return (3, 0)


def _holds(marker: str | None, env: dict[str, str]) -> bool:
    """A marker that cannot be read counts as holding (the plain advice is the safe one)."""
    if not marker:
        return True
    try:
        return evaluate_marker(marker, env)
    except MarkerError:
        return True


# ---------------------------------------------------------------- the markers

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _split_requirement(line: str) -> tuple[str, str, str | None]:
    """``"tensorflow-cpu>=2.16,<3; python_version < '3.14'"`` → (normalized name, requirement without marker, marker)."""
    requirement, _, marker = line.partition(";")
    match = _NAME.match(requirement)
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else ""
    return name, requirement.strip(), marker.strip() or None


def dependency_lines() -> list[str]:
    """The project's dependency list: the checkout's ``pyproject.toml``, else the installed metadata."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if pyproject.is_file():
        try:
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover - Python 3.10
                import tomli as tomllib
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
            if project.get("name") == "quiz":
                return [str(d) for d in project.get("dependencies", [])]
        except (OSError, ValueError):
            pass
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        return [r for r in (distribution("quiz").requires or []) if "extra ==" not in r]
    except (PackageNotFoundError, OSError, ValueError):
        return []


def default_environment() -> dict[str, str]:
    """The PEP 508 marker variables of this interpreter."""
    import platform  # only when a reason is wanted (3 ms)

    return {
        "python_version": "%d.%d" % sys.version_info[:2],
        "python_full_version": platform.python_version(),
        "implementation_name": sys.implementation.name,
        "platform_python_implementation": platform.python_implementation(),
        "sys_platform": sys.platform,
        "platform_system": platform.system(),
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "os_name": os.name,
        "extra": "",
    }


class MarkerError(ValueError):
    """A marker this evaluator cannot read."""


_TOKEN = re.compile(r"""\s*(?:(\()|(\))|('[^']*'|"[^"]*")|(===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)|(and\b|or\b)|([A-Za-z_][A-Za-z0-9_.]*))""")
_VERSION_VARS = {"python_version", "python_full_version", "implementation_version"}


def evaluate_marker(marker: str, env: dict[str, str]) -> bool:
    """Evaluate a PEP 508 environment marker (``and``/``or``, parentheses, comparisons) against ``env``."""
    tokens = _tokenize(marker)
    value, rest = _parse_or(tokens, env)
    if rest:
        raise MarkerError(f"unexpected {rest[0][1]!r} in marker {marker!r}")
    return value


def _tokenize(marker: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(marker):
        if marker[pos:].strip() == "":
            break
        match = _TOKEN.match(marker, pos)
        if not match or match.end() == pos:
            raise MarkerError(f"cannot read marker {marker!r} at {pos}")
        kinds = ("(", ")", "str", "op", "bool", "var")
        kind = next(k for k, g in zip(kinds, match.groups()) if g is not None)
        text = next(g for g in match.groups() if g is not None)
        tokens.append((kind, " ".join(text.split())))
        pos = match.end()
    return tokens


def _parse_or(tokens, env):
    value, tokens = _parse_and(tokens, env)
    while tokens and tokens[0] == ("bool", "or"):
        right, tokens = _parse_and(tokens[1:], env)
        value = value or right
    return value, tokens


def _parse_and(tokens, env):
    value, tokens = _parse_atom(tokens, env)
    while tokens and tokens[0] == ("bool", "and"):
        right, tokens = _parse_atom(tokens[1:], env)
        value = value and right
    return value, tokens


def _parse_atom(tokens, env):
    if not tokens:
        raise MarkerError("marker ends early")
    if tokens[0][0] == "(":
        value, tokens = _parse_or(tokens[1:], env)
        if not tokens or tokens[0][0] != ")":
            raise MarkerError("unbalanced parenthesis in marker")
        return value, tokens[1:]
    if len(tokens) < 3 or tokens[1][0] != "op":
        raise MarkerError("expected a comparison in marker")
    (lkind, left), (_, op), (rkind, right) = tokens[:3]
    variable = left if lkind == "var" else right if rkind == "var" else None
    lhs, rhs = _value(lkind, left, env), _value(rkind, right, env)
    return _compare(lhs, op, rhs, variable in _VERSION_VARS), tokens[3:]


def _value(kind: str, text: str, env: dict[str, str]) -> str:
    if kind == "str":
        return text[1:-1]
    if kind == "var":
        if text not in env:
            raise MarkerError(f"unknown marker variable {text!r}")
        return env[text]
    raise MarkerError(f"unexpected {text!r} in marker")


def _version_tuple(text: str) -> tuple[int, ...] | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)*)(?:\.?\*)?", text.strip())
    return tuple(int(p) for p in match.group(1).split(".")) if match else None


def _compare(lhs: str, op: str, rhs: str, as_version: bool) -> bool:
    if op == "in":
        return lhs in rhs
    if op == "not in":
        return lhs not in rhs
    left, right = (_version_tuple(lhs), _version_tuple(rhs)) if as_version else (None, None)
    if left is not None and right is not None:
        width = max(len(left), len(right))
        left, right = left + (0,) * (width - len(left)), right + (0,) * (width - len(right))
        if op == "~=":
            return left >= right and left[: len(_version_tuple(rhs)) - 1] == right[: len(_version_tuple(rhs)) - 1]
    else:
        left, right = lhs, rhs
        if op not in ("==", "!=", "==="):
            raise MarkerError(f"cannot compare {lhs!r} {op} {rhs!r}")
    return {"==": left == right, "===": lhs == rhs, "!=": left != right, "<": left < right,
            "<=": left <= right, ">": left > right, ">=": left >= right}[op]
