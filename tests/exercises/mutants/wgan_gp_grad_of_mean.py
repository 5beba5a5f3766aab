"""Planted bug: the gradient is taken of the mean score, dividing each example's gradient by the batch size."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "wgan-gp" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def gradient_penalty(critic, real, fake, epsilon=None):
    batch = ops.shape(real)[0]
    if epsilon is None:
        epsilon = keras.random.uniform((batch, 1, 1, 1))
    x_hat = epsilon * real + (1.0 - epsilon) * fake
    with tf.GradientTape() as tape:
        tape.watch(x_hat)
        scores = ops.mean(critic(x_hat, training=True))
    grads = tape.gradient(scores, x_hat)
    norms = ops.sqrt(ops.sum(ops.square(grads), axis=[1, 2, 3]) + 1e-12)
    return ops.mean(ops.square(norms - 1.0))
