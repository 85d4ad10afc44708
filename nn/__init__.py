"""nn: neural networks on the ``autograd`` engine — modules, MLPs, losses, optimizers,
schedules, toy data, a training loop and save/load. Standard library only.

>>> from nn import MLP
>>> model = MLP(2, [16, 16, 1], seed=0)
>>> model([1.0, -2.0])  # doctest: +ELLIPSIS
Value(data=...)
"""

# _engine first: it raises a clear ImportError when HIPS autograd shadows gradlab's `autograd`
from . import _engine, datasets, init, optim, schedules  # noqa: F401
from .data import Standardizer, minibatches, train_val_split
from .datasets import make_blobs, make_circles, make_linear, make_moons, make_spirals, make_xor
from .divergence import DivergedError
from .io import SaveFileError, load, save
from .layers import MLP, Dropout, Layer, Neuron
from .losses import (
    bce_with_logits,
    cross_entropy,
    hinge_loss,
    l1_loss,
    l1_penalty,
    l2_loss,
    l2_penalty,
    log_softmax,
    mse_loss,
    softmax,
)
from .metrics import accuracy, predict_class
from .module import Module
from .torch_bridge import from_torch, to_torch
from .torch_optim import optimizer_from_torch, optimizer_to_torch
from .train import History, decision_threshold, evaluate, fit, train_step

__all__ = [
    "MLP", "DivergedError", "Dropout", "History", "Layer", "Module", "Neuron", "SaveFileError",
    "Standardizer",
    "accuracy", "bce_with_logits", "cross_entropy", "datasets", "decision_threshold", "evaluate", "fit",
    "from_torch", "hinge_loss", "init", "l1_loss", "l1_penalty", "l2_loss", "l2_penalty", "load",
    "log_softmax",
    "make_blobs", "make_circles", "make_linear", "make_moons", "make_spirals", "make_xor",
    "minibatches", "mse_loss", "optim", "optimizer_from_torch", "optimizer_to_torch", "predict_class", "save",
    "schedules", "softmax", "to_torch", "train_step", "train_val_split",
]
