"""Run the Keras 3 behaviours that the coding deck's answers describe, and print them as JSON.

Run in a child process (``python tests/unit/bank/keras_probe.py``) by
``test_claims_keras.py``, so TensorFlow never loads into the test process (other
tests assert that it stays out of it). Each probe uses tiny models and a few steps.
"""

from __future__ import annotations

import json
import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def probe_batchnorm_under_fit(keras, np) -> dict:
    """coding.bug-trainable-after-compile: does ``base(x, training=False)`` keep a BN
    layer in inference mode during ``fit`` once ``base`` is trainable again?"""
    from keras import layers

    def moving_mean_change(freeze_bn: bool) -> float:
        keras.utils.set_random_seed(0)
        base = keras.Sequential([keras.Input((4,)), layers.Dense(4), layers.BatchNormalization()])
        inputs = keras.Input((4,))
        model = keras.Model(inputs, layers.Dense(1)(base(inputs, training=False)))
        base.trainable = True
        if freeze_bn:
            for layer in base.layers:
                if isinstance(layer, layers.BatchNormalization):
                    layer.trainable = False
        model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
        bn = base.layers[-1]
        before = keras.ops.convert_to_numpy(bn.moving_mean).copy()
        x = np.random.default_rng(0).normal(3.0, 1.0, (16, 4)).astype("float32")
        model.fit(x, np.zeros((16, 1), "float32"), batch_size=16, epochs=1, verbose=0)
        after = keras.ops.convert_to_numpy(bn.moving_mean)
        return float(np.max(np.abs(after - before)))

    return {"trainable_bn": moving_mean_change(False), "frozen_bn": moving_mean_change(True)}


def probe_keras2_freeze_recipe(keras, np, steps: int = 40) -> dict:
    """coding.loss-stuck-at-chance / coding.implement-simple-gan: the Keras 2 GAN recipe
    (compile D, set D.trainable = False, compile the combined model) run under Keras 3."""
    from keras import layers

    keras.utils.set_random_seed(0)
    z_dim, batch = 4, 32
    gen = keras.Sequential([keras.Input((z_dim,)), layers.Dense(16, activation="relu"), layers.Dense(2)])
    disc = keras.Sequential([keras.Input((2,)), layers.Dense(16, activation="relu"), layers.Dense(1)])
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    disc.compile(optimizer=keras.optimizers.Adam(1e-3), loss=bce)
    disc.trainable = False
    z = keras.Input((z_dim,))
    gan = keras.Model(z, disc(gen(z)))
    gan.compile(optimizer=keras.optimizers.Adam(1e-2), loss=bce)

    rng = np.random.default_rng(0)
    d_weights = [keras.ops.convert_to_numpy(w).copy() for w in disc.weights]
    d_losses, g_losses = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(steps):
            real = rng.normal(0.0, 1.0, (batch, 2)).astype("float32")
            fake = keras.ops.convert_to_numpy(gen(rng.normal(size=(batch, z_dim)).astype("float32")))
            x = np.concatenate([real, fake])
            y = np.concatenate([np.ones((batch, 1)), np.zeros((batch, 1))]).astype("float32")
            # train_on_batch averages over the 2·batch rows: × 2 gives mean BCE(real) + mean BCE(fake)
            d_losses.append(2.0 * float(disc.train_on_batch(x, y)))
            noise = rng.normal(size=(batch, z_dim)).astype("float32")
            g_losses.append(float(gan.train_on_batch(noise, np.ones((batch, 1), "float32"))))
    d_unchanged = all(
        np.array_equal(before, keras.ops.convert_to_numpy(w)) for before, w in zip(d_weights, disc.weights)
    )
    messages = sorted({str(w.message) for w in caught if issubclass(w.category, UserWarning)})
    return {
        "d_losses": d_losses,
        "g_losses": g_losses,
        "d_weights_unchanged": d_unchanged,
        "warnings": messages,
    }


def probe_adam_variables(keras, np) -> dict:
    """coding.bug-tf-function-variable-creation: which Adam variables exist before the
    first apply, which the first apply creates, and the retrace error with and without build."""
    import tensorflow as tf
    from keras import layers

    opt = keras.optimizers.Adam(1e-3)
    before = [v.path for v in opt.variables]
    w = keras.Variable(np.ones((3,), "float32"), name="w")
    opt.apply_gradients([(np.ones((3,), "float32"), w)])
    after = [v.path for v in opt.variables]

    @tf.function
    def step(model, optimizer, x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(model(x) ** 2)
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    def fresh(build: bool):
        model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
        optimizer = keras.optimizers.Adam(1e-3)
        if build:
            optimizer.build(model.trainable_variables)
        return model, optimizer

    x = tf.ones((2, 3))
    step(*fresh(False), x)  # first run: variables may be created during the first trace
    try:
        step(*fresh(False), x)  # second run: a new, unbuilt Adam inside a retrace
        second_run_error = None
    except ValueError as exc:
        second_run_error = str(exc)
    step(*fresh(True), x)  # a built Adam creates nothing inside the trace
    return {"before_apply": before, "after_apply": after, "second_run_error": second_run_error}


def _bank_item(qid: str) -> dict:
    import pathlib
    import yaml

    deck = qid.split(".", 1)[0]
    path = pathlib.Path(__file__).resolve().parents[3] / "questions" / f"{deck}.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return next(q for q in items if q["id"] == qid)


def _answer_code(qid: str) -> str:
    import re

    return re.search(r"```python\n(.*?)```", _bank_item(qid)["answer"]["en"], re.S).group(1)


def probe_gradient_penalty(keras, np) -> dict:
    """coding.bug-gp-norm-over-batch / coding.implement-gradient-penalty: the bank's snippet
    and model answer on linear critics, whose input gradient is w everywhere."""
    from keras import layers

    code = _bank_item("coding.bug-gp-norm-over-batch")["code"]
    fixed_code = code.replace(
        "norm = tf.norm(grads)\n    return tf.reduce_mean(tf.square(norm - 1.0))",
        "norm = tf.sqrt(tf.reduce_sum(tf.square(grads), axis=[1, 2, 3]) + 1e-12)   # (batch,)\n"
        "    return tf.reduce_mean(tf.square(norm - 1.0))",
    )
    assert fixed_code != code
    buggy, fixed, answer = {}, {}, {}
    exec(code, buggy)  # noqa: S102 - the bank's own snippet
    exec(fixed_code, fixed)  # noqa: S102
    exec(_answer_code("coding.implement-gradient-penalty"), answer)  # noqa: S102

    def linear_critic(norm: float):
        critic = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(1)])
        w = np.zeros((784, 1), "float32")
        w[0, 0] = norm
        critic.layers[-1].set_weights([w, np.zeros(1, "float32")])
        return critic

    rng = np.random.default_rng(0)
    real = rng.normal(size=(4, 28, 28, 1)).astype("float32")
    fake = rng.normal(size=(4, 28, 28, 1)).astype("float32")
    out = {}
    for norm in (1.0, 3.0):
        critic = linear_critic(norm)
        out[f"bug_w{norm:g}"] = float(buggy["gradient_penalty"](critic, real, fake))
        out[f"fixed_w{norm:g}"] = float(fixed["gradient_penalty"](critic, real, fake))
        out[f"answer_w{norm:g}"] = float(answer["gradient_penalty"](critic, real, fake))
    return out


def probe_attention_and_ddpm_answers(keras, np) -> dict:
    """coding.implement-multi-head-attention / coding.implement-p-sample: run the model
    answers' code and measure the properties the answers claim."""
    ops = keras.ops
    mha: dict = {}
    exec(_answer_code("coding.implement-multi-head-attention"), mha)  # noqa: S102
    x = np.arange(16, dtype="float32").reshape(1, 4, 4)
    head0 = ops.convert_to_numpy(mha["split_heads"](x, 2))[0, 0].tolist()
    round_trip = bool(np.array_equal(ops.convert_to_numpy(mha["merge_heads"](mha["split_heads"](x, 2))), x))
    keras.utils.set_random_seed(0)
    layer = mha["MultiHeadSelfAttention"](8, 2)
    rng = np.random.default_rng(0)
    xb = rng.normal(size=(2, 5, 8)).astype("float32")
    later = xb.copy()
    later[:, 3] += 5.0
    causal_change = float(np.abs(ops.convert_to_numpy(layer(xb, causal=True))[:, :3]
                                 - ops.convert_to_numpy(layer(later, causal=True))[:, :3]).max())
    padding = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)
    padded = xb.copy()
    padded[0, 3:] += 7.0
    padding_change = float(np.abs(ops.convert_to_numpy(layer(xb, padding_mask=padding))[0, :3]
                                  - ops.convert_to_numpy(layer(padded, padding_mask=padding))[0, :3]).max())
    # NumPy reference from the layer's own weights
    dense = [(ops.convert_to_numpy(d.kernel).astype(float), ops.convert_to_numpy(d.bias).astype(float))
             for d in (layer.wq, layer.wk, layer.wv, layer.wo)]
    q, k, v = [xb.astype(float) @ w + b for w, b in dense[:3]]
    q, k, v = [a.reshape(2, 5, 2, 4).transpose(0, 2, 1, 3) for a in (q, k, v)]
    s = q @ k.transpose(0, 1, 3, 2) / 2.0
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    ref = (w @ v).transpose(0, 2, 1, 3).reshape(2, 5, 8) @ dense[3][0] + dense[3][1]
    numpy_gap = float(np.abs(ref - ops.convert_to_numpy(layer(xb))).max())

    ddpm: dict = {}
    exec(_answer_code("coding.implement-p-sample"), ddpm)  # noqa: S102
    betas = np.linspace(1e-4, 0.02, 1000).astype("float32")
    alphas_cumprod = np.cumprod(1.0 - betas.astype("float64")).astype("float32")
    c = np.array([0.5, -0.3], "float32")

    def exact(inputs):
        x_t, t = inputs
        ab = alphas_cumprod[ops.convert_to_numpy(t)][:, None]
        return (x_t - np.sqrt(ab) * c) / np.sqrt(1.0 - ab)

    samples = ops.convert_to_numpy(ddpm["sample"](exact, 64, 2, betas, alphas_cumprod))
    return {
        "head0": head0, "round_trip": round_trip, "causal_change": causal_change,
        "padding_change": padding_change, "numpy_gap": numpy_gap,
        "ddpm_single_point_error": float(np.abs(samples - c).max()),
    }


def main() -> None:
    import keras
    import numpy as np

    results = {
        "keras_version": keras.__version__,
        "batchnorm": probe_batchnorm_under_fit(keras, np),
        "keras2_freeze": probe_keras2_freeze_recipe(keras, np),
        "adam": probe_adam_variables(keras, np),
        "gradient_penalty": probe_gradient_penalty(keras, np),
        "answers": probe_attention_and_ddpm_answers(keras, np),
    }
    print("KERAS_PROBE " + json.dumps(results))


if __name__ == "__main__":
    main()
