"""Planted bug: the encoder's z_log_var head ends in a ReLU, so sigma is never below 1."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

def build_encoder(input_shape, latent_dim):
    inputs = keras.Input(shape=input_shape)
    h = layers.Flatten()(inputs)
    h = layers.Dense(256, activation="relu")(h)
    h = layers.Dense(128, activation="relu")(h)
    z_mean = layers.Dense(latent_dim)(h)
    z_log_var = layers.Dense(latent_dim, activation="relu")(h)  # "a log-variance can't be negative"
    return keras.Model(inputs, [z_mean, z_log_var])
