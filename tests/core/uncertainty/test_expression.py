"""The restricted model language: parsing, errors, evaluation, exact derivatives."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casys.core.uncertainty.expression import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    BinOp,
    Call,
    ModelEvaluationError,
    ModelSyntaxError,
    Neg,
    Num,
    Var,
    evaluate,
    gradient,
    parse,
)

# Every compile/exec/eval/import in the process raises an audit event (PEP 578). The hook is
# installed once and records events only while ``_WATCH`` is set, i.e. during ``parse``.
_WATCH: list[bool] = [False]
_EVENTS: list[str] = []


def _hook(event: str, args: tuple) -> None:
    if _WATCH[0] and event in {"compile", "exec", "import", "os.system", "subprocess.Popen", "open"}:
        _EVENTS.append(event)


sys.addaudithook(_hook)


def _parse_watched(text: str):
    _EVENTS.clear()
    _WATCH[0] = True
    try:
        return parse(text)
    finally:
        _WATCH[0] = False


def test_it_parses_precedence_and_right_associative_power():
    assert parse("1 + 2 * 3").tree == BinOp("+", Num(1.0), BinOp("*", Num(2.0), Num(3.0)))
    assert parse("-x**2").tree == Neg(BinOp("**", Var("x"), Num(2.0)))
    assert parse("2^3^2").tree == BinOp("**", Num(2.0), BinOp("**", Num(3.0), Num(2.0)))
    assert parse("x ** -1").tree == BinOp("**", Var("x"), Neg(Num(1.0)))
    assert parse("sqrt(a)/b").tree == BinOp("/", Call("sqrt", Var("a")), Var("b"))


def test_it_reads_numbers_with_exponents_and_leading_dots():
    assert parse("1.5e-3").tree == Num(1.5e-3)
    assert parse(".5E+2").tree == Num(50.0)
    assert parse("7").tree == Num(7.0)


def test_it_collects_input_names_but_not_constants_or_functions():
    assert parse("pi * r**2 + e + log(x)").names == frozenset({"r", "x"})


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("a + * b", 5, "expected a number, a name or '('"),
        ("(a + b", 7, "expected ')', found end of text"),
        ("a + b)", 6, "unexpected ')'"),
        ("x.real", 2, "unexpected character '.'"),
        ("a[0]", 2, "unexpected character '['"),
        ("system(1)", 1, "function 'system' is not allowed"),
        ("__import__", 1, "dunder"),
        ("lambda x: x", 9, "unexpected character ':'"),
        ("a b", 3, "unexpected 'b'"),
        ("sqrt", 1, "must be called"),
        ("", 1, "empty model"),
        ("a = 1", 3, "unexpected character '='"),
    ],
)
def test_it_names_the_column_and_the_problem(text, column, fragment):
    with pytest.raises(ModelSyntaxError) as info:
        parse(text)
    assert info.value.column == column
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"column {column}: ")


def test_it_caps_length_and_nesting():
    with pytest.raises(ModelSyntaxError, match="longer than"):
        parse("1+" * (MAX_LENGTH // 2) + "1")
    with pytest.raises(ModelSyntaxError, match="nesting deeper"):
        parse("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(ModelSyntaxError, match="nesting deeper"):
        parse("-" * (MAX_DEPTH + 1) + "x")
    assert parse("(" * 10 + "x" + ")" * 10).names == frozenset({"x"})


def test_it_evaluates_vectorised():
    values = evaluate(
        parse("(V/I) * (1 + alpha*(t - 20))"),
        {
            "V": np.array([10.0, 20.0]),
            "I": np.array([2.0, 2.0]),
            "alpha": np.array([0.01, 0.0]),
            "t": np.array([30.0, 30.0]),
        },
    )
    assert values.tolist() == [5.5, 10.0]


def test_it_differentiates_every_function_exactly():
    x = 0.3
    for name in FUNCTIONS:
        value, grad = gradient(parse(f"{name}(x)"), {"x": x})
        h = 1e-6
        f = FUNCTIONS[name]
        numeric = (float(f(np.float64(x + h))) - float(f(np.float64(x - h)))) / (2 * h)
        assert grad[0] == pytest.approx(numeric, rel=1e-7), name
        assert value == pytest.approx(float(f(np.float64(x))))


def test_it_differentiates_powers_with_variable_exponents():
    value, grad = gradient(parse("a ** b"), {"a": 2.0, "b": 3.0}, ["a", "b"])
    assert value == 8.0
    assert grad.tolist() == pytest.approx([12.0, 8.0 * math.log(2.0)])
    _, grad = gradient(parse("x ** 2"), {"x": -3.0})
    assert grad.tolist() == [-6.0]


def test_it_refuses_estimates_outside_the_domain():
    with pytest.raises(ModelEvaluationError):
        gradient(parse("log(x)"), {"x": -1.0})
    with pytest.raises(ModelEvaluationError):
        gradient(parse("1 / x"), {"x": 0.0})
    with pytest.raises(ModelEvaluationError, match="'y'"):
        evaluate(parse("x + y"), {"x": 1.0})


# ------------------------------------------------------------ property tests

_FORBIDDEN = st.sampled_from(
    [
        "x.__class__",
        "().__class__.__bases__",
        "a[0]",
        "a[1:2]",
        "lambda: 0",
        "lambda x: x",
        "__import__('os')",
        "__builtins__",
        "import os",
        "from os import system",
        "os.system('true')",
        "open('/etc/passwd')",
        "eval('1')",
        "exec('1')",
        "compile('1','','eval')",
        "getattr(a, 'b')",
        "globals()",
        "locals()",
        "vars()",
        "breakpoint()",
        "print(1)",
        "input()",
        "x if y else z",
        "[x for x in y]",
        "{1: 2}",
        "a; b",
        "a, b",
        "'text'",
        "x @ y",
        "x // y",
        "x % y",
        "a < b",
        "not a",
        "a and b",
        "__dict__",
        "a.__dict__",
        "type(a)",
        "setattr(a, 'b', 1)",
        "f'{a}'",
        "x\n+ y",
        "# comment",
    ]
)
_VALID = st.sampled_from(["x", "1.5", "sqrt(y)", "(a + b)", "2 ** c", "-d", "log10(z)"])


@settings(max_examples=150, deadline=None)
@given(prefix=_VALID, bad=_FORBIDDEN, op=st.sampled_from([" + ", " * ", " - ", " / "]), before=st.booleans())
def test_the_parser_rejects_everything_outside_the_whitelist_without_side_effects(prefix, bad, op, before):
    text = bad + op + prefix if before else prefix + op + bad
    with pytest.raises(ModelSyntaxError) as info:
        _parse_watched(text)
    assert _EVENTS == []
    assert 1 <= info.value.column <= len(text) + 1


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_text_either_parses_to_whitelisted_nodes_or_raises_model_syntax_error(text):
    try:
        model = _parse_watched(text)
    except ModelSyntaxError:
        assert _EVENTS == []
        return
    assert _EVENTS == []

    def walk(node):
        if isinstance(node, Call):
            assert node.func in FUNCTIONS
            walk(node.arg)
        elif isinstance(node, BinOp):
            assert node.op in {"+", "-", "*", "/", "**"}
            walk(node.left)
            walk(node.right)
        elif isinstance(node, Neg):
            walk(node.operand)
        elif isinstance(node, Var):
            assert node.name.isidentifier() and not node.name.startswith("__")
        else:
            assert isinstance(node, Num)

    walk(model.tree)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="xy0123456789.+-*/^()e sqrtlog", max_size=40))
def test_arithmetic_looking_text_never_raises_anything_but_model_syntax_error(text):
    try:
        parse(text)
    except ModelSyntaxError:
        pass
