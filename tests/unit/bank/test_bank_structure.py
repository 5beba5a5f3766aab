"""The shipped bank meets the content targets of issue 3 and content-guide.md.

Counts per deck, the difficulty mix, the kind shares, unique ids, links that
resolve, bug snippets that parse, both languages present and really Chinese on the
``zh`` side, and the questions the user's source material asks, each with a deeper
follow-up. The loader is the app's own, so what is tested is what users see.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from quiz import locations
from quiz.bank.loader import load_bank
from quiz.exercises import catalog

TARGETS = {
    "aigc": 20, "vae": 28, "gan": 34, "diffusion": 36, "transformer": 28,
    "decoding": 12, "rl": 20, "evaluation": 12, "pipeline": 18, "coding": 20,
}
# Wave 2 (issue 16): the llm-systems deck and its minimum.
TARGETS["llm-systems"] = 40
HAN = re.compile(r"[\u4e00-\u9fff]")

# The user's source material asks these; each must exist and link deeper.
SOURCE_QUESTIONS = {
    "aigc.what-is-aigc": None,
    "gan.how-gan-works": "gan",
    "gan.how-to-train": "gan",
    "vae.how-vae-works": "vae",
    "pipeline.how-to-generate-images": None,
    "rl.rl-guides-generation": None,
    "coding.implement-simple-gan": "gan",
    "coding.implement-vae": "vae",
}
# The mistakes in the source's sample code, each turned into a bug item.
SOURCE_BUGS = [
    "coding.bug-missing-imports",
    "coding.bug-train-on-batch-list",
    "coding.bug-discriminator-not-frozen",
    "coding.bug-vae-latent-from-output",
    "coding.bug-vae-missing-kl",
]


@pytest.fixture(scope="module")
def bank():
    bank, errors = load_bank([locations.questions_dir()])
    assert errors == [], [str(e) for e in errors]
    return bank


@pytest.fixture(scope="module")
def questions(bank):
    return list(bank.questions.values())


def test_every_deck_meets_its_target(bank):
    counts = Counter(q.deck for q in bank.questions.values())
    assert set(counts) == set(TARGETS)
    short = {deck: (counts[deck], n) for deck, n in TARGETS.items() if counts[deck] < n}
    assert not short, f"decks under target (have, need): {short}"
    assert sum(counts.values()) >= 228


def test_difficulty_mix_is_about_30_45_25(questions):
    share = {d: n / len(questions) for d, n in Counter(q.difficulty for q in questions).items()}
    assert abs(share["easy"] - 0.30) <= 0.06, share
    assert abs(share["medium"] - 0.45) <= 0.06, share
    assert abs(share["hard"] - 0.25) <= 0.06, share


def test_every_deck_has_every_difficulty(bank):
    for deck in TARGETS:
        levels = {q.difficulty for q in bank.questions.values() if q.deck == deck}
        assert levels == {"easy", "medium", "hard"}, deck


def test_llm_systems_deck_mix(bank):
    """The wave-2 LLM-systems deck keeps the bank's mix on its own: choice, hard, easy and bug items."""
    deck = [q for q in bank.questions.values() if q.deck == "llm-systems"]
    kinds = Counter(q.kind for q in deck)
    levels = Counter(q.difficulty for q in deck)
    assert kinds["choice"] / len(deck) >= 0.25, kinds
    assert kinds["bug"] >= 3, kinds
    assert levels["hard"] / len(deck) >= 0.20, levels
    assert levels["easy"] / len(deck) >= 0.20, levels
    assert sum("calculation" in q.tags for q in deck) >= 15, "llm-systems should carry the arithmetic items"


def test_kind_shares(questions):
    kinds = Counter(q.kind for q in questions)
    assert kinds["choice"] / len(questions) >= 0.25, kinds
    assert kinds["bug"] >= 20, kinds
    assert kinds["open"] > 0, kinds


def test_ids_are_unique_across_files():
    seen: dict[str, Path] = {}
    for path in sorted(locations.questions_dir().glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
        for item in data["questions"]:
            assert item["id"] not in seen, f"{item['id']} in {path.name} and {seen[item['id']].name}"
            seen[item["id"]] = path


def test_related_and_exercise_links_resolve(bank):
    exercises = {ex.id for ex in catalog.list_exercises()}
    assert {"gan", "vae"} <= exercises
    for q in bank.questions.values():
        for other in q.related:
            assert other in bank.questions, f"{q.id}: related {other} does not exist"
            assert other != q.id, f"{q.id} relates to itself"
        if q.exercise is not None:
            assert q.exercise in exercises, f"{q.id}: exercise {q.exercise} does not exist"


def test_bug_items_carry_code_that_parses(questions):
    bugs = [q for q in questions if q.kind == "bug"]
    for q in bugs:
        assert q.code and q.code.strip(), q.id
        ast.parse(q.code, filename=q.id)  # a SyntaxError names the item


def test_choice_items_explain_every_option(questions):
    for q in (q for q in questions if q.kind == "choice"):
        assert 3 <= len(q.choices) <= 5, q.id
        assert any(c.correct for c in q.choices), q.id
        for c in q.choices:
            assert c.why.en.strip() and c.why.zh.strip(), q.id


def test_both_languages_everywhere(questions):
    for q in questions:
        texts = [q.prompt, q.answer, *q.key_points]
        texts += [t for c in q.choices for t in (c.text, c.why)]
        for text in texts:
            assert text.en.strip() and text.zh.strip(), q.id
        # the zh side is written in Chinese, not a copy of the English
        assert HAN.search(q.prompt.zh) and HAN.search(q.answer.zh), q.id
        assert q.prompt.zh != q.prompt.en and q.answer.zh != q.answer.en, q.id


def test_every_item_has_rubric_frequency_tags_and_references(questions):
    for q in questions:
        assert 2 <= len(q.key_points) <= 6, q.id
        assert q.frequency in range(1, 6), q.id
        assert q.tags, q.id
        assert q.references, q.id


def test_source_questions_exist_and_link_deeper(bank):
    for qid, exercise in SOURCE_QUESTIONS.items():
        q = bank.questions[qid]
        assert q.related, f"{qid} has no deeper follow-up"
        deeper = [bank.questions[r] for r in q.related]
        assert any(r.difficulty != "easy" for r in deeper), qid
        if exercise:
            assert q.exercise == exercise, qid


def test_source_code_mistakes_are_bug_items(bank):
    for qid in SOURCE_BUGS:
        assert bank.questions[qid].kind == "bug", qid


def test_derivations_and_calculations_are_covered(bank):
    needed = ["vae.elbo-derivation", "gan.optimal-discriminator", "diffusion.forward-closed-form",
              "diffusion.posterior-mean", "rl.dpo-derivation"]
    for qid in needed:
        assert bank.questions[qid].kind == "open", qid
    calc = [q for q in bank.questions.values() if "calculation" in q.tags]
    assert len(calc) >= 20, len(calc)
    for topic in ("kv-cache", "flops", "param"):
        assert any(topic in q.id for q in calc), f"no calculation item on {topic}"


def test_every_code_fence_names_its_language(questions):
    """A bare ``` makes the Markdown widget guess the lexer (~80 ms per block on reveal)."""
    bare = []
    for q in questions:
        texts = [q.prompt, q.answer, *q.key_points, *(c.text for c in q.choices), *(c.why for c in q.choices)]
        for text in texts:
            for lang in ("en", "zh"):
                openers = re.findall(r"^\s*(`{3,})(\S*)", text.get(lang), re.M)[::2]
                bare += [f"{q.id} ({lang})" for _ticks, name in openers if not name]
    assert not bare, bare


# Wave 2 (issue 16): the multimodal deck, its minimum and its own mix rules.
TARGETS["multimodal"] = 35


def test_multimodal_deck_mix(bank):
    deck = [q for q in bank.questions.values() if q.deck == "multimodal"]
    kinds = Counter(q.kind for q in deck)
    levels = Counter(q.difficulty for q in deck)
    assert kinds["choice"] / len(deck) >= 0.25, kinds
    assert kinds["bug"] >= 3, kinds
    assert levels["hard"] / len(deck) >= 0.20, levels
    assert levels["easy"] / len(deck) >= 0.20, levels


# Wave 2 (issue 16): extended decks and their minimums.
TARGETS.update({"diffusion": 56, "evaluation": 25, "aigc": 31})


@pytest.mark.parametrize("deck", ["diffusion", "evaluation", "aigc"])
def test_extended_deck_mix(bank, deck):
    """The decks extended in wave 2 keep their own mix: ≥ 25 % choice and ≥ 20 % hard."""
    items = [q for q in bank.questions.values() if q.deck == deck]
    kinds = Counter(q.kind for q in items)
    levels = Counter(q.difficulty for q in items)
    assert kinds["choice"] / len(items) >= 0.25, kinds
    assert levels["hard"] / len(items) >= 0.20, levels
    assert kinds["bug"] >= 1, kinds


# The app numbers choice options 1, 2, …; an answer that says "Correct: A, C" names options
# the user never sees.
LETTERED = re.compile(r"(?:Correct|正确(?:答案)?)\s*[:：]\s*\**\s*(?:only\s*|只有\s*)?[A-F](?![A-Za-z])")


def test_choice_answers_name_options_by_number_not_letter(questions):
    lettered = []
    for q in (q for q in questions if q.kind == "choice"):
        for text in (q.answer, *(c.why for c in q.choices)):
            for lang in ("en", "zh"):
                if LETTERED.search(text.get(lang)):
                    lettered.append(f"{q.id} ({lang})")
    assert not lettered, lettered


# Wave 2 (issue 16): the rl and coding decks grow, and keep their mix while growing.
TARGETS["rl"] = 41
TARGETS["coding"] = 45


@pytest.mark.parametrize("deck_id", ["rl", "coding"])
def test_extended_decks_keep_their_mix(bank, deck_id):
    deck = [q for q in bank.questions.values() if q.deck == deck_id]
    kinds = Counter(q.kind for q in deck)
    levels = Counter(q.difficulty for q in deck)
    assert kinds["choice"] / len(deck) >= 0.25, kinds
    assert kinds["bug"] >= 3, kinds
    assert levels["hard"] / len(deck) >= 0.20, levels
