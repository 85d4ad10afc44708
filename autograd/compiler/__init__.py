"""``autograd.compile``'s machinery: tracing (:mod:`.trace`), code generation (:mod:`.codegen`),
layer fusion (:mod:`.fusion`) and the backends (Python floats in :mod:`.compiled`, numpy,
torch). The package is named ``compiler`` so that ``autograd.compile`` is the function."""
