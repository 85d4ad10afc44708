"""Save/load: exact round trip, atomic writes, and every corrupt-file case leaves the model as it was."""

import json
import os

import pytest

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
        "newer version": (edited(version=2), "version 2"),
        "unknown model": (edited(model="Transformer"), "unknown class"),
        "no parameters": (json.dumps({k: v for k, v in doc.items() if k != "parameters"}),
                          "missing parameters"),
        "edited number": (edited(parameters={**params, first: params[first] + 1}), "checksum"),
        "edited activation": (edited(config={**doc["config"], "activation": "relu"}), "checksum"),
        "missing parameter": (resealed(parameters=missing), "missing 1"),
        "non-finite": (resealed(parameters={**params, first: "NaN"}), "real number"),
        "bad config": (resealed(config={**doc["config"], "nin": -1}), "config"),
        "other architecture": (resealed(config={**doc["config"], "nouts": [4, 1]}), "unexpected"),
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
