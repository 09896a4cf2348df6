"""One checker per exercise of the notebooks: the reference answers, out of sight.

A check cell in a notebook reads ``exercises.sevens_in_train(sevens, mnist)``: the learner
sees what is checked, not the answer. Each checker computes its reference with an
independent oracle (PyTorch, or a piece of the library the exercise does not ask to
rebuild), never with the formula the solution uses, and names the typical wrong answers so
that a learner who makes one is told why; any other wrong answer is told which way it is
off, not the answer. ``tests/test_exercises.py`` shows, for every exercise, that the right
answer passes and a typical wrong one fails with its explanation.

One module per notebook (``e03_mnist_logistic``: the exercises of notebook 03); every
checker is also importable from here. An answer left at ``None`` only gets a reminder.
"""

from descent.course.exercises.e00_start_here import mean_intensity, sevens_in_train
from descent.course.exercises.e01_sgd_by_hand import largest_stable_lr, second_row
from descent.course.exercises.e02_backprop import chain_rule, sin_operation
from descent.course.exercises.e03_mnist_logistic import examples_needed, softmax_and_cross_entropy
from descent.course.exercises.e04_embeddings import (
    cold_start_item,
    parameter_count,
    rating_prediction,
)
from descent.course.exercises.e05_weight_decay import decay_factor, min_norm_weights
from descent.course.exercises.e06_momentum_to_adam import adam_first_steps, momentum_by_hand
from descent.course.exercises.e07_batchnorm_dropout import dropout_and_eval, normalized_batch
from descent.course.exercises.e08_tools_of_the_trade import (
    fixed_loss,
    half_width,
    head_parameters,
)
from descent.course.exercises.e09_generalization import (
    half_pruned_mask,
    interpolation_threshold,
    robbins_monro_exponent,
)

__all__ = [
    "adam_first_steps", "chain_rule", "cold_start_item", "decay_factor", "dropout_and_eval",
    "examples_needed", "fixed_loss", "half_pruned_mask", "half_width", "head_parameters",
    "interpolation_threshold", "largest_stable_lr", "mean_intensity", "min_norm_weights",
    "momentum_by_hand", "normalized_batch", "parameter_count", "rating_prediction",
    "robbins_monro_exponent", "second_row", "sevens_in_train", "sin_operation",
    "softmax_and_cross_entropy",
]
