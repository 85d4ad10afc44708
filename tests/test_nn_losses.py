"""Losses and penalties: hand-computed values, finite differences, stability, errors."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from autograd import Value
from autograd.check.gradcheck import compare

finite = st.floats(-5, 5, allow_nan=False)


def vals(*xs):
    return [Value(float(x)) for x in xs]


def test_mse_l2_l1_by_hand():
    pred, target = vals(1.0, 2.0, 4.0), [0.0, 2.0, 1.0]
    assert nn.mse_loss(pred, target).data == pytest.approx((1 + 0 + 9) / 3)
    assert nn.l2_loss(pred, target).data == pytest.approx(0.5 * (1 + 0 + 9) / 3)
    assert nn.l1_loss(pred, target).data == pytest.approx((1 + 0 + 3) / 3)
    assert nn.mse_loss(pred, target, reduction="sum").data == pytest.approx(10.0)
    assert [t.data for t in nn.l1_loss(pred, target, reduction="none")] == [1.0, 0.0, 3.0]
    loss = nn.l2_loss(pred, target)
    loss.backward()
    assert [p.grad for p in pred] == pytest.approx([1 / 3, 0.0, 1.0])  # (p - t) / n


def test_hinge_is_micrograds_max_margin_loss():
    scores, y = vals(2.0, 0.5, -0.3), [1, 1, -1]
    assert nn.hinge_loss(scores, y).data == pytest.approx((0 + 0.5 + 0.7) / 3)
    with pytest.raises(ValueError, match="-1 or \\+1"):
        nn.hinge_loss(scores, [1, 0, 1])


def test_bce_with_logits_by_hand_and_stable():
    z, t = vals(0.3, -1.2), [1.0, 0.0]
    sig = [1 / (1 + math.exp(-v.data)) for v in z]
    expected = -(math.log(sig[0]) + math.log(1 - sig[1])) / 2
    assert nn.bce_with_logits(z, t).data == pytest.approx(expected)
    big = nn.bce_with_logits(vals(800.0, -800.0), [0.0, 1.0])
    assert big.data == pytest.approx(800.0)
    big.backward()
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        nn.bce_with_logits(z, [2.0, 0.0])


def test_softmax_log_softmax_cross_entropy_by_hand():
    z = vals(1.0, 2.0, 3.0)
    e = [math.exp(v) for v in (1.0, 2.0, 3.0)]
    assert [p.data for p in nn.softmax(z)] == pytest.approx([v / sum(e) for v in e])
    assert [p.data for p in nn.log_softmax(z)] == pytest.approx([math.log(v / sum(e)) for v in e])
    assert nn.cross_entropy(z, 2).data == pytest.approx(-math.log(e[2] / sum(e)))
    batch = nn.cross_entropy([z, vals(0.0, 0.0, 0.0)], [2, 1])
    assert batch.data == pytest.approx((-math.log(e[2] / sum(e)) + math.log(3)) / 2)


def test_log_softmax_and_cross_entropy_are_stable_for_huge_logits():
    z = vals(1000.0, 0.0, -1000.0)
    assert [p.data for p in nn.log_softmax(z)] == pytest.approx([0.0, -1000.0, -2000.0])
    assert [p.data for p in nn.softmax(z)] == pytest.approx([1.0, 0.0, 0.0])
    loss = nn.cross_entropy(z, 1)
    assert loss.data == pytest.approx(1000.0)
    loss.backward()
    assert [v.grad for v in z] == pytest.approx([1.0, -1.0, 0.0])


def test_penalties():
    model = nn.MLP(2, [2, 1], seed=0)
    ps = [p.data for p in model.parameters()]
    assert nn.l2_penalty(model).data == pytest.approx(sum(p * p for p in ps))
    assert nn.l1_penalty(model.parameters()).data == pytest.approx(sum(abs(p) for p in ps))
    nn.l2_penalty(model).backward()
    assert [p.grad for p in model.parameters()] == pytest.approx([2 * p for p in ps])


@given(st.lists(finite, min_size=6, max_size=6))
def test_losses_match_finite_differences(xs):
    a, b, c, d, e, f = xs
    targets = [0.5, -1.0, 2.0]
    cases = [
        lambda p, q, r: nn.mse_loss([p, q, r], targets),
        lambda p, q, r: nn.l2_loss([p, q, r], targets),
        lambda p, q, r: nn.bce_with_logits([p, q, r], [1.0, 0.0, 0.3]),
        lambda p, q, r: nn.cross_entropy([p, q, r], 1),
        lambda p, q, r: nn.log_softmax([p, q, r])[2],
        lambda p, q, r: nn.softmax([p, q, r])[0],
        lambda p, q, r: nn.l2_penalty([p, q, r]) * nn.mse_loss([p], [1.0]),
    ]
    for f_ in cases:
        report = compare(f_, [a, b, c], eps=1e-6, atol=1e-6, rtol=1e-5)
        assert report, str(report)
    # kinked losses: keep away from the kinks (|p - t| and the hinge margin)
    if min(abs(d - 0.5), abs(e + 1.0), abs(f - 2.0)) > 1e-3:
        assert compare(lambda p, q, r: nn.l1_loss([p, q, r], targets), [d, e, f], atol=1e-6)
    if min(abs(d), abs(e), abs(f)) > 1e-3:
        assert compare(lambda p, q, r: nn.l1_penalty([p, q, r]), [d, e, f], atol=1e-6)
    if min(abs(1 - d), abs(1 + e)) > 1e-3:
        assert compare(lambda p, q: nn.hinge_loss([p, q], [1, -1]), [d, e], atol=1e-6)


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="2 predictions but 3 targets"):
        nn.mse_loss(vals(1, 2), [1, 2, 3])
    with pytest.raises(ValueError, match="finite"):
        nn.mse_loss(vals(1), [math.inf])
    with pytest.raises(TypeError, match="real number"):
        nn.mse_loss(vals(1), ["1"])
    with pytest.raises(ValueError, match="reduction"):
        nn.mse_loss(vals(1), [1], reduction="avg")
    with pytest.raises(ValueError, match="out of range"):
        nn.cross_entropy(vals(1, 2), 2)
    with pytest.raises(TypeError, match="class index"):
        nn.cross_entropy(vals(1, 2), 1.0)
    with pytest.raises(ValueError, match="at least one logit"):
        nn.softmax([])
    with pytest.raises(ValueError, match="at least one parameter"):
        nn.l2_penalty([])


@pytest.mark.parametrize("z", [20.0, 37.0, 800.0, -20.0, -37.0, -800.0, 0.5, 1e-9])
@pytest.mark.parametrize("t", [0, 1, 0.3])
def test_bce_with_logits_keeps_full_precision_for_both_targets(z, t):
    """Judged in 60-digit decimal arithmetic: loss = t·log(1+e^-z) + (1-t)·log(1+e^z) and
    dloss/dz = σ(z) - t; at z = 20 with t = 1 the loss is 2.06e-9 (not a cancelled 2.06e-9 ± 3e-16),
    at z = 37 it is 8.5e-17 (not 0)."""
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 60
        exact_z, exact_t = Decimal(z), Decimal(t)
        softplus = lambda x: (1 + x.exp()).ln()
        loss = exact_t * softplus(-exact_z) + (1 - exact_t) * softplus(exact_z)
        slope = 1 / (1 + (-exact_z).exp()) - exact_t
    logit = Value(z)
    value = nn.bce_with_logits(logit, t)
    value.backward()
    for ours, exact in ((value.data, float(loss)), (logit.grad, float(slope))):
        assert abs(ours - exact) <= 4 * math.ulp(exact) + 1e-300, (ours, exact)


def test_cross_entropy_takes_class_probabilities_as_torch_does():
    torch = pytest.importorskip("torch")
    logits = [[1.0, -2.0, 0.5], [0.3, 0.3, 4.0]]
    targets = [[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]]
    zs = [vals(*row) for row in logits]
    loss = nn.cross_entropy(zs, targets)
    loss.backward()
    t = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    ref = torch.nn.functional.cross_entropy(t, torch.tensor(targets, dtype=torch.float64))
    ref.backward()
    assert loss.data == pytest.approx(ref.item(), rel=1e-14)
    assert [z.grad for row in zs for z in row] == pytest.approx(t.grad.flatten().tolist(), rel=1e-13)
    one = vals(1.0, -2.0, 0.5)
    assert nn.cross_entropy(one, [0.0, 0.0, 1.0]).data == nn.cross_entropy(one, 2).data  # one-hot = index
    with pytest.raises(ValueError, match="2 class probabilities for 3 logits"):
        nn.cross_entropy(one, [0.5, 0.5])
    with pytest.raises(ValueError, match=r"class probability must lie in \[0, 1\], got 2.0"):
        nn.cross_entropy(one, [2.0, 0.0, -1.0])


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_every_loss_and_reduction_equals_torchs(reduction):
    """Values and gradients of every loss, per element and reduced, as torch.nn.functional
    computes them in float64 (l2 is half of mse, hinge is micrograd's relu(margin - t·s))."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    p, t = [0.7, -1.2, 2.5, 0.1], [0.0, 1.0, 2.0, -0.4]
    labels, ints, probs = [1.0, 0.0, 0.3, 1.0], [1, -1, -1, 1], [[0.2, 0.5, 0.3], [1.0, 0.0, 0.0]]
    rows, classes = [[0.3, -1.0, 2.0], [1.5, 0.2, -0.7]], [2, 0]

    def T(x):
        return torch.tensor(x, dtype=torch.float64)

    def torch_hinge(s, y, reduction):
        losses = torch.relu(1.0 - y * s)
        return losses if reduction == "none" else losses.sum() if reduction == "sum" else losses.mean()

    cases = {  # name: (ours, theirs, inputs)
        "mse": (lambda x: nn.mse_loss(x, t, reduction),
                lambda x: F.mse_loss(x, T(t), reduction=reduction), p),
        "l2": (lambda x: nn.l2_loss(x, t, reduction),
               lambda x: 0.5 * F.mse_loss(x, T(t), reduction=reduction), p),
        "l1": (lambda x: nn.l1_loss(x, t, reduction), lambda x: F.l1_loss(x, T(t), reduction=reduction), p),
        "hinge": (lambda x: nn.hinge_loss(x, ints, reduction=reduction),
                  lambda x: torch_hinge(x, T(ints), reduction), p),
        "bce": (lambda x: nn.bce_with_logits(x, labels, reduction),
                lambda x: F.binary_cross_entropy_with_logits(x, T(labels), reduction=reduction), p),
        "cross_entropy": (lambda x: nn.cross_entropy(x, classes, reduction),
                          lambda x: F.cross_entropy(x, torch.tensor(classes), reduction=reduction), rows),
        "soft targets": (lambda x: nn.cross_entropy(x, probs, reduction),
                         lambda x: F.cross_entropy(x, T(probs), reduction=reduction), rows),
    }
    for name, (ours, theirs, inputs) in cases.items():
        xs = [vals(*row) for row in inputs] if isinstance(inputs[0], list) else vals(*inputs)
        flat = [v for row in xs for v in row] if isinstance(inputs[0], list) else xs
        out = ours(xs)
        tx = T(inputs).requires_grad_()
        ref = theirs(tx)
        outs = out if reduction == "none" else [out]
        assert [o.data for o in outs] == pytest.approx(ref.reshape(-1).tolist(), rel=1e-12, abs=1e-15), name
        weights = [1.0 + k for k in range(len(outs))]  # a different weight per element
        total = sum(w * o for w, o in zip(weights, outs))
        total.backward()
        (ref.reshape(-1) * T(weights)).sum().backward()
        expected = tx.grad.reshape(-1).tolist()
        assert [v.grad for v in flat] == pytest.approx(expected, rel=1e-12, abs=1e-15), name


@pytest.mark.parametrize("z, t, loss, grad", [
    (-math.inf, 0.0, 0.0, 0.0), (math.inf, 1.0, 0.0, 0.0),  # certain and right: nothing to learn
    (math.inf, 0.0, math.inf, 1.0), (-math.inf, 1.0, math.inf, -1.0),  # certain and wrong
])
def test_bce_with_logits_at_infinite_logits_is_its_limit(z, t, loss, grad):
    """An infinite logit gives the limit of the loss (0 or inf) and of its gradient σ(z) - t, never nan
    (torch's formula gives nan for a logit of -inf with target 0)."""
    v = Value(z)
    out = nn.bce_with_logits([v], [t])
    out.backward()
    assert (out.data, v.grad) == (loss, grad)
