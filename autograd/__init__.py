"""autograd: a scalar reverse-mode automatic differentiation engine.

``Value`` is a node of the computational graph; ``backward()`` fills every node's
``grad`` by the grad_table algorithm. Ops are defined once, in :mod:`autograd.ops`.
"""

from . import methods as _methods  # installs the op methods on Value
from .backward import topological_order, zero_grad
from .check import GradcheckError, GradcheckReport, gradcheck, gradcheck_parameters, gradgradcheck
from .compile import compile
from .custom import custom_op
from .errors import AnomalyError, DomainError
from .forward import Dual, jvp
from .functional import grad, hessian, hvp, jacobian, value_and_grad
from .methods import maximum, minimum
from .modes import detect_anomaly, enable_grad, is_grad_enabled, no_grad
from .nary import dot, sum
from .ops import OPS
from .trace import TraceError, TraceWarning
from .value import Value

__all__ = [
    "OPS", "AnomalyError", "DomainError", "Dual", "GradcheckError", "GradcheckReport", "TraceError",
    "TraceWarning", "Value", "compile", "custom_op", "detect_anomaly", "dot", "enable_grad", "grad",
    "gradcheck", "gradcheck_parameters", "gradgradcheck", "hessian", "hvp", "is_grad_enabled",
    "jacobian", "jvp", "maximum", "minimum", "no_grad", "sum", "topological_order", "value_and_grad",
    "zero_grad",
]
del _methods
