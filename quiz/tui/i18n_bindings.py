"""Footer labels in the current language.

Bindings are declared with an i18n key as their description (``"key.reveal"``);
:func:`localise_bindings` swaps in the translation on a node's own copy of its
bindings, so the footer follows the language toggle.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from quiz.i18n import STRINGS, t
from quiz.tui.private_api import bindings_of


def localise_bindings(node: DOMNode, lang: str) -> None:
    """Rewrite ``node``'s binding descriptions that are i18n keys into ``lang``."""
    originals: dict[tuple[str, str], str] = node.__dict__.setdefault("_i18n_binding_keys", {})
    own = bindings_of(node)
    for key, bindings in own.items():
        new = []
        for binding in bindings:
            ident = (key, binding.action)
            source = originals.get(ident, binding.description)
            if source in STRINGS:
                originals[ident] = source
                binding = replace(binding, description=t(source, lang))
            new.append(binding)
        own[key] = new


def source_key(node: DOMNode, binding: Binding) -> str | None:
    """The i18n key ``binding``'s description was declared with on ``node`` (None: not one of ours)."""
    if binding.description in STRINGS:  # not localised yet (the node never mounted)
        return binding.description
    originals: dict[tuple[str, str], str] = node.__dict__.get("_i18n_binding_keys", {})
    return originals.get((binding.key, binding.action))
