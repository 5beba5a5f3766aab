"""The VAE checks (exercises ``vae`` and ``vae-debug``), cheap to expensive.

contract → encoder_output → decoder_output → reparam_formula → reparam_statistics →
reparam_gradient → reparam_stochastic → kl_divergence → reconstruction_loss →
train_step_updates → kl_in_loss → loss_decrease → versus_reference → generation.
Each planted bug of the exercise-checks guide is caught by the check meant
for it (see tests/exercises/test_mutants.py).
"""

from quiz.exercises.suites.vae.training import baseline  # importing it registers the training checks
from quiz.exercises.suites.vae.units import DATA_SIZE, prepare_data, suite

__all__ = ["DATA_SIZE", "baseline", "prepare_data", "suite"]
