"""Classification accuracy from model outputs (scores, logits or margins, not probabilities)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import Value


def predict_class(output: Value | Sequence[Value] | float, threshold: float = 0.0) -> int:
    """The class an output votes for: 1 if a single score is > ``threshold`` (0: a logit or a
    margin) else 0; the argmax of several.

    >>> from nn import predict_class
    >>> predict_class(0.3), predict_class(-0.3), predict_class([0.1, 2.0, -1.0])
    (1, 0, 1)
    """
    if isinstance(output, Sequence):
        scores = [_number(o) for o in output]
        return max(range(len(scores)), key=scores.__getitem__)
    return 1 if _number(output) > threshold else 0


def accuracy(outputs: Sequence[Any], targets: Sequence[Any], threshold: float = 0.0) -> float:
    """The fraction of samples whose predicted class matches the target.

    Targets are class indices, or for single-score models labels in {0, 1} or {-1, +1}
    (above ``threshold`` means class 1), so hinge, logistic and cross-entropy models work
    with the default 0; a regression onto 0/1 labels (MSE) wants ``threshold=0.5``.

    >>> from nn import accuracy
    >>> accuracy([0.9, -0.2, 0.4, -1.5], [1, -1, -1, -1])
    0.75
    >>> accuracy([0.9, 0.2], [1, 0], threshold=0.5)  # a regression onto 0/1 labels
    1.0
    """
    if len(outputs) != len(targets):
        raise ValueError(f"{len(outputs)} outputs but {len(targets)} targets")
    if not outputs:
        raise ValueError("accuracy of no samples")
    hits = sum(predict_class(o, threshold) == (int(t) if isinstance(o, Sequence) else int(t > threshold))
               for o, t in zip(outputs, targets))
    return hits / len(outputs)


def _number(x: Any) -> float:
    return x.data if isinstance(x, Value) else float(x)
