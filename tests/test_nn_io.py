"""Save/load: exact round trip, atomic writes, and every corrupt-file case leaves the model as it was."""

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from nn.io import SaveFileError


@pytest.fixture
def model():
    return nn.MLP(2, [4, 3, 1], activation="tanh", seed=0)


def test_round_trip_is_exact(tmp_path, model):
    path = nn.save(model, tmp_path / "m.json")
    again = nn.load(path)
    assert type(again) is nn.MLP and again.config() == model.config()
    assert again.state_dict() == model.state_dict()
    assert again([0.3, -0.7]).data == model([0.3, -0.7]).data
    document = json.loads(path.read_text())
    assert document["format"] == "gradlab-nn" and document["version"] == 1 and document["model"] == "MLP"
    assert list(document["parameters"]) == [n for n, _ in model.named_parameters()]
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)


def test_load_into_an_existing_model(tmp_path, model):
    path = nn.save(model, tmp_path / "m.json")
    target = nn.MLP(2, [4, 3, 1], activation="tanh", seed=5)
    assert nn.load(path, into=target) is target and target.state_dict() == model.state_dict()
    other = nn.MLP(2, [4, 1], seed=5)
    before = other.state_dict()
    with pytest.raises(SaveFileError, match="does not match"):
        nn.load(path, into=other)
    assert other.state_dict() == before


def corrupt_cases(text):
    doc = json.loads(text)
    params = doc["parameters"]
    first = next(iter(params))

    def edited(**changes):
        return json.dumps({**doc, **changes})

    def resealed(**changes):  # edited, with a matching checksum: caught by the content checks
        changed = {**doc, **changes}
        return json.dumps({**changed, "sha256": nn.io.digest(changed)})

    missing = {k: v for k, v in params.items() if k != first}
    return {
        "truncated": (text[: len(text) // 2], "invalid JSON"),
        "empty": ("", "invalid JSON"),
        "not a save file": (json.dumps({"hello": 1}), "not a gradlab-nn save file"),
        "newer version": (edited(version=2), "format version 2; this gradlab reads version 1"),
        "unknown long model": (edited(model="M" * 100), "unknown class '" + "M" * 59 + r"\.\.\. \(known"),
        "unknown model": (edited(model="Transformer"), "unknown class"),
        "no parameters": (json.dumps({k: v for k, v in doc.items() if k != "parameters"}),
                          "missing parameters"),
        "edited number": (edited(parameters={**params, first: params[first] + 1}), "checksum"),
        "edited activation": (edited(config={**doc["config"], "activation": "relu"}), "checksum"),
        "missing parameter": (resealed(parameters=missing), "declares 31 parameters but the file holds 30"),
        "renamed parameter": (resealed(parameters={**missing, "layers.9.w": 0.5}), "missing 1"),
        "non-finite": (resealed(parameters={**params, first: "NaN"}), "real number"),
        "bad config": (resealed(config={**doc["config"], "nin": -1}), "config"),
        "other architecture": (resealed(config={**doc["config"], "nouts": [4, 1]}), "declares 17 parameters"),
    }


def test_every_corrupt_file_raises_and_changes_nothing(tmp_path, model):
    text = nn.save(model, tmp_path / "good.json").read_text()
    target = nn.MLP(2, [4, 3, 1], activation="tanh", seed=9)
    before = target.state_dict()
    for name, (content, message) in corrupt_cases(text).items():
        path = tmp_path / f"{name}.json"
        path.write_text(content)
        with pytest.raises(SaveFileError, match=message):
            nn.load(path)
        with pytest.raises(SaveFileError, match=message):
            nn.load(path, into=target)
        assert target.state_dict() == before, name
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SaveFileError, match="not a gradlab save file"):
        nn.load(tmp_path / "binary.json")
    with pytest.raises(FileNotFoundError, match="no save file"):
        nn.load(tmp_path / "missing.json")


def test_save_is_atomic(tmp_path, model, monkeypatch):
    path = nn.save(model, tmp_path / "m.json")
    old = path.read_text()
    changed = nn.MLP(2, [4, 3, 1], activation="tanh", seed=1)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        nn.save(changed, path)
    assert path.read_text() == old  # the old file is intact
    assert os.listdir(tmp_path) == ["m.json"]  # and no temporary file is left behind


def test_save_refuses_bad_models(tmp_path, model):
    model.parameters()[0].data = float("inf")
    with pytest.raises(ValueError, match="not finite"):
        nn.save(model, tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()
    with pytest.raises(TypeError, match="state_dict"):
        nn.save(nn.Neuron(2, seed=0), tmp_path / "n.json")


def test_save_makes_the_folder(tmp_path, model):
    path = nn.save(model, tmp_path / "new" / "dir" / "m.json")
    assert path.exists() and nn.load(path).state_dict() == model.state_dict()


# -- hostile files: always SaveFileError, fast, the target model untouched ------------------------


def sealed(doc):
    """``doc`` with a checksum that matches: only the content checks can catch what is wrong."""
    return json.dumps({**doc, "sha256": nn.io.digest(doc)})


def valid_document(model):
    return {"format": "gradlab-nn", "version": 1, "model": "MLP", "config": model.config(),
            "parameters": model.state_dict()}


def test_a_small_file_declaring_a_huge_model_is_refused_before_anything_is_built(tmp_path, model):
    """285 bytes declaring 10^10 weights took 8 s and 461 MB before refusing; now the declared
    count is checked against the parameters present, and capped, before building."""
    import tracemalloc

    doc = valid_document(model)
    cases = {
        "count": ({**doc["config"], "nouts": [100000, 100000]}, "more than 5,000,000 parameters"),
        "count below the cap": ({**doc["config"], "nouts": [1000, 1]}, "declares 4,001 parameters but"),
        "many layers": ({**doc["config"], "nouts": [1] * 6_000_000}, None),
        "one huge width": ({**doc["config"], "nouts": [5_000_001]}, "more than 5,000,000 parameters"),
        "huge nin": ({**doc["config"], "nin": 10**18}, "more than 5,000,000 parameters"),
    }
    for name, (config, message) in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(sealed({**doc, "config": config}))
        tracemalloc.start()
        try:
            with pytest.raises(SaveFileError, match=message):
                nn.load(path)
            peak = tracemalloc.get_traced_memory()[1] - path.stat().st_size * 10
        finally:
            tracemalloc.stop()
        assert peak < 5 * 2**20, name  # no model-sized allocation beyond parsing the file itself


@pytest.mark.parametrize("case", ["nested", "10**400", "model list", "5001 digits", "version true",
                                  "version float", "nin bool", "nouts string", "sha256 list",
                                  "activation unknown", "activation list", "dropout 1", "unknown key",
                                  "parameter string", "parameter list", "parameter 1e400"])
def test_hostile_documents_raise_save_file_error_and_change_nothing(tmp_path, model, case):
    doc = valid_document(model)
    first = next(iter(doc["parameters"]))
    config = doc["config"]
    texts = {
        "nested": "[" * 100_000 + "]" * 100_000,
        "10**400": sealed({**doc, "parameters": {**doc["parameters"], first: 10**400}}),
        "model list": sealed({**doc, "model": ["MLP"]}),
        "5001 digits": sealed(doc).replace('"parameters": {', '"parameters": {"x": ' + "7" * 5001 + ", ", 1),
        "version true": sealed({**doc, "version": True}),
        "version float": sealed({**doc, "version": 1.0}),
        "nin bool": sealed({**doc, "config": {**config, "nin": True}}),
        "nouts string": sealed({**doc, "config": {**config, "nouts": "431"}}),
        "sha256 list": json.dumps({**doc, "sha256": [1]}),
        "activation unknown": sealed({**doc, "config": {**config, "activation": "swish"}}),
        "activation list": sealed({**doc, "config": {**config, "activation": ["tanh"]}}),
        "dropout 1": sealed({**doc, "config": {**config, "dropout": 1}}),
        "unknown key": sealed({**doc, "config": {**config, "width": 3}}),
        "parameter string": sealed({**doc, "parameters": {**doc["parameters"], first: "0.5"}}),
        "parameter list": sealed({**doc, "parameters": {**doc["parameters"], first: [0.5]}}),
        "parameter 1e400": sealed({**doc, "parameters": {**doc["parameters"], first: 1.0}}).replace(
            f'"{first}": 1.0', f'"{first}": 1e400'),
    }
    path = tmp_path / "hostile.json"
    path.write_text(texts[case])
    target = nn.MLP(2, [4, 3, 1], activation="tanh", seed=9)
    before = target.state_dict()
    with pytest.raises(SaveFileError):
        nn.load(path)
    with pytest.raises(SaveFileError):
        nn.load(path, into=target)
    assert target.state_dict() == before


def test_an_oversized_file_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_text("{" + " " * 2000 + "}")
    monkeypatch.setattr(nn.io, "MAX_FILE_BYTES", 1000)
    with pytest.raises(SaveFileError, match="2,002 bytes"):
        nn.load(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)


@st.composite
def mutated_files(draw):
    """A valid save file with one random edit: raw text spliced in, or one JSON value replaced
    (anywhere in the document) and, usually, the checksum resealed so the content checks must catch it."""
    model = nn.MLP(2, [3, 1], activation=draw(st.sampled_from(["relu", "tanh"])), seed=0)
    doc = valid_document(model)
    doc["sha256"] = nn.io.digest(doc)
    text = json.dumps(doc)
    if draw(st.booleans()):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 20)))
        return text[:start] + draw(st.text(max_size=10)) + text[end:]
    container, key = doc, None
    while True:
        keys = list(container) if isinstance(container, dict) else list(range(len(container)))
        key = draw(st.sampled_from(keys))
        if not isinstance(container[key], (dict, list)) or not container[key] or draw(st.booleans()):
            break
        container = container[key]
    container[key] = draw(json_values)
    if draw(st.booleans()):
        doc.pop("sha256", None)
        if all(k in doc for k in ("model", "config", "parameters")):
            doc["sha256"] = nn.io.digest(doc)
    return json.dumps(doc)


@given(mutated_files())
@settings(max_examples=150)
def test_any_mutated_file_loads_exactly_or_raises_save_file_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("mutated") / "m.json"
    path.write_text(text)
    target = nn.MLP(2, [3, 1], seed=7)
    before = target.state_dict()
    try:
        loaded = nn.load(path)
    except SaveFileError:
        with pytest.raises(SaveFileError):
            nn.load(path, into=target)
        assert target.state_dict() == before
        return
    document = json.loads(text)
    assert loaded.state_dict() == {k: float(v) for k, v in document["parameters"].items()}
    assert loaded.config() == {**loaded.config(), **document["config"]}


# -- saving: through symlinks, with the right mode, cleaning up after a killed save ---------------


def test_save_through_a_symlink_updates_the_target(tmp_path, model):
    real = tmp_path / "models" / "real.json"
    nn.save(nn.MLP(2, [4, 3, 1], activation="tanh", seed=1), real)
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    assert nn.save(model, link) == link
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert nn.load(real).state_dict() == model.state_dict()
    assert sorted(os.listdir(tmp_path / "models")) == ["real.json"]


def test_save_respects_the_umask_and_keeps_an_existing_files_mode(tmp_path, model):
    old = os.umask(0o077)
    try:
        fresh = nn.save(model, tmp_path / "private.json")
    finally:
        os.umask(old)
    assert fresh.stat().st_mode & 0o777 == 0o600
    shared = tmp_path / "shared.json"
    nn.save(model, shared)
    shared.chmod(0o664)
    nn.save(model, shared)
    assert shared.stat().st_mode & 0o777 == 0o664


def test_a_later_save_removes_the_temporary_file_of_a_killed_save(tmp_path, model):
    """A save killed between writing and renaming leaves its temporary file; the next save to
    that folder removes it (its process is gone), and leaves other files alone."""
    import subprocess
    import sys

    path = tmp_path / "m.json"
    nn.save(model, path)
    killed = ("import os, signal, sys, nn\n"
              "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
              "nn.save(nn.MLP(2, [4, 3, 1], seed=3), sys.argv[1])\n")
    run = subprocess.run([sys.executable, "-c", killed, str(path)], capture_output=True)
    assert run.returncode == -9
    leftovers = [n for n in os.listdir(tmp_path) if n != "m.json"]
    assert len(leftovers) == 1 and leftovers[0].startswith(".m.json.")
    (tmp_path / ".other.json.1.x.gradlab-tmp").write_text("pid 1 still runs: maybe writing")
    (tmp_path / "notes.gradlab-tmp").write_text("not a save's name")
    ours = f".mine.json.{os.getpid()}.x.gradlab-tmp"  # another thread of this process may be writing it
    (tmp_path / ours).write_text("being written")
    assert nn.load(path).state_dict() == model.state_dict()  # the killed save changed nothing
    nn.save(model, tmp_path / "m[1]*.json")  # any save into the folder cleans up; glob characters are fine
    expected = [".other.json.1.x.gradlab-tmp", ours, "m.json", "m[1]*.json", "notes.gradlab-tmp"]
    assert sorted(os.listdir(tmp_path)) == sorted(expected)


def test_save_refuses_a_custom_activation_that_no_load_could_rebuild(tmp_path):
    def swish(z):
        return z * z.sigmoid()

    custom = nn.MLP(2, [3, 1], activation=swish, seed=0)
    with pytest.raises(TypeError, match=r"custom activation 'swish'.*state_dict"):
        nn.save(custom, tmp_path / "m.json")
    assert os.listdir(tmp_path) == []
    impostor = nn.MLP(2, [3, 1], output_activation=lambda z: z.tanh(), seed=0)
    with pytest.raises(TypeError, match="custom activation '<lambda>'"):
        nn.save(impostor, tmp_path / "m.json")


def test_micrograd_style_value_methods_save_as_their_names(tmp_path):
    from autograd import Value

    model = nn.MLP(2, [3, 1], activation=Value.tanh, seed=0)
    again = nn.load(nn.save(model, tmp_path / "m.json"))
    assert again.config()["activation"] == "tanh" and again([0.2, 0.4]).data == model([0.2, 0.4]).data


def test_a_version_1_file_loads_and_saves_back_byte_for_byte(tmp_path):
    """The save format is stable: a file written by the first release loads, and saving the
    loaded model writes the same bytes (any change to the format must bump its version)."""
    golden = Path(__file__).parent / "data" / "mlp_v1.json"
    model = nn.load(golden)
    document = json.loads(golden.read_text())
    assert model.config() == document["config"] and model.state_dict() == document["parameters"]
    assert nn.save(model, tmp_path / "again.json").read_bytes() == golden.read_bytes()


@pytest.mark.parametrize("config, parameters", [
    ({"nouts": [0, 1]}, {"layers.1.neurons.0.b": 0.5}),
    ({"nin": 0, "nouts": [1]}, {"layers.0.neurons.0.b": 0.5}),
    ({"nouts": [-1, 1]}, {}),
    ({"nouts": [2, -3]}, {f"layers.0.neurons.{i}.{k}": 0.5 for i in range(2) for k in ("w.0", "w.1", "b")}),
])
def test_sizes_below_one_are_named_before_anything_is_counted_or_built(tmp_path, model, config, parameters):
    """A width or input count below 1 is refused for what it is, even when the parameters
    present are what such a model would have (a negative width must not be read as a count)."""
    doc = valid_document(model)
    path = tmp_path / "sizes.json"
    path.write_text(sealed({**doc, "config": {**doc["config"], **config}, "parameters": parameters}))
    with pytest.raises(SaveFileError, match="the config's nin must be a positive int and nouts a non-empty"):
        nn.load(path)


def test_a_file_without_the_optional_config_entries_loads_with_the_defaults(tmp_path):
    """activation, output_activation, dropout and init may be left out: the MLP defaults apply."""
    model = nn.MLP(2, [3, 1], seed=0)
    doc = valid_document(model)
    doc["config"] = {"nin": 2, "nouts": [3, 1]}
    path = tmp_path / "short.json"
    path.write_text(sealed(doc))
    loaded = nn.load(path)
    assert loaded.config() == model.config() and loaded.state_dict() == model.state_dict()


def test_a_save_leaves_a_running_saves_temporary_file_and_its_process_alone(tmp_path, model):
    """A temporary file whose process still runs may be mid-write: it stays, and finding out
    that the process runs sends it no signal."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        leftover = tmp_path / f".m.json.{child.pid}.x.gradlab-tmp"
        leftover.write_text("being written")
        nn.save(model, tmp_path / "m.json")
        with pytest.raises(subprocess.TimeoutExpired):
            child.wait(timeout=0.5)  # still running
        assert leftover.read_text() == "being written"
    finally:
        child.kill()
        child.wait()
