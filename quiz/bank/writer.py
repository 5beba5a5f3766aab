"""Bank documents written as YAML: the format a person edits, with multi-line text as ``|`` blocks.

Used by ``quiz import``; :func:`read_back` parses the text with the loader's safe
loader, so what is validated before writing is exactly what the app will load.
"""

from __future__ import annotations

from typing import Any

from quiz.bank.loader import yaml_and_loader


def dump_deck(document: dict) -> str:
    """``document`` (plain data: a format-1 deck) as YAML text, keys in the order given."""
    yaml, _loader = yaml_and_loader()
    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc, valid-type]
        """Block style for multi-line strings (PyYAML falls back to quotes where a block cannot hold one)."""

    def text(dumper: Any, value: str) -> Any:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(document, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def read_back(text: str) -> Any:
    """Parse YAML text as the loader does (safe loader only)."""
    yaml, loader = yaml_and_loader()
    return yaml.load(text, Loader=loader)  # noqa: S506 - SafeLoader/CSafeLoader only
