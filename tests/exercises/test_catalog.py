"""Exercise metadata: the four built-in exercises, and named errors for bad files."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from quiz.exercises.catalog import CatalogError, UnknownExercise, get_exercise, list_exercises

ALLOWED_RELATED = {
    "coding.implement-simple-gan", "gan.how-gan-works", "gan.how-to-train", "gan.non-saturating-loss",
    "gan.optimal-discriminator", "gan.mode-collapse", "coding.implement-vae", "vae.how-vae-works",
    "vae.elbo-derivation", "vae.reparameterisation", "vae.gaussian-kl", "vae.posterior-collapse",
    "decoding.top-k-top-p", "decoding.temperature", "decoding.greedy-beam-sampling",
    "decoding.beam-length-normalisation", "decoding.bug-top-p", "decoding.bug-temperature-after-softmax",
    "coding.implement-attention", "transformer.scaled-dot-product", "transformer.multi-head",
    "transformer.masks-causal-padding", "coding.mask-construction", "transformer.causal-training-parallel",
    "transformer.bug-softmax-axis", "transformer.bug-causal-mask-after-softmax", "coding.bug-causal-mask-flipped",
    "coding.bug-attention-no-scaling", "transformer.bug-padding-mask-queries",
    "gan.wgan", "gan.wgan-gp", "gan.bug-wgan-gp-norm", "gan.spectral-norm", "gan.wgan-parallel-lines",
    "gan.reading-the-losses",
    "coding.ddpm-train-step", "diffusion.training-algorithm", "diffusion.forward-closed-form",
    "diffusion.linear-schedule-endpoint", "diffusion.eps-x0-v-relations", "diffusion.vlb-to-simple-loss",
    "diffusion.last-step-no-noise", "diffusion.bug-q-sample", "diffusion.bug-ancestral-step",
}


def test_the_four_exercises() -> None:
    exercises = {e.id: e for e in list_exercises()}
    assert set(exercises) == {"gan", "vae", "gan-debug", "vae-debug", "sampling", "attention", "attention-debug", "wgan-gp", "ddpm", "ddpm-debug"}
    for ex in exercises.values():
        for field in ("title", "statement"):
            assert ex.text(field, "en") and ex.text(field, "zh")
        assert len(ex.hints) >= 3 and all(h.en and h.zh for h in ex.hints)
        assert set(ex.related) <= ALLOWED_RELATED and ex.related
        assert ex.time_limit >= 60
        ast.parse(ex.contract)
        ast.parse(ex.starter.read_text(encoding="utf-8"))
        ast.parse(ex.solution.read_text(encoding="utf-8"))
        assert ex.baseline_reference.is_file()
    assert exercises["gan-debug"].checks == "gan" and exercises["vae-debug"].checks == "vae"
    assert exercises["gan-debug"].baseline_reference == exercises["gan"].solution
    assert exercises["sampling"].checks == "sampling"
    assert exercises["attention-debug"].checks == "attention"
    assert exercises["attention-debug"].baseline_reference == exercises["attention"].solution
    # A suite is a package (wgan_gp); its baselines come from the exercise folder wgan-gp.
    assert exercises["wgan-gp"].checks == "wgan_gp" and exercises["wgan-gp"].baseline_reference == exercises["wgan-gp"].solution
    assert exercises["ddpm-debug"].checks == "ddpm" and exercises["ddpm-debug"].baseline_reference == exercises["ddpm"].solution


def test_contract_names_match_the_starters() -> None:
    for ex in list_exercises():
        contract = {n.name for n in ast.parse(ex.contract).body if isinstance(n, ast.FunctionDef)}
        starter = {n.name for n in ast.parse(ex.starter.read_text()).body if isinstance(n, ast.FunctionDef)}
        assert contract <= starter, ex.id
        assert contract


def test_starters_have_todos_and_debug_starters_do_not() -> None:
    for ex in list_exercises():
        text = ex.starter.read_text()
        assert ("TODO" in text) == (not ex.id.endswith("-debug")), ex.id


def test_related_ids_exist_in_the_bank() -> None:
    from quiz import locations

    known: set[str] = set()
    for path in locations.questions_dir().glob("*.yaml"):
        known |= {line.split("id:", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip().startswith("- id:")}
    for ex in list_exercises():
        missing = set(ex.related) - known
        assert not missing, f"{ex.id}: related ids not in the bank: {sorted(missing)}"


def test_unknown_exercise_lists_the_known_ones() -> None:
    with pytest.raises(UnknownExercise, match="available: attention, attention-debug, ddpm, ddpm-debug, gan, gan-debug, sampling, vae, vae-debug, wgan-gp"):
        get_exercise("dcgan")
    with pytest.raises(UnknownExercise):
        get_exercise("../gan")


def _copy(tmp_path: Path, ex_id: str = "gan") -> Path:
    root = tmp_path / "exercises"
    shutil.copytree(get_exercise(ex_id).folder, root / ex_id)
    return root


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace("format: 1", "format: 2"), "format must be 1"),
        (lambda t: t.replace("difficulty: medium", "difficulty: brutal"), "difficulty must be one of"),
        (lambda t: t.replace("time_limit: 180", "time_limit: -1"), "time_limit must be a positive"),
        (lambda t: t.replace("checks: gan", "checks: diffusion"), "checks must be one of"),
        (lambda t: t.replace("id: gan", "id: other"), "must be kebab-case and match the folder"),
        (lambda t: t + "\nextra_key: 1\n", "unknown keys ['extra_key']"),
        (lambda t: t.replace("  zh: 实现一个简单的 GAN\n", ""), "'title' is missing its 'zh' text"),
        (lambda t: t.replace("title:", "title: [", 1), "invalid YAML"),
    ],
)
def test_bad_metadata_is_named(tmp_path: Path, edit, message: str) -> None:
    root = _copy(tmp_path)
    path = root / "gan" / "exercise.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(CatalogError, match=message.replace("[", r"\[").replace("]", r"\]")):
        get_exercise("gan", root)


def test_missing_solution_is_named(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "gan" / "solution.py").unlink()
    with pytest.raises(CatalogError, match="solution.py: missing"):
        list_exercises(root)
