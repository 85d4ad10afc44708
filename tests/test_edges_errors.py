"""Issue #13, unclear errors at the engine's door: numpy's bool converts like bool, a huge
int's error is short and says why, other types are named with their module."""

import numpy as np
import pytest

from autograd import Value


@pytest.mark.parametrize("flag", [np.bool_(True), np.bool_(False)])
def test_numpy_bool_converts_like_bool(flag):
    assert Value(flag).data == float(bool(flag))


@pytest.mark.parametrize("digits", [310, 401, 5001])
def test_huge_int_error_is_short_and_names_the_size(digits):
    with pytest.raises(OverflowError, match=f"an int of {digits} digits") as info:
        Value(10 ** (digits - 1))
    assert len(str(info.value)) < 200


def test_foreign_type_is_named_with_its_module():
    with pytest.raises(TypeError, match=r"not numpy\.ndarray"):
        Value(np.array([1.0, 2.0]))
