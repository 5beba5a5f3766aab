"""Helpers for tests that check the bank's numeric claims against computed values.

Each deck's ``test_claims_<deck>.py`` computes a figure with NumPy (float64) and
asserts that the model answer states it, in both languages, so a slip in the text
(a wrong KL value, a KV-cache size off by a factor) fails the suite.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

QUESTIONS = Path(__file__).resolve().parents[3] / "questions"
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML when built in: the whole bank in a fraction of the time


@functools.cache
def _all_questions() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted(QUESTIONS.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 - safe loaders only
        for item in data.get("questions", []):
            out[item["id"]] = item
    return out


def question(qid: str) -> dict:
    """The raw YAML mapping of question ``qid`` (KeyError names a missing id)."""
    questions = _all_questions()
    if qid not in questions:
        raise KeyError(f"question {qid!r} is not in the bank")
    return questions[qid]


def answer_text(qid: str, lang: str) -> str:
    """The model answer plus key points and choice explanations in one language."""
    q = question(qid)
    parts = [q["answer"][lang]]
    parts += [kp[lang] for kp in q.get("key_points", [])]
    for choice in q.get("choices", []) or []:
        parts += [choice["text"][lang], choice["why"][lang]]
    return "\n".join(parts)


def numbers_in(text: str) -> list[float]:
    """Every decimal number written in ``text`` (thousands separators allowed)."""
    found = re.findall(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?", text)
    values = []
    for token in found:
        try:
            values.append(float(token.replace(",", "")))
        except ValueError:
            continue
    return values


def assert_states(qid: str, value: float, *, rel: float = 5e-3, abs_tol: float = 0.0) -> None:
    """Assert that the answer to ``qid`` states ``value`` (within ``rel``) in both languages."""
    for lang in ("en", "zh"):
        text = answer_text(qid, lang)
        nums = numbers_in(text)
        ok = any(abs(n - value) <= max(rel * abs(value), abs_tol) for n in nums)
        assert ok, f"{qid} [{lang}] does not state {value:g}; numbers found: {nums[:40]}"


def assert_writes(qid: str, *formulas: str, en: tuple[str, ...] = (), zh: tuple[str, ...] = ()) -> None:
    """Assert that the answer to ``qid`` writes each of ``formulas`` in both languages, and the
    phrases ``en``/``zh`` in their own (spaces ignored), so a test that re-derives a claim also
    pins the text that makes it."""
    for lang, phrases in (("en", en), ("zh", zh)):
        text = "".join(answer_text(qid, lang).split())
        for formula in (*formulas, *phrases):
            assert "".join(formula.split()) in text, f"{qid} [{lang}] does not write {formula!r}"
