"""The torch backend of :func:`autograd.compile`: the numpy backend's code on torch tensors.

The same generated code (one matrix product per layer, the grad_table sweep unrolled) runs
with every name bound to the op's own ``torch=`` implementation, on tensors of ``dtype``
(float64 by default, so results equal the eager engine's) on ``device`` (``"cuda"`` where
available). Arguments are numbers (shared by every example) or tensors/arrays (one entry per
example); results are tensors (per example) and numbers. torch is an optional extra:
``pip install -e ".[torch]"``.
"""

from __future__ import annotations

from typing import Any

from ..core.primitive import array_namespace
from .numpy_backend import NumpyBackend


def torch_module() -> Any:
    """The torch module, or an ImportError naming the extra that installs it."""
    try:
        import torch
    except ImportError:
        raise ImportError("autograd.compile(backend='torch') needs PyTorch: "
                          "pip install -e '.[torch]' (or pip install torch)") from None
    return torch


def real_integers(torch: Any) -> tuple[Any, ...]:
    """Tensor dtypes that convert to real numbers besides the floating ones."""
    return (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool)


class TorchBackend(NumpyBackend):
    """Tensors of one dtype on one device in, tensors and floats out."""

    def __init__(self, device: Any = None, dtype: Any = None) -> None:
        torch = self.torch = torch_module()
        self.dtype = torch.float64 if dtype is None else dtype
        if not (isinstance(self.dtype, torch.dtype) and self.dtype.is_floating_point):
            raise TypeError(f"compile(backend='torch'): dtype must be a floating torch dtype, not {dtype!r}")
        self.device = torch.device("cpu" if device is None else device)
        if self.device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError("compile(backend='torch', device='cuda'): CUDA is not available on this "
                               "machine (torch.cuda.is_available() is False); use device='cpu'")
        self.extra_args = ["_shape", "_n"]
        self.namespace = self._namespace()
        self.np = torch

    def _namespace(self) -> dict[str, Any]:
        torch, options = self.torch, {"dtype": self.dtype, "device": self.device}

        def array(rows: Any) -> Any:
            if rows and isinstance(rows[0], torch.Tensor):
                return torch.stack(rows)
            return torch.tensor(rows, **options)

        def per_example(x: Any, shape: tuple[int, ...]) -> Any:
            if isinstance(x, torch.Tensor) and x.dim():
                return x.reshape(shape)
            return torch.full(shape, float(x), **options)

        def tensors(fn: Any) -> Any:  # numbers (weights, constants) as 0-d tensors of the dtype
            def call(*args: Any) -> Any:
                return fn(*[torch.tensor(a, **options) if isinstance(a, float) else a for a in args])

            return call

        def szmul(g: Any, local: Any) -> Any:
            return torch.where((g == 0.0) | (local == 0.0), 0.0, g * local)

        def szmatmul(a: Any, b: Any) -> Any:  # a @ b with strong zero, as the numpy backend's
            product = a @ b
            if bool(torch.isfinite(product).all()):
                return product
            return szmul(a[:, :, None], b[None, :, :]).sum(dim=1)

        return {
            **{name: tensors(fn) for name, fn in array_namespace(torch, "torch").items()},
            "_ones": lambda n: torch.ones(n, **options),
            "_zeros": lambda shape: torch.zeros(shape, **options),
            "_array": array, "_copy": torch.clone,
            "_sum": lambda x: float(torch.sum(x)),
            "_per_example": per_example,
            "_szmul": szmul, "_szmatmul": szmatmul,
        }

    def _convert(self, x: Any, i: int, shapes: list[tuple[int, ...]]) -> Any:
        torch = self.torch
        if isinstance(x, (list, tuple)):
            return [self._convert(e, i, shapes) for e in x]
        if isinstance(x, torch.Tensor):
            if x.is_complex() or not (x.is_floating_point() or x.dtype in real_integers(torch)):
                raise TypeError(f"compiled function: argument {i} must be real numbers, "
                                f"not a tensor of {x.dtype}")
            a = x.to(dtype=self.dtype, device=self.device)
        else:
            import numpy as np  # arrays and numbers from the caller: numpy comes with torch

            arr = np.asarray(x)
            if arr.dtype.kind not in "biuf":
                raise TypeError(f"compiled function: argument {i} must be real numbers or arrays of real "
                                f"numbers, not {type(x).__name__} of dtype {arr.dtype}")
            a = torch.as_tensor(arr.astype(float), dtype=self.dtype, device=self.device)
        if a.dim() == 0:
            return float(a)
        if shapes and tuple(a.shape) != shapes[0]:
            raise ValueError(f"compiled function: argument {i} has shape {tuple(a.shape)}, but the other "
                             f"arrays have shape {shapes[0]} (arrays must share one shape)")
        shapes.append(tuple(a.shape))
        return a.reshape(-1)
