"""Exercise checks of notebook 00 Start here."""

from __future__ import annotations

import torch

from descent.course.checks import check_close


def sevens_in_train(answer, mnist) -> None:
    """How many training images show a 7."""
    per_split = {name: int(torch.bincount(part.y, minlength=10)[7]) for name, part in
                 mnist.parts()}
    mistakes = [(sum(per_split.values()), "That counts every split; count the training split "
                 "(mnist.train) only.")]
    mistakes += [(count, f"That is the {name} split; count mnist.train.")
                 for name, count in per_split.items() if name != "train"]
    check_close("sevens in train", answer, per_split["train"], mistakes=mistakes)


def mean_intensity(answer, mnist) -> None:
    """The mean pixel intensity over all training images."""
    train = mnist.train.x.double()
    everything = torch.cat([part.x.double() for _, part in mnist.parts()])
    check_close("mean intensity", answer, train.mean(), mistakes=[
        (everything.mean(), "That is the mean over every split; use the training split only "
                            "(notebook 03 explains why)."),
        (train[0].mean(), "That is the mean of the first image only; average over all of them."),
        (0.5, "0.5 is the middle of [0, 1], not a measurement: compute it.")])
