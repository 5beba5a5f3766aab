"""Numeric claims in the coding deck, recomputed with NumPy (float64 unless a test is about float32/float16)."""

from __future__ import annotations

import numpy as np
import pytest

from .claims import answer_text, assert_states


def softplus(x):
    return np.logaddexp(0.0, np.asarray(x, dtype=np.float64))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def bce_from_logits(labels, logits):
    """Mean binary cross-entropy from logits: mean(softplus(l) - y*l)."""
    labels, logits = np.asarray(labels, float), np.asarray(logits, float)
    return float(np.mean(softplus(logits) - labels * logits))


def kl_to_std_normal(mu, log_var):
    mu, log_var = np.asarray(mu, float), np.asarray(log_var, float)
    return float(-0.5 * np.sum(1.0 + log_var - mu**2 - np.exp(log_var)))


def test_gan_losses_at_chance():
    zeros = np.zeros(16)
    d_loss = bce_from_logits(np.ones(16), zeros) + bce_from_logits(np.zeros(16), zeros)
    g_loss = bce_from_logits(np.ones(16), zeros)
    assert np.isclose(d_loss, 2 * np.log(2)) and np.isclose(g_loss, np.log(2))
    for qid in ("coding.implement-simple-gan", "coding.loss-stuck-at-chance", "coding.bug-averaged-d-loss"):
        assert_states(qid, d_loss)  # 1.386
        assert_states(qid, g_loss)  # 0.693
    # averaging the two terms halves the value: exactly ln 2 at chance
    assert_states("coding.bug-averaged-d-loss", d_loss / 2)
    assert_states("coding.bug-averaged-d-loss", 0.5)


def test_constant_logit_d_settles_exactly_at_chance():
    """The answer's other case: a D whose output ignores its input can only learn a
    constant logit c, and softplus(−c) + softplus(c) is smallest at c = 0 (2 ln 2)."""
    c = np.linspace(-5, 5, 100001)
    d_loss = np.logaddexp(0, -c) + np.logaddexp(0, c)
    assert abs(c[np.argmin(d_loss)]) < 1e-9
    assert np.isclose(d_loss.min(), 2 * np.log(2.0))
    for lang in ("en", "zh"):
        assert "softplus(−c) + softplus(c)" in answer_text("coding.loss-stuck-at-chance", lang)


def test_probability_path_clip_and_logits_path():
    # Keras clips probabilities to [1e-7, 1 - 1e-7]: worst-case BCE is -ln(1e-7)
    cap = -np.log(1e-7)
    assert_states("coding.from-logits-stability", cap)  # 16.118
    # from logits, a real example at logit -30 costs softplus(30) = 30.0
    assert_states("coding.from-logits-stability", float(softplus(30.0)), rel=1e-6)






def test_saturating_generator_gradient():
    # d/dl log(1 - sigma(l)) = -sigma(l);  d/dl -log sigma(l) = -(1 - sigma(l))
    d_of_fake = 0.01
    l = np.log(d_of_fake / (1 - d_of_fake))
    h = 1e-6
    sat = (np.log(1 - sigmoid(l + h)) - np.log(1 - sigmoid(l - h))) / (2 * h)
    nonsat = (-np.log(sigmoid(l + h)) + np.log(sigmoid(l - h))) / (2 * h)
    qid = "coding.bug-saturating-g-loss"
    assert_states(qid, abs(sat), rel=1e-4)  # 0.01
    assert_states(qid, abs(nonsat), rel=1e-4)  # 0.99
    assert_states(qid, abs(nonsat / sat), rel=1e-4)  # 99
    # float32: 1 - sigmoid(l) rounds to 0 from a logit of about 17, so the log is -inf
    one = np.float32(1.0)
    assert one - one / (one + np.exp(np.float32(-17.0))) == 0.0
    assert one - one / (one + np.exp(np.float32(-15.0))) > 0.0
    assert_states(qid, 17)


def test_mha_parameter_count():
    d_model, heads, key_dim = 512, 8, 64
    proj = d_model * heads * key_dim + heads * key_dim  # one of Q, K, V
    out = heads * key_dim * d_model + d_model
    total = 3 * proj + out
    assert total == 4 * d_model**2 + 4 * d_model == 1_050_624
    qid = "coding.mha-param-count"
    assert_states(qid, total, rel=0)
    assert_states(qid, proj, rel=0)  # 262,656
    assert_states(qid, 3 * proj, rel=0)  # 787,968 (no output projection)
    assert_states(qid, 4 * d_model**2, rel=0)  # 1,048,576 (no biases)
    assert_states(qid, 4 * d_model, rel=0)  # 2,048 biases
    wide = 3 * (d_model * heads * d_model + heads * d_model) + (heads * d_model * d_model + d_model)
    assert_states(qid, wide, rel=0)  # 8,401,408 (key_dim = 512)


def test_kl_closed_form_values():
    mu, log_var = np.array([1.0, 0.0]), np.array([0.0, np.log(0.25)])
    kl = kl_to_std_normal(mu, log_var)
    qid = "coding.kl-numeric"
    assert_states(qid, kl)  # 0.818
    assert_states(qid, kl_to_std_normal(mu[1:], log_var[1:]))  # 0.318
    assert_states(qid, 2 * kl)  # 1.636, factor 1/2 dropped
    sigma_for_var = float(-0.5 * np.sum(1 + log_var - mu**2 - np.exp(0.5 * log_var)))
    assert_states(qid, sigma_for_var)  # 0.943
    assert_states(qid, float(-0.5 * (1 + np.log(0.25) - np.exp(0.5 * np.log(0.25)))))  # 0.443
    assert_states(qid, 0.5 * float(np.sum(mu**2)))  # 0.5
    assert_states(qid, -np.log(0.25))  # ln 0.25 = -1.386 (sign not parsed)
    fifteen = kl_to_std_normal(np.ones(15), np.zeros(15))
    assert fifteen == 7.5 and kl_to_std_normal(np.zeros(15), np.zeros(15)) == 0.0
    for qid in ("coding.implement-vae", "coding.bug-vae-missing-kl", "coding.bug-kl-sign"):
        assert_states(qid, fifteen)


def test_ddpm_schedule_numbers():
    betas = np.linspace(1e-4, 0.02, 1000)
    alpha_bar = np.cumprod(1.0 - betas)
    for qid in ("coding.alpha-bar-schedule", "coding.ddpm-train-step"):
        assert_states(qid, alpha_bar[-1])  # 4.04e-5
        assert_states(qid, np.sqrt(alpha_bar[-1]))  # 0.00635
        assert_states(qid, betas.sum())  # 10.05
        assert_states(qid, abs(1.0 - betas.sum()))  # 1 - sum = -9.05 (minus sign not parsed)
    assert_states("coding.alpha-bar-schedule", alpha_bar[499])  # t = 500: 0.0786


def test_q_sample_without_roots_loses_variance():
    ab = 0.5
    var_bug = ab**2 + (1 - ab) ** 2
    var_ok = (np.sqrt(ab)) ** 2 + (np.sqrt(1 - ab)) ** 2
    assert np.isclose(var_ok, 1.0)
    assert_states("coding.bug-q-sample-missing-sqrt", var_bug)  # 0.5


def test_reparameterisation_statistics():
    sigma = np.exp(0.5 * np.log(0.25))
    wrong = np.exp(np.log(0.25))
    assert_states("coding.bug-reparam-variance", sigma)  # 0.5
    assert_states("coding.bug-reparam-variance", wrong)  # 0.25
    assert_states("coding.reparam-implementations", wrong)
    # uniform [0, 1) noise: mean 1/2, std 1/sqrt(12)
    assert_states("coding.reparam-implementations", 2.0 + sigma * 0.5)  # 2.25
    assert_states("coding.reparam-implementations", 1.0 / np.sqrt(12.0), rel=2e-3)  # 0.289


@pytest.mark.slow(tensorflow=False)  # half a second or more of CPU
def test_attention_score_scale():
    rng = np.random.default_rng(0)
    d_k = 64
    q, k = rng.standard_normal((200_000, d_k)), rng.standard_normal((200_000, d_k))
    dots = np.sum(q * k, axis=1)
    assert abs(dots.var() / d_k - 1.0) < 0.02  # Var(q.k) = d_k
    for qid in ("coding.implement-attention", "coding.bug-attention-no-scaling"):
        assert_states(qid, np.sqrt(d_k))  # 8
    assert_states("coding.bug-attention-no-scaling", np.sqrt(8.0), rel=0.02)  # about 2.8


def test_pixel_count_and_float16_mask_constant():
    assert_states("coding.bug-bce-mean-over-pixels", 28 * 28)
    assert_states("coding.bce-reduction-images", 28 * 28)
    assert_states("coding.implement-vae", 28 * 28)
    # mean-over-pixels x 784 equals the per-image sum
    rng = np.random.default_rng(1)
    x = (rng.random((4, 28, 28, 1)) > 0.5).astype(float)
    p = np.clip(rng.random((4, 28, 28, 1)), 1e-3, 1 - 1e-3)
    per_pixel = -(x * np.log(p) + (1 - x) * np.log(1 - p))
    assert np.isclose(784 * per_pixel.mean(), per_pixel.sum(axis=(1, 2, 3)).mean())
    # float16 cannot hold -1e9 (it overflows to -inf); -3e4 fits
    fmax = float(np.finfo(np.float16).max)
    assert_states("coding.mask-construction", fmax, rel=0)  # 65504
    with np.errstate(over="ignore"):
        assert np.isinf(np.float16(-1e9)) and np.isfinite(np.float16(-3e4))


# ------------------------------------------------- wave 2 (issue 16): attention, sampling, DDPM


def _run_snippet(qid, replace=None):
    """Execute a bug item's NumPy snippet, optionally with one fix applied; return (namespace, stdout)."""
    import contextlib
    import io

    from .claims import question

    code = question(qid)["code"]
    for old, new in replace or []:
        assert code.count(old) == 1, f"{qid}: the fix must replace exactly one spot: {old!r}"
        code = code.replace(old, new)
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, qid, "exec"), namespace)  # noqa: S102 - the bank's own snippet
    return namespace, out.getvalue().strip().splitlines()


def _claimed_outputs(qid):
    """The outputs the snippet's print lines claim in their trailing comments."""
    from .claims import question

    return [line.split("#", 1)[1].strip() for line in question(qid)["code"].splitlines()
            if line.lstrip().startswith("print(") and "#" in line]


def _answer_block(qid, lang="en"):
    import re

    from .claims import question

    return re.search(r"```python\n(.*?)```", question(qid)["answer"][lang], re.S).group(1)


def test_split_heads_example_in_the_model_answer():
    x = np.arange(16).reshape(1, 4, 4)
    head0 = x.reshape(1, 4, 2, 2).transpose(0, 2, 1, 3)[0, 0]
    assert head0.tolist() == [[0, 1], [4, 5], [8, 9], [12, 13]]
    for lang in ("en", "zh"):
        assert "[[0, 1], [4, 5], [8, 9], [12, 13]]" in answer_text("coding.implement-multi-head-attention", lang)


def _causal_attention(x, split, merge, heads):
    """Identity-projection causal self-attention built from the given split/merge helpers."""
    q = split(x, heads)
    scores = q @ q.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
    t = scores.shape[-1]
    scores = np.where(np.tril(np.ones((t, t), bool)), scores, -1e9)
    w = np.exp(scores - scores.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    return merge(w @ q)


def test_bug_split_heads_reshape_runs_as_stated():
    qid = "coding.bug-split-heads-reshape"
    ns, printed = _run_snippet(qid)
    assert printed == _claimed_outputs(qid) == ["[[0, 1], [2, 3], [4, 5], [6, 7]]", "True"]
    fix = [
        ("return x.reshape(b, num_heads, t, d // num_heads)",
         "return x.reshape(b, t, num_heads, d // num_heads).transpose(0, 2, 1, 3)"),
        ("return x.reshape(b, t, h * dh)", "return x.transpose(0, 2, 1, 3).reshape(b, t, h * dh)"),
    ]
    fixed, printed_fixed = _run_snippet(qid, fix)
    assert printed_fixed == ["[[0, 1], [4, 5], [8, 9], [12, 13]]", "True"]
    for lang in ("en", "zh"):
        text = answer_text(qid, lang)
        assert fix[0][1] in text and fix[1][1] in text
    # the stated symptom: under the bug, token 2's output ignores token 0; fixed, it depends on it
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, 4, 4))
    x2 = x.copy()
    x2[0, 0] += 3.0
    for helpers, depends in ((ns, False), (fixed, True)):
        a = _causal_attention(x, helpers["split_heads"], helpers["merge_heads"], 2)
        b = _causal_attention(x2, helpers["split_heads"], helpers["merge_heads"], 2)
        assert (np.abs(a[0, 2] - b[0, 2]).max() > 1e-9) == depends


def test_bug_padding_mask_axis_runs_as_stated():
    qid = "coding.bug-padding-mask-axis"
    _, printed = _run_snippet(qid)
    assert printed == _claimed_outputs(qid) == ["True"]
    _, printed_fixed = _run_snippet(qid, [("mask = padding_mask[:, :, None]", "mask = padding_mask[:, None, :]")])
    assert printed_fixed == ["False"]


@pytest.mark.slow(tensorflow=False)  # half a second or more of CPU
def test_top_k_top_p_model_answer_behaves_as_stated():
    qid = "coding.implement-top-k-top-p"
    ns: dict = {}
    exec(_answer_block(qid), ns)  # noqa: S102 - the bank's own model answer (NumPy only)
    kept_k = np.isfinite(ns["top_k_filter"](np.array([[3.0, 2.0, 2.0, 1.0]]), 2))
    assert kept_k.tolist() == [[True, True, True, False]]
    assert np.array_equal(ns["top_k_filter"](np.array([[3.0, 2.0]]), 5), [[3.0, 2.0]])
    row = np.array([[2.0, 1.0, 0.0]])
    probs = ns["softmax"](row)[0]
    for p in probs:
        assert_states(qid, p)                        # 0.665, 0.245, 0.090
    assert_states(qid, probs[0] + probs[1])          # 0.910
    assert np.isfinite(ns["top_p_filter"](row, 0.7)).tolist() == [[True, True, False]]
    assert np.isfinite(ns["top_p_filter"](row, 0.6)).tolist() == [[True, False, False]]
    assert np.isfinite(ns["top_p_filter"](row, 1.0)).all()
    # ...but in float64 a token below rounding error is dropped even at p = 1, as the answer warns
    tiny = np.array([[0.0, -50.0]])                  # probabilities 1 and ~2e-22
    assert ns["softmax"](tiny)[0, 1] > 0
    assert np.isfinite(ns["top_p_filter"](tiny, 1.0)).tolist() == [[True, False]]
    assert "skip the filter when p ≥ 1" in answer_text(qid, "en") and "p ≥ 1 时干脆跳过" in answer_text(qid, "zh")
    assert np.isfinite(ns["top_p_filter"](row, 1e-6)).tolist() == [[True, False, False]]
    # sample_next draws only surviving tokens, with the filtered frequencies
    rng = np.random.default_rng(0)
    draws = ns["sample_next"](np.repeat(row, 20000, axis=0), rng, top_p=0.7)
    assert set(np.unique(draws)) == {0, 1}
    assert abs(np.mean(draws == 0) - probs[0] / (probs[0] + probs[1])) < 0.01
    import pytest

    with pytest.raises(ValueError):
        ns["softmax"](row, temperature=0.0)


def test_bug_top_p_ascending_sort_runs_as_stated():
    qid = "coding.bug-top-p-ascending-sort"
    _, printed = _run_snippet(qid)
    assert printed == _claimed_outputs(qid) == ["[[True, True, True]]", "[[False, True, True]]"]
    fix = [('order = np.argsort(probs, axis=-1, kind="stable")', 'order = np.argsort(-probs, axis=-1, kind="stable")')]
    _, printed_fixed = _run_snippet(qid, fix)
    assert printed_fixed == ["[[True, True, True]]", "[[True, False, False]]"]
    for lang in ("en", "zh"):
        assert fix[0][1] in answer_text(qid, lang)
    # reversing an ascending sort flips the order of tied tokens (higher index first)
    probs = np.array([0.4, 0.3, 0.3])
    assert np.argsort(-probs, kind="stable").tolist() == [0, 1, 2]
    assert np.argsort(probs, kind="stable")[::-1].tolist() == [0, 2, 1]
    for lang in ("en", "zh"):
        assert 'np.argsort(probs, kind="stable")[..., ::-1]' in answer_text(qid, lang)


def test_top_k_ties_choices():
    qid = "coding.top-k-ties"
    logits = np.array([3.0, 2.0, 2.0, 1.0])
    kept = np.where(logits >= np.sort(logits)[-2], logits, -np.inf)
    assert np.isfinite(kept).tolist() == [True, True, True, False]
    by_argsort = sorted(np.argsort(logits)[-2:].tolist())
    assert len(by_argsort) == 2 and 0 in by_argsort
    assert by_argsort == [0, 2]
    assert "(here 2 and 0)" in answer_text(qid, "en") and "这里是 2 和 0" in answer_text(qid, "zh")


def test_temperature_then_top_p_numbers():
    qid = "coding.temperature-then-top-p"
    p1 = np.exp([2.0, 1.0, 0.0]) / np.exp([2.0, 1.0, 0.0]).sum()
    p05 = np.exp([4.0, 2.0, 0.0]) / np.exp([4.0, 2.0, 0.0]).sum()
    for p in (*p1, *p05):
        assert_states(qid, p, rel=0.01)              # 0.665 0.245 0.090 / 0.867 0.117 0.016 (3 decimals)
    # p = 0.8: two tokens at T = 1 (mass before token 1 is 0.665), one at T = 0.5
    assert p1[0] < 0.8 <= p1[0] + p1[1] and p05[0] >= 0.8
    # filtering first, tempering after: token 1 keeps σ(−2) of the mass
    assert_states(qid, float(sigmoid(-2.0)))         # 0.119


def test_bug_beam_search_score_runs_as_stated():
    qid = "coding.bug-beam-search-score"
    _, printed = _run_snippet(qid)
    assert printed == _claimed_outputs(qid) == ["[1, 0]"]
    fix = [("candidates.append((tokens + [tok], lp))", "candidates.append((tokens + [tok], score + lp))")]
    ns, printed_fixed = _run_snippet(qid, fix)
    assert printed_fixed == ["[0, 0]"]
    for lang in ("en", "zh"):
        assert fix[0][1].strip() in answer_text(qid, lang)
    # exhaustive optimum and the probabilities the answer states
    table = ns["TABLE"]
    seqs = {(a, b): table[()][a] * table[(a,)][b] for a in (0, 1) for b in (0, 1)}
    best = max(seqs.values())
    assert_states(qid, best)                         # 0.45
    assert_states(qid, seqs[(1, 0)])                 # 0.099
    # width 1 equals greedy; width 4 (every continuation) equals the optimum
    assert ns["beam_search"](ns["toy"], [], 1, 2) == [0, 0]
    assert seqs[tuple(ns["beam_search"](ns["toy"], [], 4, 2))] == best


def _ddpm_schedule():
    betas = np.linspace(1e-4, 0.02, 1000)
    return betas, np.cumprod(1.0 - betas)


def test_p_sample_coefficients_and_single_point_property():
    qid = "coding.implement-p-sample"
    betas, ab = _ddpm_schedule()
    assert_states(qid, betas[0] / np.sqrt(1 - ab[0]))          # 0.01 = √β_0
    assert_states(qid, 1 / np.sqrt(1 - betas[0]), rel=1e-6)    # 1.00005
    assert_states(qid, betas[-1] / np.sqrt(1 - ab[-1]))        # 0.02
    # NumPy port of the answer's formula: the exact single-point predictor ends at c
    c = np.array([0.5, -0.3])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((256, 2))
    for t in reversed(range(1000)):
        eps = (x - np.sqrt(ab[t]) * c) / np.sqrt(1 - ab[t])
        mean = (x - betas[t] / np.sqrt(1 - ab[t]) * eps) / np.sqrt(1 - betas[t])
        x = mean if t == 0 else mean + np.sqrt(betas[t]) * rng.standard_normal(x.shape)
    assert np.abs(x - c).max() < 1e-10


def test_bug_p_sample_index_runs_as_stated():
    qid = "coding.bug-p-sample-index"
    _, printed = _run_snippet(qid)
    assert printed == _claimed_outputs(qid) == ["0.0112"]
    assert_states(qid, float(printed[0]))
    fix = [("alphas_cumprod[t - 1])", "alphas_cumprod[t])")]
    _, printed_fixed = _run_snippet(qid, fix)
    assert float(printed_fixed[0]) < 1e-12
    betas, ab = _ddpm_schedule()
    assert_states(qid, ab[-1])                                 # 4.04e-5 (the wrapped index)
    assert_states(qid, np.sqrt(betas[0]))                      # 0.01
    assert_states(qid, betas[0] / np.sqrt(1 - ab[-1]))         # 1.0e-4
    assert_states(qid, 100 * (1 - (betas[0] / np.sqrt(1 - ab[-1])) / np.sqrt(betas[0])), rel=0.01)  # 99 %


def test_gradient_penalty_linear_critic_values():
    # a linear critic has gradient w everywhere: penalty (‖w‖ − 1)²
    w = np.zeros(784)
    w[0] = 3.0
    assert_states("coding.implement-gradient-penalty", (np.linalg.norm(w) - 1) ** 2)   # 4
    # summing the norm over the batch: minimiser 1/√B; a 1-Lipschitz linear critic gets (√B − 1)²
    qid = "coding.bug-gp-norm-over-batch"
    assert_states(qid, 1 / np.sqrt(64))                        # 0.125
    assert_states(qid, (np.sqrt(4) * 1.0 - 1.0) ** 2)          # 1 for B = 4
    g = np.linspace(0.01, 1.0, 100_000)
    assert abs(g[np.argmin((np.sqrt(64) * g - 1) ** 2)] - 0.125) < 1e-4


def test_wave2_bug_answers_point_at_the_buggy_line():
    """The "(line N)" in each new bug answer names the line that the tested fix replaces."""
    import re

    from .claims import question

    buggy_text = {
        "coding.bug-split-heads-reshape": "x.reshape(b, num_heads, t, d // num_heads)",
        "coding.bug-padding-mask-axis": "padding_mask[:, :, None]",
        "coding.bug-top-p-ascending-sort": "np.argsort(probs,",
        "coding.bug-beam-search-score": "candidates.append((tokens + [tok], lp))",
        "coding.bug-p-sample-index": "alphas_cumprod[t - 1]",
        "coding.bug-gp-norm-over-batch": "norm = tf.norm(grads)",
        "rl.dpo-reference-sign-bug": "pi_logratio + ref_logratio",
        "rl.grpo-batch-normalisation-bug": "(r - r.mean()) / (r.std() + eps)",
    }
    for qid, text in buggy_text.items():
        lines = question(qid)["code"].splitlines()
        for lang in ("en", "zh"):
            m = re.search(r"(?:lines?|第) ?(\d+)", question(qid)["answer"][lang])
            assert m, f"{qid} [{lang}] names no line"
            assert text in lines[int(m.group(1)) - 1], (qid, lang, m.group(1))
