"""The engine's exceptions: each names the op and the operands (or the line) that caused it."""


class DomainError(ValueError, ArithmeticError):
    """An op was asked for a value outside its domain (log of 0, x / 0, exp overflow ...)."""


class AnomalyError(FloatingPointError):
    """Raised under :func:`autograd.detect_anomaly` by the first op or gradient that is not finite."""


class TraceError(TypeError):
    """A traced function cannot be compiled as written (it branches on a traced number, say)."""


class TraceWarning(UserWarning):
    """A trace that compiles but probably not as meant (an input that never reaches the output)."""
