"""Property-testing helpers (hypothesis strategies over the op registry): see
:mod:`autograd.check.testing`, re-exported here as the public path ``autograd.testing``."""

from .check.testing import NARY, Expr, assert_gradients_match, expressions, expressions_and_points, points

__all__ = ["NARY", "Expr", "assert_gradients_match", "expressions", "expressions_and_points", "points"]
