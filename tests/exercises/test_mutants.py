"""The checks checked (rustlings' `dev check`): every reference passes every check,
every starter fails, every planted bug fails first at the check meant for it, with
the bug named, and correct submissions in other styles pass.

One checker child per suite runs all of that suite's files (one TensorFlow start-up,
one set of baselines); the two suites run in parallel under ``pytest -n 2``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.exercises.runner import run_batch
from tests.exercises.conftest import ALTERNATIVES, MUTANTS, ROOT

pytestmark = pytest.mark.slow

# mutant file stem → (the check that must fail first, words its message must contain)
GAN_MUTANTS = {
    "gan_swapped_labels": ("discriminator_loss", "labels look swapped"),
    "gan_logits_into_probability_loss": ("discriminator_loss", "from_logits mismatch: raw logits go into a probability loss"),
    "gan_sigmoid_discriminator": ("discriminator_output", "ends with a sigmoid"),
    "gan_relu_discriminator": ("discriminator_output", "never negative"),
    "gan_averaged_d_loss": ("discriminator_loss", "averaged, not summed"),
    "gan_label_smoothing_in_loss": ("discriminator_loss", "one-sided label smoothing"),
    "gan_missing_tanh": ("generator_output", "no tanh"),
    "gan_saturating_g_loss": ("generator_loss", "saturating (minimax) loss"),
    "gan_keras2_freeze": ("train_step_updates", "Keras 2 freeze recipe"),
    "gan_trainable_toggle": ("train_step_updates", "Keras 2 freeze recipe"),
    "gan_no_generator_update": ("train_step_updates", "the generator update is missing"),
    "gan_constant_noise": ("step_inputs", "the same for every example"),
    "gan_noise_batch_hardcoded": ("step_inputs", "hard-coded batch size"),
    "gan_d_update_moves_g": ("d_update", "the discriminator update also moves the generator"),
    "gan_wrong_optimizer": ("d_update", "wrong optimizer"),
    "gan_loss_args_swapped_in_step": ("d_update", "labels are swapped inside train_step"),
    "gan_label_smoothing_in_step": ("d_update", "label smoothing"),
    "gan_loss_divided_by_64": ("d_update", "hard-coded 64"),
    "gan_d_update_twice": ("d_update", "twice"),
    "gan_g_minimises_d_loss": ("g_update", "minimises the discriminator's loss"),
    "gan_saturating_in_step": ("g_update", "saturating (minimax) loss"),
    "gan_reports_wrong_g_loss": ("g_update", "not the loss that was optimised"),
    "gan_simultaneous_updates": ("g_update", "before its update"),
    "gan_g_reuses_d_fakes": ("g_update", "used it for both updates"),
    "gan_fixed_noise": ("g_update", "fixed seed"),  # found by the both-learning probe, before fresh_noise
    "gan_numpy_noise_in_g_step": ("fresh_noise", "in the generator's update"),
}
VAE_MUTANTS = {
    "vae_exp_logvar": ("reparam_formula", "exp(z_log_var), the variance"),
    "vae_uniform_noise": ("reparam_statistics", "uniform"),
    "vae_constant_epsilon": ("reparam_statistics", "epsilon is constant"),
    "vae_stop_gradient": ("reparam_gradient", "stop_gradient"),
    "vae_noise_fixed_at_build": ("reparam_stochastic", "frozen into it"),
    "vae_kl_wrong_sign": ("kl_divergence", "sign is flipped"),
    "vae_bce_mean_over_pixels": ("reconstruction_loss", "averages the BCE over the pixels"),
    "vae_decoder_no_sigmoid": ("decoder_output", "no sigmoid"),
    "vae_encoder_ignores_input": ("encoder_output", "ignores its input"),
    "vae_relu_log_var_head": ("encoder_output", "z_log_var is never negative"),
    "vae_decoder_only_update": ("train_step_updates", "encoder's weights did not change"),
    "vae_decoder_gets_z_mean": ("step_sampling", "receives z_mean"),
    "vae_eps_shared_across_dims": ("step_sampling", "shared across the latent dimensions"),
    "vae_sample_args_swapped": ("step_sampling", "arguments swapped"),
    "vae_missing_kl": ("kl_gradient", "KL term is missing"),
    "vae_kl_not_differentiated": ("kl_gradient", "KL term is missing"),
    "vae_kl_subtracted": ("kl_gradient", "KL term is subtracted"),
    "vae_kl_summed_over_batch": ("kl_gradient", "summed over the batch"),
    "vae_kl_mean_over_dims": ("kl_gradient", "averaged over the 8 latent dimensions"),
    "vae_half_kl": ("kl_gradient", "weighted by ½"),
    "vae_sample_kl": ("kl_gradient", "estimated from the sample"),
    "vae_kl_reported_summed": ("kl_gradient", "summed over the batch"),
    "vae_sse_reconstruction": ("elbo_gradient", "squared error"),
    "vae_rec_divided_by_64": ("elbo_gradient", "hard-coded 64"),
    "vae_stop_gradient_in_step": ("elbo_gradient", "no reconstruction gradient reaches the encoder"),
    "vae_numpy_eps_in_step": ("fresh_noise", "drawn once"),
}
ATTENTION_MUTANTS = {
    "attention_no_scale": ("attention_scale", "not scaled at all"),
    "attention_scale_dv": ("attention_scale", "scaled by √dv (v's last axis) instead of √d"),
    "attention_returns_weights_first": ("attention_scale", "returned (weights, output): the pair is swapped"),
    "attention_softmax_query_axis": ("softmax_axis", "the softmax runs over the query axis"),
    "attention_mask_after_softmax": ("masking", "the mask is applied after the softmax"),
    "attention_mask_inverted": ("masking", "the mask is inverted"),
    "attention_mask_multiplied": ("masking", "the mask multiplies the scores"),
    "attention_finite_mask": ("masking", "a finite additive mask (-1e4) is not enough"),
    "attention_softmax_overflow": ("masking", "exp overflowed"),
    "attention_renormalised_after_softmax": ("masking", "renormalised after masking"),
    "attention_causal_sees_next": ("causal_mask", "one step into the future"),
    "attention_causal_strict": ("causal_mask", "hides each token from itself"),
    "attention_split_bare_reshape": ("split_merge", "bare reshape to (batch, heads, T, d_head) without the transpose"),
    "attention_merge_no_transpose": ("split_merge", "merges the heads by a bare reshape without transposing back"),
    "attention_scale_d_model": ("layer_values", "scaled by √d_model instead of √d_head"),
    "attention_no_output_projection": ("layer_values", "the output projection wo is not applied"),
    "attention_causal_ignored": ("causality", "causal=True is ignored"),
    "attention_padding_on_queries": ("padding", "applied to the queries instead of the keys"),
    "attention_position_bias": ("permutation", "self-attention has no notion of position"),
    "attention_stop_gradient_keys": ("gradients", "no gradient reaches wk.kernel"),
    "attention_query_frozen": ("learning", "did not learn to attend 3 positions back"),
}
# Which check the debug starters trip first (the order their bugs surface in).
DEBUG_FIRST = {"gan": "generator_output", "vae": "decoder_output", "attention": "softmax_axis"}
ALTERNATIVE_FILES = {
    "gan": ["gan_subclassed.py", "gan_small_conv.py", "gan_sequential_tfnn.py", "gan_subclassed_addweight_conv.py",
            "gan_dcgan_bn_uniform_noise.py", "gan_module_tf_function.py"],
    "vae": ["vae_conv.py", "vae_mlp_seedgen_keras_ops.py", "vae_conv_transpose_tf_maths.py",
            "vae_subclassed_addweight_tffunction.py", "vae_module_tf_function.py"],
    "attention": ["attention_einsum_tf.py", "attention_ops_additive_mask.py", "attention_numpy_causal_mask.py"],
}


def _first_problem(report: dict) -> dict | None:
    return next((c for c in report["checks"] if c["status"] in ("fail", "error")), None)


def _describe(report: dict) -> str:
    problem = _first_problem(report)
    if problem is None:
        return f"status {report['status']}, no failing check"
    return f"status {report['status']}, first problem {problem['name']}: {problem['message'][:300]}"


def _check_suite(suite: str, mutants: dict[str, tuple[str, str]]) -> None:
    exercises = ROOT / "exercises"
    must_pass = {
        "reference": exercises / suite / "solution.py",
        "debug reference": exercises / f"{suite}-debug" / "solution.py",
        **{f"alternative {name}": ALTERNATIVES / name for name in ALTERNATIVE_FILES[suite]},
    }
    must_fail = {"starter": exercises / suite / "starter.py", "debug starter": exercises / f"{suite}-debug" / "starter.py"}
    mutant_files = {stem: MUTANTS / f"{stem}.py" for stem in mutants}
    listed = {p.stem for p in MUTANTS.glob(f"{suite}_*.py")}
    assert listed == set(mutants), f"mutant files and the expectation table differ: {listed ^ set(mutants)}"

    files = [*must_pass.values(), *must_fail.values(), *mutant_files.values()]
    reports = dict(zip(files, run_batch(suite, files)))
    problems = []
    for label, path in must_pass.items():
        report = reports[path]
        if report["status"] != "pass" or any(c["status"] != "pass" for c in report["checks"]):
            problems.append(f"{label} must pass every check: {_describe(report)}")
    for label, path in must_fail.items():
        report = reports[path]
        if report["status"] != "fail":
            problems.append(f"{label} must fail: {_describe(report)}")
    first = _first_problem(reports[must_fail["debug starter"]])
    if first is None or first["name"] != DEBUG_FIRST[suite]:
        problems.append(f"debug starter should fail first at {DEBUG_FIRST[suite]}: {_describe(reports[must_fail['debug starter']])}")
    for stem, (check, words) in mutants.items():
        report = reports[mutant_files[stem]]
        problem = _first_problem(report)
        if report["status"] != "fail" or problem is None or problem["name"] != check or problem["status"] != "fail":
            problems.append(f"{stem}: expected to fail first at {check}; got {_describe(report)}")
        elif words not in problem["message"]:
            problems.append(f"{stem}: {check} failed but the message does not name the bug ({words!r}): {problem['message']}")
    assert not problems, "\n".join(problems)
    reference = reports[must_pass["reference"]]
    metrics = reference["metrics"]
    assert set(metrics["curves"]) == {"submission", "reference"}
    if suite == "attention":  # the learning check's loss curves, the reference's over the same steps
        ours, theirs = metrics["curves"]["submission"]["loss"], metrics["curves"]["reference"]["loss"]
        assert len(ours) == len(theirs) == metrics["learning_steps"] and ours[-1] < 0.5 * ours[0]
        return
    assert len(metrics["samples"]) == 16 and len(metrics["samples"][0]) == 28 and len(metrics["samples"][0][0]) == 28
    assert len(metrics["real_samples"]) == 16
    assert all(0.0 <= v <= 1.0 for row in metrics["samples"][0] for v in row)


def test_gan_references_starters_mutants_and_alternatives(baselines: Path) -> None:
    _check_suite("gan", GAN_MUTANTS)


def test_vae_references_starters_mutants_and_alternatives(baselines: Path) -> None:
    _check_suite("vae", VAE_MUTANTS)


def test_attention_references_starters_mutants_and_alternatives(baselines: Path) -> None:
    _check_suite("attention", ATTENTION_MUTANTS)
