"""Learning-rate schedules: closed forms, micrograd's linear decay, torch's schedulers."""

import math

import pytest

from autograd import Value
from nn.optim import SGD, Adam
from nn.schedules import CosineAnnealingLR, ExponentialLR, LinearLR, StepLR


def lrs(schedule, steps):
    seen = [schedule.get_last_lr()[0]]
    for _ in range(steps):
        schedule.step()
        seen.append(schedule.get_last_lr()[0])
    return seen


def opt(lr=1.0):
    return SGD([Value(0.0)], lr=lr)


def test_micrograds_demo_schedule_is_linear_lr():
    schedule = LinearLR(opt(1.0), start_factor=1.0, end_factor=0.1, total_iters=100)
    assert lrs(schedule, 120)[:101] == pytest.approx([1.0 - 0.9 * k / 100 for k in range(101)], abs=1e-15)
    assert schedule.get_last_lr() == pytest.approx([0.1])  # stays at the end factor


def test_step_exponential_cosine_closed_forms():
    assert lrs(StepLR(opt(0.5), step_size=3, gamma=0.1), 7) == pytest.approx(
        [0.5, 0.5, 0.5, 0.05, 0.05, 0.05, 0.005, 0.005])
    assert lrs(ExponentialLR(opt(2.0), gamma=0.5), 3) == pytest.approx([2.0, 1.0, 0.5, 0.25])
    cos = lrs(CosineAnnealingLR(opt(1.0), T_max=4, eta_min=0.1), 4)
    assert cos == pytest.approx([0.1 + 0.9 * (1 + math.cos(math.pi * t / 4)) / 2 for t in range(5)])


def test_schedules_drive_any_optimizer_and_every_group():
    a, b = Value(0.0), Value(0.0)
    adam = Adam([{"params": [a]}, {"params": [b], "lr": 0.1}], lr=0.01)
    schedule = ExponentialLR(adam, gamma=0.5)
    schedule.step()
    assert schedule.get_last_lr() == pytest.approx([0.005, 0.05])
    state = schedule.state_dict()
    again = ExponentialLR(Adam([{"params": [a]}, {"params": [b], "lr": 0.1}], lr=0.01), gamma=0.9)
    again.load_state_dict(state)
    assert again.get_last_lr() == pytest.approx([0.005, 0.05])


@pytest.mark.parametrize(("ours", "theirs", "kwargs"), [
    (StepLR, "StepLR", dict(step_size=2, gamma=0.3)), (ExponentialLR, "ExponentialLR", dict(gamma=0.9)),
    (CosineAnnealingLR, "CosineAnnealingLR", dict(T_max=5, eta_min=0.01)),
    (LinearLR, "LinearLR", dict(start_factor=0.25, end_factor=1.0, total_iters=4)),
    # torch's defaults are ours: gamma=0.1, eta_min=0, start_factor=1/3 over total_iters=5 steps
    (StepLR, "StepLR", dict(step_size=2)), (CosineAnnealingLR, "CosineAnnealingLR", dict(T_max=5)),
    (LinearLR, "LinearLR", {}),
])
def test_same_rates_as_torch(ours, theirs, kwargs):
    torch = pytest.importorskip("torch")
    t = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.2)
    ref = getattr(torch.optim.lr_scheduler, theirs)(t, **kwargs)
    mine = ours(opt(0.2), **kwargs)
    for _ in range(8):
        assert mine.get_last_lr() == pytest.approx(ref.get_last_lr(), rel=1e-12)
        t.step()
        ref.step()
        mine.step()


def test_bad_arguments():
    with pytest.raises(TypeError, match="optimizer"):
        StepLR(object(), step_size=1)
    with pytest.raises(ValueError, match="step_size"):
        StepLR(opt(), step_size=0)
    with pytest.raises(ValueError, match="T_max"):
        CosineAnnealingLR(opt(), T_max=0)
    with pytest.raises(ValueError, match="start_factor"):
        LinearLR(opt(), start_factor=0.0)


def test_linear_factors_are_torchs_ranges_at_both_ends():
    """start_factor in (0, 1], end_factor in [0, 1], as torch.optim.lr_scheduler.LinearLR checks."""
    assert LinearLR(opt(2.0), start_factor=1.0, end_factor=0.0, total_iters=2).get_last_lr() == [2.0]
    for start, end in ((1.0000001, 1.0), (1.5, 0.5), (0.5, 1.0000001), (0.5, -0.1), (-0.5, 0.5)):
        with pytest.raises(ValueError, match=r"start_factor must be in \(0, 1\] and end_factor in \[0, 1\]"):
            LinearLR(opt(), start_factor=start, end_factor=end)


def test_a_learning_rate_that_overflows_is_a_clear_error_and_changes_nothing():
    opt = SGD([Value(1.0)], lr=0.1)
    schedule = ExponentialLR(opt, gamma=1e300)
    schedule.step()
    with pytest.raises(ValueError, match=r"ExponentialLR: the learning rate after 2 steps is not a finite"):
        schedule.step()
    assert schedule.last_epoch == 1 and opt.param_groups[0]["lr"] == pytest.approx(1e299)
    huge = ExponentialLR(SGD([Value(1.0)], lr=0.1), gamma=10.0)
    huge.last_epoch = 400
    with pytest.raises(ValueError, match="after 401 steps"):
        huge.step()
    for bad in (0.0, -0.5, math.inf, math.nan, True):
        with pytest.raises(ValueError, match="gamma must be a finite number > 0"):
            ExponentialLR(SGD([Value(1.0)], lr=0.1), gamma=bad)
        with pytest.raises(ValueError, match="gamma must be a finite number > 0"):
            StepLR(SGD([Value(1.0)], lr=0.1), step_size=2, gamma=bad)
