"""autograd: a scalar reverse-mode automatic differentiation engine.

``Value`` is a node of the computational graph; ``backward()`` fills every node's ``grad``
by the grad_table algorithm. Each op is defined once, in :mod:`autograd.ops`
(``autograd.core.ops``); every interpretation — floats, ``Value`` graphs, dual numbers,
generated Python, numpy and torch — derives from that definition.

>>> from autograd import Value
>>> x = Value(3.0); y = x * x + 1; y.backward(); x.grad
6.0
"""

from .check.gradcheck import (
    GradcheckError,
    GradcheckReport,
    gradcheck,
    gradcheck_parameters,
    gradgradcheck,
)
from .compiler.compiled import compile as compile  # public as autograd.compile only
from .core import ops
from .core.backward import zero_grad
from .core.custom import CustomOp, custom_op
from .core.errors import AnomalyError, DomainError, TraceError, TraceWarning
from .core.modes import detect_anomaly, enable_grad, is_grad_enabled, no_grad
from .core.nary import affine, dot
from .core.nary import sum as sum  # public as autograd.sum only
from .core.order import topological_order
from .core.primitive import FUNCTIONS, PRIMITIVES, Op, Primitive
from .core.value import Value
from .transforms.forward import Dual, jvp
from .transforms.functional import grad, hessian, hvp, jacfwd, jacobian, jacrev, value_and_grad, vjp

maximum = ops.maximum
"""max(a, b) as a node (numbers, ``Value``s or duals); on a tie the gradient goes to ``a``."""
minimum = ops.minimum
"""min(a, b) as a node (numbers, ``Value``s or duals); on a tie the gradient goes to ``a``."""

__all__ = [  # `sum` and `compile` are left out: `from autograd import *` must not shadow builtins
    "FUNCTIONS", "PRIMITIVES", "AnomalyError", "CustomOp", "DomainError", "Dual", "GradcheckError",
    "GradcheckReport", "Op", "Primitive", "TraceError", "TraceWarning", "Value", "affine", "custom_op",
    "detect_anomaly", "dot", "enable_grad", "grad", "gradcheck", "gradcheck_parameters", "gradgradcheck",
    "hessian", "hvp", "is_grad_enabled", "jacfwd", "jacobian", "jacrev", "jvp", "maximum", "minimum",
    "no_grad", "topological_order", "value_and_grad", "vjp", "zero_grad",
]
