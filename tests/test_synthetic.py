from begroting_cli.diagnostic import Severity
from begroting_cli.load import load_bytes
from begroting_cli.rules import check
from begroting_cli.synthetic import synthetic


def test_a_synthetic_budget_is_valid_and_the_same_for_the_same_seed():
    text = synthetic(120)
    assert text == synthetic(120)
    loaded = load_bytes(text.encode(), "synthetic.toml")
    assert [d for d in check(loaded) if d.severity is Severity.ERROR] == []
    assert sum(len(p.regels) for p in loaded.begroting.programma) == 120


def test_the_second_version_changes_every_kth_line():
    first = load_bytes(synthetic(100).encode(), "a").begroting
    second = load_bytes(synthetic(100, gewijzigd_elke=10).encode(), "b").begroting
    lines = [(a, b) for p, q in zip(first.programma, second.programma, strict=True)
             for a, b in zip(p.regels, q.regels, strict=True)]
    assert sum(a != b for a, b in lines) == 10
