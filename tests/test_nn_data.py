"""Toy data sets, split, standardization and minibatches."""

import itertools
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from nn.data import Standardizer, minibatches, train_val_split


@pytest.mark.parametrize("make", [nn.make_moons, nn.make_circles, nn.make_spirals, nn.make_blobs])
def test_generators_are_seeded_and_well_formed(make):
    X, y = make(n_samples=90, seed=3)
    assert len(X) == len(y) == 90 and all(len(x) == 2 for x in X)
    assert all(isinstance(v, float) and math.isfinite(v) for x in X for v in x)
    assert (X, y) == make(n_samples=90, seed=3)
    assert make(n_samples=90, seed=4)[0] != X
    assert set(y) == set(range(len(set(y))))  # class indices 0..k-1


@pytest.mark.parametrize("make", [nn.make_moons, nn.make_circles, nn.make_spirals, nn.make_blobs])
def test_generators_shuffle_by_default_like_scikit_learns(make):
    """The samples come in random order unless ``shuffle=False`` (then in a fixed pattern:
    class blocks, or the centres in turn for blobs), the same samples either way."""
    X, y = make(n_samples=60, seed=0)
    Xo, yo = make(n_samples=60, seed=0, shuffle=False)
    assert sorted(map(tuple, X)) == sorted(map(tuple, Xo)) and sorted(y) == sorted(yo)
    k = len(set(y))
    assert yo in (sorted(yo), [i % k for i in range(60)])
    assert y not in (sorted(y), [i % k for i in range(60)])


def test_default_sizes_are_scikit_learns_and_the_notes():
    """Called with no size, the generators give what scikit-learn's do (100 samples), the XOR
    table its 4 rows and the spirals 100 per arm (3 arms)."""
    sizes = {nn.make_moons: 100, nn.make_circles: 100, nn.make_blobs: 100, nn.make_linear: 100,
             nn.make_xor: 4, nn.make_spirals: 300}
    for make, n in sizes.items():
        X, y = make(seed=0)
        assert len(X) == len(y) == n, make.__name__


def test_moons_geometry_without_noise():
    X, y = nn.make_moons(50, noise=0.0, seed=0)
    for (a, b), label in zip(X, y):
        if label == 0:
            assert a * a + b * b == pytest.approx(1.0)  # upper unit half circle
        else:
            assert (a - 1) ** 2 + (b - 0.5) ** 2 == pytest.approx(1.0) and b <= 0.5 + 1e-12


def test_xor_is_the_notes_truth_table():
    X, y = nn.make_xor()
    assert X == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] and y == [0, 1, 1, 0]
    X, y = nn.make_xor(40, noise=0.1, seed=1, shuffle=True)
    assert all(label == (round(a) != round(b)) for (a, b), label in zip(X, y))


def test_spirals_and_blobs_classes():
    _, y = nn.make_spirals(300, n_classes=3, seed=0)
    assert sorted(set(y)) == [0, 1, 2] and y.count(1) == 100
    X, y = nn.make_blobs(60, centers=[[0.0, 0.0], [10.0, 10.0]], cluster_std=0.5, seed=0)
    assert all((x[0] > 5) == (label == 1) for x, label in zip(X, y))


def test_linear_data_follows_the_line():
    X, y = nn.make_linear(200, w=3.0, b=-2.0, noise=0.0, seed=0)
    assert all(t == pytest.approx(3.0 * x[0] - 2.0) for x, t in zip(X, y))
    X, y = nn.make_linear(10, w=[1.0, -1.0], b=0.5, noise=0.0, seed=0)
    assert y[0] == pytest.approx(X[0][0] - X[0][1] + 0.5)


def test_generator_errors():
    with pytest.raises(ValueError, match="n_samples"):
        nn.make_moons(1)
    with pytest.raises(ValueError, match="noise"):
        nn.make_moons(10, noise=-1.0)
    with pytest.raises(ValueError, match="factor"):
        nn.make_circles(10, factor=1.5)


@pytest.mark.parametrize("make, smallest", [(nn.make_moons, 2), (nn.make_circles, 2), (nn.make_xor, 1),
                                            (nn.make_spirals, 3), (nn.make_blobs, 1), (nn.make_linear, 1)])
def test_each_generator_takes_its_smallest_size_and_refuses_less(make, smallest):
    """One sample per class is enough (one for the unlabelled-by-class ones); fewer is an error."""
    X, y = make(smallest, seed=0)
    assert len(X) == len(y) == smallest
    with pytest.raises(ValueError, match="n_samples"):
        make(smallest - 1, seed=0)


def test_train_val_split_partitions_the_data():
    X = [[float(i)] for i in range(50)]
    y = list(range(50))
    Xt, yt, Xv, yv = train_val_split(X, y, val_fraction=0.2, seed=0)
    assert len(Xv) == 10 and len(Xt) == 40
    assert sorted(yt + yv) == y and all(x[0] == t for x, t in zip(Xt + Xv, yt + yv))
    assert train_val_split(X, y, 0.2, seed=0) == (Xt, yt, Xv, yv)
    with pytest.raises(ValueError, match="samples"):
        train_val_split(X, y[:-1])


rows = st.lists(st.lists(st.floats(-1e3, 1e3), min_size=3, max_size=3), min_size=2, max_size=30)


@given(rows)
def test_standardizer_zero_mean_unit_variance(X):
    s = Standardizer().fit(X)
    Z = s.transform(X)
    for j, col in enumerate(zip(*Z)):
        assert sum(col) / len(col) == pytest.approx(0.0, abs=1e-9)
        var = sum(v * v for v in col) / len(col)
        spread = max(x[j] for x in X) - min(x[j] for x in X)
        if spread == 0:
            assert set(col) == {0.0}  # a constant feature is only centred
        elif spread > 1e-3:
            assert var == pytest.approx(1.0, rel=1e-6)
    back = s.inverse_transform(Z)
    assert all(a == pytest.approx(b, abs=1e-7) for r, q in zip(back, X) for a, b in zip(r, q))


def test_standardizer_uses_training_statistics_only():
    s = Standardizer().fit([[0.0], [2.0]])
    assert s.transform([[4.0]]) == [[3.0]]
    with pytest.raises(ValueError, match="finite"):
        Standardizer().fit([[math.nan]])
    with pytest.raises(ValueError, match="expected 1 features"):
        s.transform([[1.0, 2.0]])


def test_minibatches_cover_every_sample_once_and_reshuffle():
    X = [[float(i)] for i in range(10)]
    y = list(range(10))
    rng = random.Random(0)
    first = list(minibatches(X, y, 3, rng=rng))
    assert [len(b[1]) for b in first] == [3, 3, 3, 1]
    assert sorted(t for _, yb in first for t in yb) == y
    second = list(minibatches(X, y, 3, rng=rng))
    assert [t for _, yb in first for t in yb] != [t for _, yb in second for t in yb]
    assert list(minibatches(X, y, None, shuffle=False)) == [(X, y)]
    with pytest.raises(ValueError, match="batch_size"):
        list(minibatches(X, y, 0))


# -- geometry a user relies on: radii, class balance, noise level, centres --------------------------


def radius(x):
    return math.hypot(*x)


def test_spirals_arms_run_from_the_centre_to_radius_one():
    """Each arm's radii are evenly spaced over [0, 1] (noise moves the angle only), and the angle
    grows with the radius: t = 4k + 4r, with x = r·sin t, y = r·cos t."""
    for noise in (0.0, 0.2):
        X, y = nn.make_spirals(300, n_classes=3, noise=noise, seed=0)
        for k in range(3):
            radii = sorted(radius(x) for x, label in zip(X, y) if label == k)
            assert radii == pytest.approx([i / 99 for i in range(100)], abs=1e-12)
    X, y = nn.make_spirals(30, n_classes=2, noise=0.0, seed=0, shuffle=False)
    for (a, b), k in zip(X, y):
        r = radius((a, b))
        if r > 0:
            t = 4.0 * k + 4.0 * r
            assert (a, b) == pytest.approx((r * math.sin(t), r * math.cos(t)), abs=1e-12)
    _, y = nn.make_spirals(301, n_classes=3, seed=0)
    assert [y.count(k) for k in range(3)] == [101, 100, 100]


@pytest.mark.parametrize("n", [100, 101])
def test_circles_split_half_and_half_with_radii_one_and_factor(n):
    X, y = nn.make_circles(n, factor=0.3, seed=0)
    assert y.count(0) == n // 2 and y.count(1) == n - n // 2
    for x, label in zip(X, y):
        assert radius(x) == pytest.approx(1.0 if label == 0 else 0.3, abs=1e-12)
    outer = sorted(math.atan2(b, a) % (2 * math.pi) for (a, b), label in zip(X, y) if label == 0)
    gaps = [b - a for a, b in itertools.pairwise(outer)]
    assert gaps == pytest.approx([2 * math.pi / (n // 2)] * len(gaps))  # evenly round the circle
    clean, _ = nn.make_circles(n, factor=0.3, seed=0, shuffle=False)
    noisy, _ = nn.make_circles(n, noise=0.05, factor=0.3, seed=0, shuffle=False)
    assert 0 < max(math.dist(a, b) for a, b in zip(noisy, clean)) < 0.05 * 6


def test_moons_shape_balance_and_noise_level():
    clean, y = nn.make_moons(2001, seed=5, shuffle=False)
    assert len(clean) == 2001 and all(len(x) == 2 for x in clean) and (y.count(0), y.count(1)) == (1000, 1001)
    assert {label for x, label in zip(clean, y) if x[1] > 0.5} == {0}  # class 0 on top
    noisy, y2 = nn.make_moons(2001, noise=0.3, seed=5, shuffle=False)
    assert y2 == y
    jitter = [a - b for p, q in zip(noisy, clean) for a, b in zip(p, q)]
    mean = sum(jitter) / len(jitter)
    std = math.sqrt(sum((j - mean) ** 2 for j in jitter) / len(jitter))
    assert abs(mean) < 0.03 and std == pytest.approx(0.3, rel=0.05)  # Gaussian with σ = noise


def test_blobs_gather_around_their_centres_with_the_given_spread():
    centres = [[-4.0, 1.0], [3.0, 3.0], [0.0, -5.0]]
    X, y = nn.make_blobs(900, centers=centres, cluster_std=0.7, seed=0)
    for k, centre in enumerate(centres):
        members = [x for x, label in zip(X, y) if label == k]
        assert len(members) == 300
        for j in range(2):
            column = [x[j] for x in members]
            mean = sum(column) / len(column)
            std = math.sqrt(sum((v - mean) ** 2 for v in column) / len(column))
            assert mean == pytest.approx(centre[j], abs=0.15) and std == pytest.approx(0.7, rel=0.12)
    X, y = nn.make_blobs(400, centers=4, n_features=3, cluster_std=0.1, seed=2)
    assert all(len(x) == 3 for x in X) and sorted(set(y)) == [0, 1, 2, 3]
    for k in range(4):
        members = [x for x, label in zip(X, y) if label == k]
        centre = [sum(col) / len(col) for col in zip(*members)]
        assert all(-10.3 <= c <= 10.3 for c in centre)  # drawn in [-10, 10]^n_features
        assert max(math.dist(x, centre) for x in members) < 0.1 * 6


@given(st.integers(1, 40), st.integers(1, 45), st.booleans())
def test_minibatches_of_any_size_cover_the_data_once(n, size, shuffle):
    X = [[float(i)] for i in range(n)]
    y = list(range(n))
    batches = list(minibatches(X, y, size, shuffle=shuffle, rng=random.Random(0)))
    sizes = [len(yb) for _, yb in batches]
    assert sizes == [size] * (n // size) + ([n % size] if n % size else [])
    order = [t for _, yb in batches for t in yb]
    assert sorted(order) == y and (shuffle or order == y)
    assert all(xb == [[float(t)] for t in yb] for xb, yb in batches)


def test_minibatches_of_one_sample_and_of_everything():
    X, y = [[1.0], [2.0], [3.0]], [10, 20, 30]
    assert list(minibatches(X, y, 1, shuffle=False)) == [([[1.0]], [10]), ([[2.0]], [20]), ([[3.0]], [30])]
    assert list(minibatches(X, y, 3, shuffle=False)) == [(X, y)]
    assert list(minibatches(X, y, 50, shuffle=False)) == [(X, y)]
    assert list(minibatches(X[:1], y[:1], 1)) == [([[1.0]], [10])]
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="batch_size must be a positive int or None"):
            list(minibatches(X, y, bad))
    with pytest.raises(ValueError, match="no samples"):
        list(minibatches([], [], 1))


def test_linear_defaults_are_the_documented_line_and_noise():
    """``make_linear()``: y = 2x - 1 plus Gaussian noise of standard deviation 0.1."""
    X, y = nn.make_linear(4000, seed=0)
    residuals = [t - (2.0 * x[0] - 1.0) for x, t in zip(X, y)]
    mean = sum(residuals) / len(residuals)
    std = math.sqrt(sum((r - mean) ** 2 for r in residuals) / len(residuals))
    assert abs(mean) < 0.01 and 0.095 < std < 0.105


def test_a_one_sample_spiral_arm_sits_at_the_centre():
    """Every arm starts at radius 0: with one sample per arm, that sample is the origin."""
    X, y = nn.make_spirals(3, n_classes=3, noise=0.0, seed=0, shuffle=False)
    assert X == [[0.0, 0.0]] * 3 and y == [0, 1, 2]


def test_blobs_with_one_centre_are_one_class_around_it():
    """``make_blobs(centers=1)`` is allowed, as in scikit-learn: one class, every point within a
    few standard deviations of the one centre."""
    X, y = nn.make_blobs(50, centers=1, cluster_std=0.5, seed=3)
    assert len(X) == 50 and set(y) == {0}
    centre = [sum(col) / len(X) for col in zip(*X)]
    assert all(abs(v - c) < 4 * 0.5 for x in X for v, c in zip(x, centre))
