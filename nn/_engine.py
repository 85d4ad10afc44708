"""Fail early, and say why, when ``import autograd`` finds another project's ``autograd``.

gradlab's engine is imported as ``autograd``, the same name as HIPS autograd (PyPI ``autograd``).
If both are installed, whichever comes first on ``sys.path`` wins; HIPS autograd has no
``Value``, and without this check the first symptom would be a puzzling ``ImportError:
cannot import name 'Value'`` deep inside ``nn`` or ``viz``. Both packages import this module
before anything else.
"""

import autograd

if not hasattr(autograd, "Value"):
    raise ImportError(
        "gradlab's nn and viz need gradlab's `autograd` package, but `import autograd` found "
        f"{getattr(autograd, '__file__', None) or autograd!r}, which has no `Value`: HIPS autograd "
        "(PyPI `autograd`) shadows gradlab's; both use the import name `autograd`. Uninstall it "
        "(`pip uninstall autograd`) or give gradlab a virtual environment of its own "
        "(`python -m venv .venv && .venv/bin/pip install -e '.[viz]'` in the clone)."
    )
