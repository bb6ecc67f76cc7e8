#!/usr/bin/env python3
"""Fits the polynomial pieces of kernels/Erf.java against mpmath's erf and erfc at 50 digits.

    /usr/bin/python3 tools/erf/fit_erf.py     # prints the Java constants and the worst relative error of each piece

Pieces (a = |x|):
  a < 1        erf(x) = x * P(u),            u = x^2,          P fitted to erf(sqrt(u)) / sqrt(u)
  1 <= a < 3   erfc(a) = exp(-a^2) * Q(a),                     Q fitted to erfc(a) * exp(a^2)
  3 <= a < 10  erfc(a) = exp(-a^2) / a * R(v), v = 1 / a^2,    R fitted to a * erfc(a) * exp(a^2)
Each fit is a least-squares Chebyshev fit of the relative error on Chebyshev nodes (close to minimax), converted to
monomial coefficients for Horner's rule, which the script checks again on a dense grid in double.
"""
import mpmath
import numpy as np
from numpy.polynomial import chebyshev as C
from numpy.polynomial import polynomial as Pn

mpmath.mp.dps = 50


def fit(f, lo, hi, degree, name):
    k = np.arange(4000)
    t = np.cos(np.pi * (k + 0.5) / len(k))
    x = lo + (hi - lo) * (t + 1) / 2
    y = np.array([float(f(mpmath.mpf(float(v)))) for v in x])
    # Weight by 1 / y: the relative error is what a float result needs.
    cheb = C.chebfit(2 * (x - lo) / (hi - lo) - 1, y, degree, w=1 / np.abs(y))
    # Monomial coefficients in the original variable.
    mono = C.cheb2poly(cheb)
    scale = 2 / (hi - lo)
    shift = -2 * lo / (hi - lo) - 1
    coeffs = Pn.polycompose(mono, [shift, scale]) if hasattr(Pn, "polycompose") else compose(mono, shift, scale)
    grid = np.linspace(lo, hi, 20001)
    exact = np.array([float(f(mpmath.mpf(float(v)))) for v in grid[::10]])
    approx = horner(coeffs, grid[::10])
    worst = np.max(np.abs(approx - exact) / np.abs(exact))
    print(f"// {name}: degree {degree} on [{lo}, {hi}], worst relative error {worst:.2e}")
    print(f"private static final double[] {name} = {{")
    for c in coeffs:
        print(f"    {float(c)!r},")
    print("};")
    return coeffs


def compose(mono, shift, scale):
    """p(scale * x + shift) as monomial coefficients in x."""
    out = np.zeros(len(mono))
    power = np.array([1.0])
    for c in mono:
        out[: len(power)] += c * power
        power = Pn.polymul(power, [shift, scale])
    return out


def horner(coeffs, x):
    r = np.zeros_like(x)
    for c in coeffs[::-1]:
        r = r * x + c
    return r


fit(lambda u: mpmath.erf(mpmath.sqrt(u)) / mpmath.sqrt(u) if u > 0 else 2 / mpmath.sqrt(mpmath.pi),
    0.0, 1.0, 8, "SMALL")
fit(lambda a: mpmath.erfc(a) * mpmath.exp(a * a), 1.0, 3.0, 13, "MIDDLE")
fit(lambda v: mpmath.erfc(1 / mpmath.sqrt(v)) * mpmath.exp(1 / v) / mpmath.sqrt(v), 0.01, 1 / 9, 8, "LARGE")
