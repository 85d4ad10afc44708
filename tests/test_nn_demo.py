"""``make demo``: micrograd's moons run reaches the target accuracy and writes its files."""

import json

import nn
from nn import demo


def test_demo_trains_moons_and_writes_out(tmp_path, capsys):
    assert demo.main(["--out", str(tmp_path), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "training accuracy 100%" in printed or "training accuracy 9" in printed
    model = nn.load(tmp_path / "moons_mlp.json")
    X, labels = nn.make_moons(100, noise=0.1, seed=1337)
    assert nn.accuracy([model(x) for x in X], labels) >= demo.TARGET_ACCURACY
    assert json.loads((tmp_path / "moons_mlp.json").read_text())["config"]["nouts"] == [16, 16, 1]
    for name in ("loss_curve.png", "decision_boundary.png", "neuron_graph.svg", "mlp_graph.svg",
                 "network_graph.svg", "explorer.html", "training.html"):
        if (tmp_path / name).exists():
            assert (tmp_path / name).stat().st_size > 1000
            assert f"wrote {tmp_path / name}: " in printed  # the summary says what the file shows
        else:
            assert f"skipped {name}" in printed or "no pictures" in printed
