from decimal import Decimal

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from begroting_cli.diagnostic import Severity
from begroting_cli.load import load_bytes
from begroting_cli.rules import check
from tests.strategies import consistent_budgets


def validate(data: dict):
    loaded = load_bytes(tomli_w.dumps(data).encode(), "generated.toml")
    return loaded, check(loaded)


@given(consistent_budgets())
def test_a_consistent_budget_has_no_errors(data):
    _, found = validate(data)
    assert [d for d in found if d.severity is Severity.ERROR] == []


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(consistent_budgets(), st.data())
def test_one_amount_changed_beyond_rounding_is_an_error_inside_its_table(data, draw):
    programmas = [p for p in data["programma"] if p["beleidsopgave"]]
    p = draw.draw(st.sampled_from(range(len(programmas))))
    b = draw.draw(st.sampled_from(range(len(programmas[p]["beleidsopgave"]))))
    key = draw.draw(st.sampled_from(["programmalasten", "directe_personeelslasten", "overhead"]))
    delta = draw.draw(st.integers(3, 10_000)) * draw.draw(st.sampled_from([1, -1]))
    line = programmas[p]["beleidsopgave"][b]
    line[key] += Decimal(delta)
    loaded, found = validate(data)
    start, end = loaded.sources.span(("programma", p, "beleidsopgave", b))
    assert any(d.severity is Severity.ERROR and d.subject == line["code"]
               and start <= d.line <= end for d in found)
