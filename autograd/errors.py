"""The engine's exceptions: both name the op and the operands that caused them."""


class DomainError(ValueError, ArithmeticError):
    """An op was asked for a value outside its domain (log of 0, x / 0, exp overflow ...)."""


class AnomalyError(FloatingPointError):
    """Raised under :func:`autograd.detect_anomaly` by the first op or gradient that is not finite."""
