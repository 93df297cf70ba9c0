"""Could Babel replace the hand-written Vietnamese/English number formatting of lapvo_cchc.kpi?

Run: ``python benchmarks/bench_babel_numbers.py`` (needs ``babel``). It compares, on
10,000 random values per case (seeded), the strings of
:func:`lapvo_cchc.kpi.format_number` / :func:`~lapvo_cchc.kpi.format_percent`
with Babel's ``format_decimal`` / ``format_percent`` for the locales ``vi`` and
``en``, parses them back with Babel's ``parse_decimal``, and measures the
import cost of each side in a fresh interpreter (best of 5, ``-X importtime``
is not used so the figure includes locale-data loading on first use).

Babel is given the value already rounded by lapvo (a Decimal with the wanted
places) so the comparison is about separators, grouping and the percent sign,
not about rounding modes: Babel rounds half-even, reports round half-up.
"""

from __future__ import annotations

import random
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

from babel import numbers as bn

from lapvo_cchc.kpi import Rounding, format_number, format_percent

N = 10_000
RNG = random.Random(20261204)


def _places_pattern(places: int, *, percent: bool) -> str:
    tail = ("." + "0" * places) if places else ""
    return "#,##0" + tail + ("%" if percent else "")


def _ints() -> list[int]:
    return [RNG.choice((1, -1)) * RNG.randrange(10 ** RNG.randint(1, 12)) for _ in range(N)]


def _fractions() -> list[Fraction]:
    return [Fraction(RNG.randrange(0, 10**7), RNG.randrange(1, 10**5)) for _ in range(N)]


def _rates() -> list[Fraction]:
    out = []
    for _ in range(N):
        den = RNG.randrange(1, 60_000)
        out.append(Fraction(RNG.randrange(0, den + 1), den))
    return out


def compare() -> dict[str, tuple[int, int]]:
    """Mismatches per case: (format mismatches, parse-back mismatches)."""
    results: dict[str, tuple[int, int]] = {}
    for lang in ("vi", "en"):
        bad_fmt = bad_parse = 0
        for v in _ints():
            ours = format_number(v, lang)
            theirs = bn.format_decimal(v, format="#,##0", locale=lang)
            bad_fmt += ours != theirs
            bad_parse += bn.parse_decimal(ours, locale=lang, strict=True) != Decimal(v)
        results[f"int {lang}"] = (bad_fmt, bad_parse)

        bad_fmt = bad_parse = 0
        for f in _fractions():
            places = RNG.randint(0, 3)
            ours = format_number(f, lang, decimals=places)
            rounded = Decimal(ours.replace("." if lang == "vi" else ",", "").replace(",", "."))
            pattern = _places_pattern(places, percent=False)
            theirs = bn.format_decimal(rounded, format=pattern, locale=lang)
            bad_fmt += ours != theirs
            bad_parse += bn.parse_decimal(ours, locale=lang, strict=True) != rounded
        results[f"fraction {lang}"] = (bad_fmt, bad_parse)

        bad_fmt = bad_parse = 0
        for r in _rates():
            ours = format_percent(r, lang)
            thousands, point = (".", ",") if lang == "vi" else (",", ".")
            value = Decimal(ours.removesuffix("%").replace(thousands, "").replace(point, "."))
            theirs = bn.format_percent(
                value / 100, format=_places_pattern(1, percent=True), locale=lang
            )
            bad_fmt += ours != theirs
            bad_parse += bn.parse_decimal(ours.removesuffix("%"), locale=lang, strict=True) != value
        results[f"percent {lang}"] = (bad_fmt, bad_parse)
    return results


def rounding_differences() -> tuple[int, int]:
    """How often Babel's own rounding (half-even) differs from the reports' half-up.

    Over the random rates, and over the 2,001 rates n/2000, where every other
    value is an exact tie at the second decimal of the percentage.
    """
    diff = 0
    for r in _rates():
        ours = format_percent(r, "vi", rounding=Rounding.HALF_UP)
        theirs = bn.format_percent(
            Decimal(r.numerator) / Decimal(r.denominator), format="#,##0.0%", locale="vi"
        )
        diff += ours != theirs
    ties = 0
    for n in range(2001):
        r = Fraction(n, 2000)
        ours = format_percent(r, "vi", rounding=Rounding.HALF_UP)
        theirs = bn.format_percent(Decimal(n) / 2000, format="#,##0.0%", locale="vi")
        ties += ours != theirs
    return diff, ties


def import_ms(code: str) -> float:
    """Best of 5 CPU times (ms) to run *code* in a fresh interpreter, measured inside it."""

    def best(src: str) -> float:
        timer = "import time; t = time.process_time(); {}; print(time.process_time() - t)"
        runs = [
            float(
                subprocess.run(  # noqa: S603 (our own interpreter and code)
                    [sys.executable, "-c", timer.format(src)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for _ in range(5)
        ]
        return min(runs) * 1000

    return best(code)


def main() -> None:
    """Print the comparison table and the import costs."""
    print("| case | format mismatches / 10,000 | parse-back mismatches / 10,000 |")
    print("|---|---|---|")
    for case, (fmt, parse) in compare().items():
        print(f"| {case} | {fmt} | {parse} |")
    random_diff, tie_diff = rounding_differences()
    print(
        f"\nBabel's own rounding (half-even) differs from half-up on {random_diff} of {N} "
        f"random rates and on {tie_diff} of the 2,001 rates n/2000"
    )
    ours = import_ms("import lapvo_cchc.kpi")
    use = "b.format_decimal(1234, locale='vi'); b.format_decimal(1234, locale='en')"
    babel = import_ms(f"import babel.numbers as b; {use}")
    both = import_ms(f"import lapvo_cchc.kpi; import babel.numbers as b; {use}")
    print(
        f"import lapvo_cchc.kpi: {ours:.1f} ms; babel.numbers + vi/en locale data alone: "
        f"{babel:.1f} ms; both: {both:.1f} ms (+{both - ours:.1f} ms)"
    )


if __name__ == "__main__":
    main()
