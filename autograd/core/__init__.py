"""The engine's core: the op interface and definitions, ``Value``, backward, modes.

Imports flow one way: ``core`` imports nothing else of ``autograd``; ``transforms``,
``check`` and ``compile`` import from ``core``.
"""
