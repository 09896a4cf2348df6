"""Exercise checks of notebook 04 Embeddings."""

from __future__ import annotations

import torch

from descent.course.checks import check_close
from descent.models import DotProductRatings


def parameter_count(answer) -> None:
    """How many numbers ``DotProductRatings`` learns for MovieLens 100k with 40 factors."""
    users, items, factors = 943, 1682, 40
    count = sum(p.numel() for p in DotProductRatings(users, items, factors).parameters())
    check_close("parameters", answer, count, mistakes=[
        ((users + items) * factors, "Those are the factors only: each user and each item also "
                                    "has a bias."),
        (users * items, "That is the number of (user, item) pairs, not of parameters.")])


def rating_prediction(answer, model, user: int = 0, item: int = 1) -> None:
    """The rating ``model`` predicts for (user, item), computed by hand from its tables."""
    with torch.no_grad():
        pair = torch.tensor([[user, item]])
        expected = model(pair).item()
        p, q = model.user_factors(pair[:, 0])[0], model.item_factors(pair[:, 1])[0]
        score = p @ q + model.user_bias(pair[:, 0])[0, 0] + model.item_bias(pair[:, 1])[0, 0]
        low, high = model.y_range
    check_close(f"prediction for ({user}, {item})", answer, expected, rtol=1e-5, mistakes=[
        (torch.sigmoid(score), "That is the sigmoid alone: scale it into the rating range "
                               f"({low:g} to {high:g})."),
        (low + (high - low) * torch.sigmoid(p @ q), "The two biases are missing from the score."),
        (score, "That is the raw score: squash it with the scaled sigmoid.")])


def cold_start_item(answer, model, ratings) -> None:
    """The item to recommend to a user who has rated nothing."""
    with torch.no_grad():
        expected = int(model.item_bias.weight[:, 0].argmax())
        factor_size = int(model.item_factors.weight.norm(dim=1).argmax())
    items = ratings.train.x[:, 1]
    sums = torch.bincount(items, weights=ratings.train.y, minlength=ratings.n_items)
    counts = torch.bincount(items, minlength=ratings.n_items).clamp(min=1)
    best_mean = int((sums / counts).argmax())
    mistakes = [(factor_size, "That item has the largest factors: strong traits, but a new "
                              "user's taste is unknown. What part of the model needs no user?")]
    if best_mean != expected:
        mistakes.append((best_mean, "That item has the best average rating, which mixes taste "
                                    "and who happened to rate it; the model has a cleaner "
                                    "number for 'liked by everyone'."))
    check_close("item for a new user", answer, expected, mistakes=mistakes)
