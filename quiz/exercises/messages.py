"""Checker messages in both languages: keys with parameters, English beside the code.

The checks (in the child process) write ``M("gan.discriminator_output.sigmoid",
"discriminator outputs all lie in [0, 1] (range [{lo}, {hi}]) …", lo=…, hi=…)``: an
:class:`M` is the English text itself (a ``str``, so every check reads, compares and
concatenates it as before) that also remembers its key and its parameters, each
already formatted as the English template formats it (``{value:.3g}`` → ``"0.693"``),
so numbers and shapes read the same in both languages.

The engine sends each message's key and parameters with the check record (under
``"i18n"``: see :func:`wire_fields`); the parent process renders them in the session's
language with :func:`localize` (checks) and :func:`check_title` (check names). The
Chinese templates live in ``quiz/exercises/zh/*.yaml``, keyed by the same keys, with
the same placeholders; they are read only when something is rendered in Chinese.
A key without a Chinese entry, or a template that does not fit its parameters, falls
back to the English text: rendering never raises.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

ZH_DIR = Path(__file__).with_name("zh")
CHECK_TITLES_FILE = "checks.yaml"
"""The Chinese names of the checks (``check name -> title``), beside the message catalogs."""
TERMS_FILE = "terms.yaml"
"""Words a check passes as a parameter ("discriminator", "critic" …) and their Chinese: a
parameter whose whole value is one of them is rendered in Chinese."""
FIELDS = ("message", "hint", "expected", "actual")
"""Fields of a check record that may carry a keyed message."""

CONCAT = "+"
"""The key of a message made by concatenating two (``M + str``, ``str + M``): no template to translate."""

_FORMATTER = string.Formatter()


class M(str):
    """A checker message: its English text, plus ``key`` and formatted ``params`` for other languages."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, english: str, /, **params: Any) -> "M":
        formatted: dict[str, Any] = {}
        for name, conversion, spec in placeholders(english):
            value = params[name]
            if isinstance(value, M):
                formatted[name] = value  # rendered in the reader's language, then placed as is
                continue
            if conversion:
                value = {"r": repr, "s": str, "a": ascii}[conversion](value)
            text = format(value, spec)
            if formatted.get(name, text) != text:
                raise ValueError(f"{key}: {{{name}}} is formatted two ways; give each its own name")
            formatted[name] = text
        obj = super().__new__(cls, _fill(english, {k: str(v) for k, v in formatted.items()}))
        obj.key = key
        obj.params = formatted
        return obj

    def wire(self) -> dict[str, Any]:
        """The key and parameters as JSON (nested messages carry their English text too)."""
        params = {k: ({**v.wire(), "en": str(v)} if isinstance(v, M) else v) for k, v in self.params.items()}
        return {"key": self.key, "params": params}

    def __add__(self, other: object) -> "M":
        """``message + ": detail"`` stays a keyed message (each part rendered in the reader's language)."""
        if not isinstance(other, str):
            return NotImplemented
        return M(CONCAT, "{a}{b}", a=self, b=other)

    def __radd__(self, other: object) -> "M":
        if not isinstance(other, str):
            return NotImplemented
        return M(CONCAT, "{a}{b}", a=other, b=self)

    def __reduce__(self):  # pickling keeps the plain text
        return (str, (str(self),))


def placeholders(template: str) -> list[tuple[str, str, str]]:
    """``(name, conversion, spec)`` of each ``{…}`` in a template, in order."""
    out = []
    for _literal, name, spec, conversion in _FORMATTER.parse(template):
        if name is not None:
            if not name.isidentifier():
                raise ValueError(f"placeholder {{{name}}} in {template!r}: use a name")
            out.append((name, conversion or "", spec or ""))
    return out


def _fill(template: str, texts: Mapping[str, str], terms: Mapping[str, str] | None = None) -> str:
    """The template with each placeholder replaced by its (already formatted) text; a parameter
    with an entry in ``terms`` reads translated, except where code follows it (``{net}.trainable``)."""
    parts = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(texts[name])
            if terms and name in terms:
                parts[-1] = (terms[name], parts[-1])  # decided when the next literal is known
    out = []
    for i, part in enumerate(parts):
        if isinstance(part, tuple):
            following = next((p for p in parts[i + 1:] if isinstance(p, str) and p), "")
            part = part[1] if following[:1] in (".", "_", "(", "[") else part[0]
        out.append(part)
    return "".join(out)


def wire_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: {"key", "params"}}`` for the record's fields that are keyed messages."""
    return {f: record[f].wire() for f in FIELDS if isinstance(record.get(f), M)}


# ---------------------------------------------------------------- rendering (the parent)

@lru_cache(maxsize=1)
def zh_catalog() -> dict[str, str]:
    """Every Chinese template, keyed by message key (all ``zh/*.yaml`` except the check titles)."""
    out: dict[str, str] = {}
    for path in sorted(ZH_DIR.glob("*.yaml")):
        if path.name not in (CHECK_TITLES_FILE, TERMS_FILE):
            out.update(_read_yaml(path))
    return out


@lru_cache(maxsize=1)
def zh_check_titles() -> dict[str, str]:
    return _read_yaml(ZH_DIR / CHECK_TITLES_FILE)


@lru_cache(maxsize=1)
def zh_terms() -> dict[str, str]:
    return _read_yaml(ZH_DIR / TERMS_FILE)


def _read_yaml(path: Path) -> dict[str, str]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError):
        return {}  # an unreadable catalog: the English text is shown
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def render(wire: Mapping[str, Any] | None, english: str, lang: str) -> str:
    """``wire`` ({"key", "params"}) in ``lang``; ``english`` when there is no translation or it does not fit."""
    if lang != "zh" or not isinstance(wire, Mapping):
        return english
    key = str(wire.get("key"))
    template = "{a}{b}" if key == CONCAT else zh_catalog().get(key)
    params = wire.get("params")
    if template is None or not isinstance(params, Mapping):
        return english
    texts, terms = {}, {}
    for name, value in params.items():
        if isinstance(value, Mapping):
            value = render(value, str(value.get("en", "")), lang)
        elif name == "check":  # a check's name reads as the check list shows it
            value = check_title(str(value), lang)
        elif str(value) in zh_terms():
            terms[name] = zh_terms()[str(value)]
        texts[name] = str(value)
    try:
        return _fill(template, texts, terms)
    except (KeyError, ValueError, IndexError):
        return english


def localize(check: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A check record with its keyed fields rendered in ``lang`` and its ``title`` (the check's name in ``lang``)."""
    out = dict(check)
    keyed = check.get("i18n") if isinstance(check.get("i18n"), Mapping) else {}
    for field in FIELDS:
        if field in keyed and isinstance(check.get(field), str):
            out[field] = render(keyed[field], check[field], lang)
    out["title"] = check_title(str(check.get("name", "?")), lang)
    return out


def localize_report(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A report whose checks are localized (``quiz check --json``: the stable ``name`` and the
    message keys under ``i18n`` stay; ``title``, ``message``, ``hint``… are in ``lang``)."""
    return {**report, "checks": [localize(c, lang) for c in report.get("checks", [])]}


def check_title(name: str, lang: str) -> str:
    """A check's name as the user reads it: the identifier in English, its Chinese name in Chinese."""
    if lang != "zh":
        return name
    return zh_check_titles().get(name, name)


def log_text(event: Mapping[str, Any], lang: str) -> str:
    """A progress note (a ``log`` event) in ``lang``."""
    return render(event.get("i18n"), str(event.get("text", "")), lang)
