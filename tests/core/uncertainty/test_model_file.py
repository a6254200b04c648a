"""The TOML model file (docs/uncertainty-model-file.md)."""

from __future__ import annotations

import pytest

from casys.core.uncertainty import (
    CurvilinearTrapezoidal,
    ModelFileError,
    Normal,
    Rectangular,
    StudentT,
    Triangular,
    parse_model_file,
)

# the form quoted in issue #4, completed with the other inputs of JCGM 101:2008 9.3
MASS = """
[model]
expression = "(m_Rc + dm_Rc) * (1 + (rho_a - 1.2) * (1/rho_W - 1/rho_R)) - 100000"

[inputs.m_Rc]
distribution = "normal"        # mean, std [, dof]
mean = 100000.0
std = 0.050
[inputs.dm_Rc]
distribution = "normal"
mean = 1.234
std = 0.020
[inputs.rho_a]
distribution = "rectangular"   # low, high
low = 1.10
high = 1.30
[inputs.rho_W]
distribution = "rectangular"
low = 7000
high = 9000
[inputs.rho_R]
distribution = "rectangular"
low = 7950
high = 8050

[[correlations]]
inputs = ["m_Rc", "dm_Rc"]
coefficient = 0.9
"""


def test_it_reads_the_form_of_the_issue():
    f = parse_model_file(MASS)
    assert f.model.names == frozenset({"m_Rc", "dm_Rc", "rho_a", "rho_W", "rho_R"})
    assert f.inputs["m_Rc"] == Normal(100000.0, 0.050)
    assert f.inputs["rho_W"] == Rectangular(7000.0, 9000.0)
    assert f.correlations == {("m_Rc", "dm_Rc"): 0.9}
    assert f.p == 0.95


def test_it_reads_every_distribution():
    text = """
[model]
expression = "a + b + c + d + e1 + f + g + h + k"
coverage_probability = 0.99
[inputs.a]
distribution = "triangular"
low = 0
high = 4
mode = 1
[inputs.b]
distribution = "arcsine"
low = -1
high = 1
[inputs.c]
distribution = "trapezoidal"
low = -1
high = 1
beta = 0.5
[inputs.d]
distribution = "t"
mean = 10
scale = 2
dof = 5
[inputs.e1]
distribution = "exponential"
mean = 3
[inputs.f]
distribution = "gamma"
shape = 2
scale = 3
[inputs.g]
distribution = "curvilinear-trapezoidal"
low = -1
high = 1
d = 0.1
[inputs.h]
distribution = "normal"
mean = 0
std = 1
dof = 12
[inputs.k]
distribution = "rectangular"
low = 0
high = 1
dof = 8
"""
    f = parse_model_file(text)
    assert f.p == 0.99
    assert f.inputs["a"] == Triangular(0.0, 4.0, 1.0)
    assert f.inputs["d"] == StudentT(10.0, 2.0, 5.0)
    assert f.inputs["g"] == CurvilinearTrapezoidal(-1.0, 1.0, 0.1)
    assert f.inputs["h"].df == 12.0 and f.inputs["k"].df == 8.0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("high = 1.30\n", ""), "inputs.rho_a.high: missing"),
        (
            lambda t: t.replace('"rectangular"   # low', '"uniformish"   # low'),
            "inputs.rho_a.distribution: unknown 'uniformish'",
        ),
        (lambda t: t.replace("low = 1.10", 'low = "one"'), "inputs.rho_a.low: must be a number"),
        (lambda t: t.replace("low = 1.10", "lo = 1.10"), "inputs.rho_a.lo: not a parameter of rectangular"),
        (lambda t: t.replace("low = 1.10", "low = 1.40"), "inputs.rho_a.high: must exceed low"),
        (lambda t: t.replace("- 100000", "- 100000 +"), "model.expression: column 70: expected a number"),
        (lambda t: t.replace("- 100000", "- 100000 + m_X"), "inputs.m_X: missing (model.expression uses it)"),
        (
            lambda t: t.replace("coefficient = 0.9", "coefficient = 1.9"),
            "correlations[0].coefficient: must lie in [-1, 1]",
        ),
        (
            lambda t: t.replace('["m_Rc", "dm_Rc"]', '["m_Rc", "x"]'),
            "correlations[0].inputs: 'x' is not an input",
        ),
        (
            lambda t: t.replace(
                "[inputs.rho_R]",
                '[inputs.unused]\ndistribution = "normal"\nmean = 0\nstd = 1\n[inputs.rho_R]',
            ),
            "inputs.unused: not used by model.expression",
        ),
        (lambda t: t.replace("expression =", "expresion ="), "model.expresion: unknown key"),
        (lambda t: t + "\n[extra]\n", "extra: unknown section"),
        (lambda t: t.replace("[model]", "[model"), "TOML:"),
    ],
)
def test_it_names_the_key_at_fault(edit, message):
    with pytest.raises(ModelFileError) as info:
        parse_model_file(edit(MASS))
    assert str(info.value).startswith(message)
