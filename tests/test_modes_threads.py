"""Modes are per thread and per asyncio task (ContextVars); tracing patches no class."""

import asyncio
import threading

import autograd
from autograd import Value, is_grad_enabled, no_grad


def run_threads(*targets):
    threads = [threading.Thread(target=t) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_no_grad_in_one_thread_does_not_stop_another_recording():
    inside, entered, checked = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def evaluator():
        with no_grad():
            entered.set()
            checked.wait(5)
            seen["eval"] = (Value(1.0) * 2)._prev

    def trainer():
        entered.wait(5)
        w = Value(3.0)
        y = w * w
        y.backward()
        seen["train"] = (is_grad_enabled(), w.grad)
        checked.set()
        inside.set()

    run_threads(evaluator, trainer)
    assert seen["train"] == (True, 6.0) and seen["eval"] == ()


def test_threads_entering_and_leaving_no_grad_leave_recording_on():
    def toggle():
        for _ in range(2000):
            with no_grad():
                assert not is_grad_enabled()
            assert is_grad_enabled()

    run_threads(*[toggle] * 4)
    assert is_grad_enabled() and (Value(1.0) + 1)._prev


def test_overlapping_traces_in_threads_leave_value_untouched():
    before = {name: getattr(Value, name) for name in ("__gt__", "__lt__", "__bool__", "__float__", "item")}
    barrier = threading.Barrier(2)
    results = []

    def compile_and_run(k):
        def f(x):
            barrier.wait(5)
            return (x * k).relu()

        results.append(autograd.compile(f)(2.0))

    run_threads(lambda: compile_and_run(1.0), lambda: compile_and_run(3.0))
    assert sorted(v for v, _ in results) == [2.0, 6.0]
    assert {name: getattr(Value, name) for name in before} == before
    assert (Value(2.0) > 1) is True  # comparisons outside a trace are plain again


def test_a_trace_in_one_thread_does_not_flag_comparisons_in_another():
    started, done = threading.Event(), threading.Event()
    errors = []

    def tracer():
        def f(x):
            started.set()
            done.wait(5)
            return x * 2

        autograd.compile(f)(1.0)

    def eager_user():
        started.wait(5)
        try:
            v = Value(3.0) * 2
            assert v > 1 and bool(v) and float(v) == 6.0
        except Exception as e:
            errors.append(e)
        done.set()

    run_threads(tracer, eager_user)
    assert not errors


def test_asyncio_tasks_have_their_own_modes():
    async def evaluate():
        with no_grad():
            await asyncio.sleep(0.01)
            return is_grad_enabled()

    async def train():
        await asyncio.sleep(0.005)
        return is_grad_enabled(), bool((Value(1.0) * 2)._prev)

    async def main():
        return await asyncio.gather(evaluate(), train())

    assert asyncio.run(main()) == [False, (True, True)]
