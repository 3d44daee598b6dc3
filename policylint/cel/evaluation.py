"""Running a compiled expression against the facts, within the limits."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from policylint import budget
from policylint.cel import activation, compiler, messages, values
from policylint.cel.limits import MAX_TREE_DEPTH, TIME_BUDGET

if TYPE_CHECKING:
    from policylint.facts import Facts

# Python frames cel-python's recursive evaluator uses per parse-tree level: 5 measured, plus
# a margin. cel-python itself sets the limit to 2,500 (too few for 500 levels on a deep stack).
FRAMES_PER_LEVEL = 6


class EvaluationError(Exception):
    """Why an expression could not be evaluated (the caller adds where it is)."""


def run(expression: str, facts: Facts) -> Any:
    """The plain Python value of ``expression``; EvaluationError when it fails."""
    import celpy

    program = compiler.compile_expression(expression)
    if isinstance(program, str):
        raise EvaluationError(program)
    try:
        context, bound = activation.bind(program.names, facts)
    except ValueError as exc:
        raise EvaluationError(str(exc)) from exc
    runner = celpy.InterpretedRunner(compiler.environment(), program.tree, bound)
    # Converting is inside the budget too: a list can hold itself 2**30 times over in 30 maps.
    return _evaluate(lambda: values.to_python(runner.evaluate(context)))


def _evaluate(call: Callable[[], Any]) -> Any:
    from celpy.evaluation import CELEvalError

    needed = _stack_depth() + FRAMES_PER_LEVEL * MAX_TREE_DEPTH + 100
    if needed > sys.getrecursionlimit():
        sys.setrecursionlimit(needed)  # raised only: lowering it again would race other threads
    try:
        return budget.call_with_budget(call, TIME_BUDGET)
    except budget.BudgetExceeded:
        reason = f"stopped after {TIME_BUDGET:g} s, the time one evaluation may take"
        raise EvaluationError(reason) from None
    except CELEvalError as exc:
        raise EvaluationError(messages.eval_reason(exc)) from exc
    except RecursionError as exc:
        raise EvaluationError("the expression nests too deeply to evaluate") from exc
    except Exception as exc:  # cel-python raises more than CELEvalError
        raise EvaluationError(f"{type(exc).__name__}: {exc}") from exc


def _stack_depth() -> int:
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back  # type: ignore[assignment]
    return depth
