"""Save and load models: a documented, versioned JSON file, written atomically, checked fully on load.

The file (format ``gradlab-nn``, version 1)::

    {"format": "gradlab-nn", "version": 1,
     "model": "MLP", "config": {"nin": 2, "nouts": [16, 16, 1], "activation": "relu", ...},
     "parameters": {"layers.0.neurons.0.w.0": 0.2355057139029413, ...},
     "sha256": "<hex digest of the canonical JSON of model, config and parameters>"}

Numbers are written with Python's shortest round-trip repr, so a load gives back the
exact floats. ``save`` writes a temporary file beside the target and renames it over the
target, so a crash never leaves a half-written model; ``load`` checks everything —
JSON, format, version, architecture, parameter names, numbers, checksum — before it
builds or touches a model, and raises :class:`SaveFileError` naming the problem.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .layers import MLP
from .module import Module, check_state

FORMAT, VERSION = "gradlab-nn", 1
MODELS: dict[str, type[Module]] = {"MLP": MLP}
"""The model classes a save file may name; a class needs ``config()`` returning its constructor's keywords."""


class SaveFileError(ValueError):
    """A save file that cannot be loaded: corrupt, truncated, of another format or another model.

    >>> import json, os, tempfile
    >>> import nn
    >>> path = os.path.join(tempfile.mkdtemp(), "model.json")
    >>> with open(path, "w") as f:
    ...     json.dump({"format": "something else"}, f)
    >>> try:
    ...     nn.load(path)
    ... except nn.SaveFileError as e:
    ...     print("refused")
    refused
    """


def save(model: Module, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` (architecture and parameters) to ``path`` atomically, making its folder
    if needed; returns the path.

    >>> import os, tempfile
    >>> import nn
    >>> model = nn.MLP(2, [4, 1], seed=0)
    >>> path = nn.save(model, os.path.join(tempfile.mkdtemp(), "out", "model.json"))
    >>> path.name, path.exists()
    ('model.json', True)
    """
    name = type(model).__name__
    if MODELS.get(name) is not type(model) or not hasattr(model, "config"):
        raise TypeError(f"nn.save stores models of the classes {sorted(MODELS)}, not {name}; "
                        "save model.state_dict() for others")
    parameters = model.state_dict()
    check_state(parameters, list(parameters))  # refuses nan/inf before anything is written
    document = {"format": FORMAT, "version": VERSION, "model": name, "config": model.config(),
                "parameters": parameters}
    document["sha256"] = digest(document)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(temp, 0o644)  # mkstemp makes it private; a model file is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=1, allow_nan=False)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def load(path: str | os.PathLike[str], into: Module | None = None) -> Module:
    """The model saved at ``path`` — a new one, or ``into`` with its parameters replaced.

    ``into`` must have the saved architecture. Nothing is changed unless the whole file
    is valid.

    >>> import os, tempfile
    >>> import nn
    >>> model = nn.MLP(2, [4, 1], seed=0)
    >>> path = nn.save(model, os.path.join(tempfile.mkdtemp(), "model.json"))
    >>> same = nn.load(path)
    >>> [p.data for p in same.parameters()] == [p.data for p in model.parameters()]
    True
    """
    document = _read(Path(path))
    model_name, config, parameters = _check_document(document, path)
    try:
        fresh = MODELS[model_name](**_architecture(config), seed=0)  # its weights are replaced
    except (TypeError, ValueError) as e:
        raise SaveFileError(f"{path}: the saved {model_name} config {config} is invalid: {e}") from None
    names = [n for n, _ in fresh.named_parameters()]
    try:
        numbers = check_state(parameters, names)
    except (TypeError, ValueError) as e:
        raise SaveFileError(f"{path}: {e}") from None
    if into is None:
        fresh.load_state_dict(numbers)
        return fresh
    mine = into.config() if type(into).__name__ == model_name and hasattr(into, "config") else None
    if mine is None or _architecture(mine) != _architecture(config):
        raise SaveFileError(f"{path} holds a {model_name} {_architecture(config)}, which does not match "
                            f"the model to load into ({type(into).__name__} {mine and _architecture(mine)})")
    into.load_state_dict(numbers)
    return into


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"no save file at {path}") from None
    except UnicodeDecodeError as e:
        raise SaveFileError(f"{path} is not a gradlab save file (not UTF-8 text: {e})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise SaveFileError(f"{path} is corrupt or truncated: invalid JSON ({e})") from None


def _check_document(document: Any, path: Any) -> tuple[str, dict[str, Any], dict[str, Any]]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SaveFileError(f"{path} is not a {FORMAT} save file")
    version = document.get("version")
    if version != VERSION:
        raise SaveFileError(f"{path} has format version {version!r}; this gradlab reads version {VERSION}")
    missing = [k for k in ("model", "config", "parameters", "sha256") if k not in document]
    if missing:
        raise SaveFileError(f"{path} is incomplete: missing {', '.join(missing)}")
    model_name, config, parameters = document["model"], document["config"], document["parameters"]
    if model_name not in MODELS:
        raise SaveFileError(f"{path} holds a model of unknown class {model_name!r} (known: {sorted(MODELS)})")
    if not isinstance(config, dict) or not isinstance(parameters, dict):
        raise SaveFileError(f"{path} is corrupt: config and parameters must be JSON objects")
    if document["sha256"] != digest(document):
        raise SaveFileError(f"{path} is corrupt: its contents do not match their checksum")
    return model_name, config, parameters


def digest(document: dict[str, Any]) -> str:
    """SHA-256 of the model's name, config and parameters as canonical JSON: any edit shows."""
    content = {k: document[k] for k in ("model", "config", "parameters")}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), allow_nan=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _architecture(config: dict[str, Any]) -> dict[str, Any]:
    """The config without the initializer, which only matters when building."""
    return {k: v for k, v in config.items() if k != "init"}
