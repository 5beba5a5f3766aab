"""The VAE checks (exercises ``vae`` and ``vae-debug``), cheap to expensive.

contract → encoder_output → decoder_output → reparam_formula → reparam_statistics →
reparam_gradient → reparam_stochastic → kl_divergence → reconstruction_loss →
train_step_updates → step_sampling → kl_gradient → elbo_gradient → side_effects →
fresh_noise → loss_decrease → versus_reference → generation.

The middle checks examine the step from inside (:mod:`.probes`): the z the decoder
receives and whether the update is exactly a step down the contract's loss, at several
batch and latent sizes. Each planted bug is caught by the check meant for it (see
tests/exercises/test_mutants.py).
"""

from quiz.exercises.suites.vae.training import baseline  # importing it registers the training checks
from quiz.exercises.suites.vae.units import DATA_SIZE, prepare_data, suite

__all__ = ["DATA_SIZE", "baseline", "prepare_data", "suite"]
