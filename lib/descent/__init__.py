"""Descent: the pieces of a PyTorch training loop, rebuilt by hand and checked against it.

Each module is one idea of the course, small enough to read in a sitting. Notebook by
notebook, what it builds in the open and where that lives once built:

- 00 Start here: ``data`` (MNIST: the bundled subset, the full set on request; synthetic
  sets; ``data.download``, checksummed downloads)
- 01 SGD by hand: ``spreadsheet`` (the table of SGD steps and its live .xlsx),
  ``finite_differences`` (gradients without calculus)
- 02 Backprop: ``graph`` (topological order), ``autograd`` (the scalar engine), ``tensor``
  and ``tensor_nn`` (the numpy engine, and a loss, layer and update for it),
  ``activations``
- 03 MNIST logistic regression: ``models`` (``MnistLogistic``, ``MLP``), ``train``
  (``batches``, ``fit``, ``evaluate``), ``stats`` (confidence intervals)
- 04 Embeddings: ``models`` (``DotProductRatings``, ``EmbeddingTabular``), ``embeddings``
  (PCA, Procrustes)
- 05 Weight decay: ``regularization`` (over-fitting a sine, ridge, the decay sweep)
- 06 From momentum to Adam: ``optim`` (SGD, RMSprop, Adam, AdamW, equal to ``torch.optim``),
  ``schedules`` (and the learning-rate range test), ``surfaces``, ``smoothing``
- 07 Initialization, BatchNorm and Dropout: ``init``, ``layers`` (``BatchNorm1d``,
  ``Dropout``)
- 08 Tools of the trade: ``debugging``, ``transfer``
- 09 Why big networks generalize: ``generalization`` (random features, minimum-norm fits,
  magnitude pruning, lottery-ticket rewinding)

What runs the course rather than what it teaches (notebook set-up, self-checks, sliders,
figures, comparisons with torch, slides, the learner's working copies) is in
:mod:`descent.course`.
"""

__version__ = "0.1.0"
