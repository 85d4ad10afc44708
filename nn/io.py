"""Save and load models: a documented, versioned JSON file, written atomically, checked fully on load.

The file (format ``gradlab-nn``, version 1)::

    {"format": "gradlab-nn", "version": 1,
     "model": "MLP", "config": {"nin": 2, "nouts": [16, 16, 1], "activation": "relu", ...},
     "parameters": {"layers.0.neurons.0.w.0": 0.2355057139029413, ...},
     "sha256": "<hex digest of the canonical JSON of model, config and parameters>"}

Numbers are written with Python's shortest round-trip repr, so a load gives back the
exact floats.

``save`` writes a temporary file beside the target (``.<name>.<pid>.<random>.gradlab-tmp``)
and renames it over the target, so a crash never leaves a half-written model; a later
``save`` into the same folder removes the temporary files of processes that no longer run
(saves killed half-way). Through a symlink it updates the file the link points to. A new
file gets the mode the umask allows (as ``open`` would), a replaced file keeps its mode.
Only models whose activations are registered by name (:data:`nn.activations.ACTIVATIONS`)
can be saved: a custom activation function is refused at save time, since no load could
rebuild it (save ``model.state_dict()`` instead).

``load`` checks everything — size, JSON, format, version, model class, config types,
the parameter count the config implies against the parameters present, names, numbers,
checksum — before it builds or touches a model, and raises :class:`SaveFileError`
naming the problem. A file may declare at most :data:`MAX_PARAMETERS` parameters and be
at most :data:`MAX_FILE_BYTES` long.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeGuard

from .activations import ACTIVATIONS, registered
from .layers import MLP, Neuron
from .module import Module, check_state

FORMAT, VERSION = "gradlab-nn", 1
MODELS: dict[str, Callable[..., Module]] = {"MLP": MLP}
"""The model classes a save file may name; a class needs ``config()`` returning its constructor's keywords."""

MAX_PARAMETERS = 5_000_000
"""The most parameters a save file may declare (about 120 MB of JSON)."""
MAX_FILE_BYTES = 256 * 2**20
"""The largest save file ``load`` reads."""
TEMP_SUFFIX = ".gradlab-tmp"


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
    _check_activations(model)
    parameters = model.state_dict()
    check_state(parameters, list(parameters))  # refuses nan/inf before anything is written
    document = {"format": FORMAT, "version": VERSION, "model": name, "config": model.config(),
                "parameters": parameters}
    document["sha256"] = digest(document)
    given = Path(path)
    target = given.resolve() if given.is_symlink() else given  # update the file a link points to
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    temp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None  # a new file: the umask decides, as for open()
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            if mode is not None:
                os.chmod(temp, mode)
            json.dump(document, f, indent=1, allow_nan=False)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return given


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
        numbers_by_name = check_state(parameters, names)
    except (TypeError, ValueError) as e:
        raise SaveFileError(f"{path}: {e}") from None
    if into is None:
        fresh.load_state_dict(numbers_by_name)
        return fresh
    mine = into.config() if type(into).__name__ == model_name and hasattr(into, "config") else None
    if mine is None or _architecture(mine) != _architecture(config):
        raise SaveFileError(f"{path} holds a {model_name} {_architecture(config)}, which does not match "
                            f"the model to load into ({type(into).__name__} {mine and _architecture(mine)})")
    into.load_state_dict(numbers_by_name)
    return into


def _read(path: Path) -> Any:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FileNotFoundError(f"no save file at {path}") from None
    if size > MAX_FILE_BYTES:
        raise SaveFileError(f"{path} is {size:,} bytes, more than a save file may be ({MAX_FILE_BYTES:,})")
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
    except RecursionError:
        raise SaveFileError(f"{path} is not a gradlab save file (JSON nested too deeply)") from None
    except ValueError as e:  # e.g. an integer literal of thousands of digits
        raise SaveFileError(f"{path} is not a gradlab save file ({e})") from None


def _check_document(document: Any, path: Any) -> tuple[str, dict[str, Any], dict[str, Any]]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SaveFileError(f"{path} is not a {FORMAT} save file")
    version = document.get("version")
    if type(version) is not int or version != VERSION:  # true == 1 and 1.0 == 1, but neither is a version
        raise SaveFileError(f"{path} has format version {_short(version)}; "
                            f"this gradlab reads version {VERSION}")
    missing = [k for k in ("model", "config", "parameters", "sha256") if k not in document]
    if missing:
        raise SaveFileError(f"{path} is incomplete: missing {', '.join(missing)}")
    model_name, config, parameters = document["model"], document["config"], document["parameters"]
    if not isinstance(model_name, str) or model_name not in MODELS:
        raise SaveFileError(f"{path} holds a model of unknown class {_short(model_name)} "
                            f"(known: {sorted(MODELS)})")
    if not isinstance(config, dict) or not isinstance(parameters, dict):
        raise SaveFileError(f"{path} is corrupt: config and parameters must be JSON objects")
    if not isinstance(document["sha256"], str) or document["sha256"] != digest(document):
        raise SaveFileError(f"{path} is corrupt: its contents do not match their checksum")
    declared = _declared_parameters(config, path)
    if declared != len(parameters):
        raise SaveFileError(f"{path}: its config declares {declared:,} parameters but the file holds "
                            f"{len(parameters):,}")
    return model_name, config, parameters


def _declared_parameters(config: dict[str, Any], path: Any) -> int:
    """How many parameters an MLP config implies, checked field by field before anything is built."""
    known = {"nin", "nouts", "activation", "output_activation", "dropout", "init"}
    unknown = sorted(set(config) - known)
    if unknown:
        raise SaveFileError(f"{path}: the config has unknown entries {unknown}")
    nin, nouts = config.get("nin"), config.get("nouts")
    if not _size(nin) or not isinstance(nouts, list) or not nouts or not all(map(_size, nouts)):
        raise SaveFileError(f"{path}: the config's nin must be a positive int and nouts a non-empty list "
                            f"of them, got nin={_short(nin)}, nouts={_short(nouts)}")
    for key in ("activation", "output_activation"):
        if key in config and not (isinstance(config[key], str) and config[key] in ACTIVATIONS):
            raise SaveFileError(f"{path}: the config's {key} {_short(config[key])} is not one of "
                                f"{sorted(ACTIVATIONS)}")
    dropout = config.get("dropout", 0.0)
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0.0 <= dropout < 1.0:
        raise SaveFileError(f"{path}: the config's dropout must be a number in [0, 1), got {_short(dropout)}")
    if "init" in config and not isinstance(config["init"], str):
        raise SaveFileError(f"{path}: the config's init must be a name, got {_short(config['init'])}")
    total, fan_in = 0, nin
    for width in nouts:
        total += (fan_in + 1) * width  # weights and a bias per neuron
        fan_in = width
        if total > MAX_PARAMETERS:
            raise SaveFileError(f"{path} declares more than {MAX_PARAMETERS:,} parameters "
                                f"(nin={nin}, nouts={_short(nouts)}); refusing to build it")
    return total


def _size(n: Any) -> TypeGuard[int]:
    return type(n) is int and n >= 1  # the cap applies to the total, checked next


def _short(x: Any, limit: int = 60) -> str:
    """A repr for an error message, cut short (a file may hold anything, of any length)."""
    try:
        text = repr(x)
    except ValueError:  # an int too long to print
        text = f"<{type(x).__name__}>"
    return text if len(text) <= limit else text[:limit] + "..."


def _check_activations(model: Module) -> None:
    """Refuse, before writing, an activation that a load could not rebuild from its name."""
    for module in model.modules():
        if isinstance(module, Neuron) and not registered(module._act):
            fn = module._act
            raise TypeError(f"nn.save cannot store the custom activation {getattr(fn, '__name__', fn)!r}: "
                            f"a save file names its activations, one of {sorted(ACTIVATIONS)}; "
                            "save model.state_dict() (and rebuild the model in code) instead")


def _remove_leftovers(target: Path) -> None:
    """Delete the temporary files of earlier saves into ``target``'s folder whose process no
    longer runs (``.<name>.<pid>.<random>.gradlab-tmp``: the pid is the second field from the right)."""
    for leftover in target.parent.glob(f".*{TEMP_SUFFIX}"):
        fields = leftover.name.removesuffix(TEMP_SUFFIX).rsplit(".", 2)
        if len(fields) == 3 and fields[1].isdigit() and not _running(int(fields[1])):
            with contextlib.suppress(OSError):  # gone already (a concurrent save), or not ours to delete
                leftover.unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":
        return True  # another thread of ours may be writing it; elsewhere os.kill(pid, 0) would kill
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # exists (another user's) or cannot tell: leave it
    return True


def digest(document: dict[str, Any]) -> str:
    """SHA-256 of the model's name, config and parameters as canonical JSON: any edit shows."""
    content = {k: document[k] for k in ("model", "config", "parameters")}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), allow_nan=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _architecture(config: dict[str, Any]) -> dict[str, Any]:
    """The config without the initializer, which only matters when building."""
    return {k: v for k, v in config.items() if k != "init"}
