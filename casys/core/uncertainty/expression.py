"""Measurement models: a restricted expression language for the measurement function.

A measurement model (JCGM 100:2008, 4.1.1; JCGM 101:2008, 3.16 and 5.1) is written
as one expression giving the output quantity from named input quantities, e.g.
``(V/I) * (1 + alpha*(t - 20))``. The text is read by a small tokenizer and a
recursive-descent parser written here: numbers, names, ``+ - * /``, ``**`` (or
``^``), unary minus, parentheses and calls to a fixed whitelist of functions.
Nothing of the text ever reaches Python's ``eval``/``exec``/``compile`` or ``ast``;
anything else (attributes, subscripts, keywords, dunder names, other functions)
is a :class:`ModelSyntaxError` naming the 1-based column and the offending text.

The tree (frozen dataclasses) is evaluated with NumPy, vectorised over trials, and
differentiated exactly by forward-mode automatic differentiation to give the
sensitivity coefficients c_i = ∂f/∂x_i of JCGM 100:2008, 5.1.3.

>>> model = parse("(m_Rc + dm_Rc) * (1 + (rho_a - 1.2) * (1/rho_W - 1/rho_R)) - 100000")
>>> sorted(model.names)
['dm_Rc', 'm_Rc', 'rho_R', 'rho_W', 'rho_a']
>>> m = parse("x**2 + sqrt(y)")
>>> value, grad = gradient(m, {"x": 3.0, "y": 4.0})
>>> float(value), [float(g) for g in grad]
(11.0, [6.0, 0.25])
>>> parse("x.__class__")
Traceback (most recent call last):
...
casys.core.uncertainty.expression.ModelSyntaxError: column 2: unexpected character '.' in 'x.__class__'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "BinOp",
    "Call",
    "Model",
    "ModelEvaluationError",
    "ModelSyntaxError",
    "Neg",
    "Node",
    "Num",
    "Var",
    "evaluate",
    "gradient",
    "parse",
    "FUNCTIONS",
    "CONSTANTS",
    "MAX_LENGTH",
    "MAX_DEPTH",
]

MAX_LENGTH = 4000
"""Longest model text accepted (characters)."""
MAX_DEPTH = 64
"""Deepest nesting of parentheses, calls and unary operators accepted."""

Array = npt.NDArray[np.float64]


class ModelSyntaxError(ValueError):
    """The model text is not a valid expression; the message names column and text."""

    def __init__(self, column: int, message: str, text: str) -> None:
        self.column = column
        self.text = text
        shown = text if len(text) <= 80 else text[:77] + "..."
        super().__init__(f"column {column}: {message} in {shown!r}")


class ModelEvaluationError(ValueError):
    """The model could not be evaluated (unknown input, non-finite value)."""


# ---------------------------------------------------------------- tree


@dataclass(frozen=True)
class Num:
    """A numeric literal."""

    value: float


@dataclass(frozen=True)
class Var:
    """An input quantity (or the constants ``pi`` and ``e``)."""

    name: str


@dataclass(frozen=True)
class Neg:
    """Unary minus."""

    operand: Node


@dataclass(frozen=True)
class BinOp:
    """A binary operation; ``op`` is one of ``+ - * / **``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    """A call of a whitelisted one-argument function."""

    func: str
    arg: Node


Node = Num | Var | Neg | BinOp | Call

FUNCTIONS: Mapping[str, Callable[[Array], Array]] = {
    "sqrt": np.sqrt,
    "exp": np.exp,
    "log": np.log,
    "log10": np.log10,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "asin": np.arcsin,
    "acos": np.arccos,
    "atan": np.arctan,
    "abs": np.abs,
}
"""The only functions a model may call."""

CONSTANTS: Mapping[str, float] = {"pi": math.pi, "e": math.e}
"""Names that are constants, not input quantities."""


@dataclass(frozen=True)
class Model:
    """A parsed measurement model: the text, its tree and the input names it uses."""

    text: str
    tree: Node
    names: frozenset[str]


# ---------------------------------------------------------------- tokenizer


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "name", "op", "end"
    text: str
    column: int  # 1-based


_SINGLE = {"+", "-", "*", "/", "^", "(", ")"}
_DIGITS = frozenset("0123456789")  # ASCII only: str.isdigit() also accepts '²' and other digits


def _scan_number(text: str, i: int) -> int:
    n = len(text)
    j = i
    while j < n and text[j] in _DIGITS:
        j += 1
    if j < n and text[j] == ".":
        j += 1
        while j < n and text[j] in _DIGITS:
            j += 1
    if j < n and text[j] in "eE":
        k = j + 1
        if k < n and text[k] in "+-":
            k += 1
        if k < n and text[k] in _DIGITS:
            while k < n and text[k] in _DIGITS:
                k += 1
            j = k
    return j


def _is_name_start(ch: str) -> bool:
    return ch.isascii() and (ch.isalpha() or ch == "_")


def _is_name_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t":
            i += 1
        elif ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            j = _scan_number(text, i)
            tokens.append(_Token("num", text[i:j], i + 1))
            i = j
        elif _is_name_start(ch):
            j = i + 1
            while j < n and _is_name_char(text[j]):
                j += 1
            name = text[i:j]
            if name.startswith("__"):
                raise ModelSyntaxError(i + 1, f"name {name!r} is not allowed (dunder)", text)
            tokens.append(_Token("name", name, i + 1))
            i = j
        elif text.startswith("**", i):
            tokens.append(_Token("op", "**", i + 1))
            i += 2
        elif ch in _SINGLE:
            tokens.append(_Token("op", "**" if ch == "^" else ch, i + 1))
            i += 1
        else:
            raise ModelSyntaxError(i + 1, f"unexpected character {ch!r}", text)
    tokens.append(_Token("end", "", n + 1))
    return tokens


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.pos = 0
        self.depth = 0
        self.names: set[str] = set()

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def fail(self, tok: _Token, message: str) -> ModelSyntaxError:
        return ModelSyntaxError(tok.column, message, self.text)

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(tok, f"nesting deeper than {MAX_DEPTH}")

    def expect(self, text: str) -> _Token:
        tok = self.take()
        if tok.text != text or tok.kind != "op":
            found = "end of text" if tok.kind == "end" else repr(tok.text)
            raise self.fail(tok, f"expected {text!r}, found {found}")
        return tok

    def expression(self) -> Node:
        node = self.term()
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.take().text
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek().kind == "op" and self.peek().text in ("*", "/"):
            op = self.take().text
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "op" and tok.text in "+-":
            self.take()
            self.enter(tok)
            operand = self.unary()
            self.depth -= 1
            return Neg(operand) if tok.text == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.primary()
        tok = self.peek()
        if tok.kind == "op" and tok.text == "**":
            self.take()
            self.enter(tok)
            exponent = self.unary()  # right-associative, and 2**-1 is allowed
            self.depth -= 1
            return BinOp("**", base, exponent)
        return base

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Num(float(tok.text))
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "op" and tok.text == "(":
            self.enter(tok)
            node = self.expression()
            self.expect(")")
            self.depth -= 1
            return node
        found = "end of text" if tok.kind == "end" else repr(tok.text)
        raise self.fail(tok, f"expected a number, a name or '(', found {found}")

    def name(self, tok: _Token) -> Node:
        nxt = self.peek()
        if nxt.kind == "op" and nxt.text == "(":
            if tok.text not in FUNCTIONS:
                raise self.fail(
                    tok, f"function {tok.text!r} is not allowed (allowed: {', '.join(FUNCTIONS)})"
                )
            self.take()
            self.enter(nxt)
            arg = self.expression()
            self.expect(")")
            self.depth -= 1
            return Call(tok.text, arg)
        if tok.text in FUNCTIONS:
            raise self.fail(tok, f"function {tok.text!r} must be called with '('")
        if tok.text not in CONSTANTS:
            self.names.add(tok.text)
        return Var(tok.text)


def parse(text: str) -> Model:
    """Parse a measurement model; raise :class:`ModelSyntaxError` naming the column.

    >>> parse("2 ^ 3 ^ 2").tree
    BinOp(op='**', left=Num(value=2.0), right=BinOp(op='**', left=Num(value=3.0), right=Num(value=2.0)))
    >>> parse("open(x)")
    Traceback (most recent call last):
    ...
    casys.core.uncertainty.expression.ModelSyntaxError: column 1: function 'open' is not allowed \
(allowed: sqrt, exp, log, log10, sin, cos, tan, asin, acos, atan, abs) in 'open(x)'
    """
    if not isinstance(text, str):
        raise ModelSyntaxError(1, "the model must be text", repr(text))
    if len(text) > MAX_LENGTH:
        raise ModelSyntaxError(MAX_LENGTH + 1, f"model longer than {MAX_LENGTH} characters", text)
    if not text.strip():
        raise ModelSyntaxError(1, "empty model", text)
    parser = _Parser(text)
    tree = parser.expression()
    tok = parser.peek()
    if tok.kind != "end":
        raise parser.fail(tok, f"unexpected {tok.text!r} after a complete expression")
    return Model(text=text, tree=tree, names=frozenset(parser.names))


# ---------------------------------------------------------------- evaluation


def _binary(op: str, a: Array, b: Array) -> Array:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b
    return np.power(a, b)


def _eval(node: Node, env: Mapping[str, Array]) -> Array:
    if isinstance(node, Num):
        return np.asarray(node.value, dtype=np.float64)
    if isinstance(node, Var):
        if node.name in CONSTANTS:
            return np.asarray(CONSTANTS[node.name], dtype=np.float64)
        try:
            return env[node.name]
        except KeyError:
            raise ModelEvaluationError(f"no value for input quantity {node.name!r}") from None
    if isinstance(node, Neg):
        return -_eval(node.operand, env)
    if isinstance(node, BinOp):
        return _binary(node.op, _eval(node.left, env), _eval(node.right, env))
    return FUNCTIONS[node.func](_eval(node.arg, env))


def evaluate(model: Model, values: Mapping[str, float | Array]) -> Array:
    """Evaluate the model element-wise over NumPy arrays of input values (one per trial).

    >>> evaluate(parse("a / b"), {"a": np.array([1.0, 2.0]), "b": np.array([4.0, 4.0])})
    array([0.25, 0.5 ])
    """
    env = {name: np.asarray(v, dtype=np.float64) for name, v in values.items()}
    with np.errstate(all="ignore"):
        return np.asarray(_eval(model.tree, env), dtype=np.float64)


# ------------------------------------------------- forward-mode differentiation

_Dual = tuple[float, Array]  # value and gradient with respect to every input


def _d_binary(op: str, a: _Dual, b: _Dual) -> _Dual:
    (u, du), (v, dv) = a, b
    if op == "+":
        return u + v, du + dv
    if op == "-":
        return u - v, du - dv
    if op == "*":
        return u * v, du * v + u * dv
    if op == "/":
        return u / v, (du * v - u * dv) / (v * v)
    value = math.pow(u, v)
    if not dv.any():  # constant exponent: d(u^v) = v u^(v-1) du, valid for u <= 0 too
        return value, (v * math.pow(u, v - 1.0) * du) if v != 0.0 else du * 0.0
    return value, value * (dv * math.log(u) + v * du / u)


_DERIVATIVES: Mapping[str, Callable[[float], float]] = {
    "sqrt": lambda u: 0.5 / math.sqrt(u),
    "exp": math.exp,
    "log": lambda u: 1.0 / u,
    "log10": lambda u: 1.0 / (u * math.log(10.0)),
    "sin": math.cos,
    "cos": lambda u: -math.sin(u),
    "tan": lambda u: 1.0 / math.cos(u) ** 2,
    "asin": lambda u: 1.0 / math.sqrt(1.0 - u * u),
    "acos": lambda u: -1.0 / math.sqrt(1.0 - u * u),
    "atan": lambda u: 1.0 / (1.0 + u * u),
    "abs": lambda u: math.copysign(1.0, u) if u != 0.0 else 0.0,
}


def _deval(node: Node, env: Mapping[str, _Dual], n: int) -> _Dual:
    if isinstance(node, Num):
        return node.value, np.zeros(n)
    if isinstance(node, Var):
        if node.name in CONSTANTS:
            return CONSTANTS[node.name], np.zeros(n)
        try:
            return env[node.name]
        except KeyError:
            raise ModelEvaluationError(f"no value for input quantity {node.name!r}") from None
    if isinstance(node, Neg):
        u, du = _deval(node.operand, env, n)
        return -u, -du
    if isinstance(node, BinOp):
        return _d_binary(node.op, _deval(node.left, env, n), _deval(node.right, env, n))
    u, du = _deval(node.arg, env, n)
    return float(FUNCTIONS[node.func](np.asarray(u, dtype=np.float64))), _DERIVATIVES[node.func](u) * du


def gradient(model: Model, x: Mapping[str, float], order: list[str] | None = None) -> tuple[float, Array]:
    """Value and exact partial derivatives ∂f/∂x_i at the estimates (JCGM 100:2008, 5.1.3).

    ``order`` fixes the order of the partial derivatives (default: sorted names).

    >>> value, c = gradient(parse("a*b + log(a)"), {"a": 2.0, "b": 5.0}, ["a", "b"])
    >>> float(value), [float(ci) for ci in c]
    (10.693147180559945, [5.5, 2.0])
    """
    names = sorted(model.names) if order is None else list(order)
    n = len(names)
    env: dict[str, _Dual] = {}
    for i, name in enumerate(names):
        unit = np.zeros(n)
        unit[i] = 1.0
        env[name] = (float(x[name]), unit)
    try:
        with np.errstate(all="ignore"):
            value, grad = _deval(model.tree, env, n)
    except (ValueError, ZeroDivisionError, OverflowError) as exc:
        raise ModelEvaluationError(f"the model cannot be evaluated at the estimates: {exc}") from exc
    if not math.isfinite(value) or not np.all(np.isfinite(grad)):
        raise ModelEvaluationError("the model or its derivatives are not finite at the estimates")
    return float(value), np.asarray(grad, dtype=np.float64)
