"""Every output format provides what its protocol asks, with the protocol's signatures."""

import inspect

import pytest

from begroting_cli.render import (
    DiagnosticsFormat,
    DiagnosticsRenderer,
    ReportFormat,
    ReportRenderer,
    diagnostics_renderer,
    report_renderer,
    rows,
)


def methods(protocol: type) -> dict[str, inspect.Signature]:
    found = {}
    for name, member in vars(protocol).items():
        if inspect.isfunction(member) and not name.startswith("_"):
            signature = inspect.signature(member)
            found[name] = signature.replace(parameters=list(signature.parameters.values())[1:])
    return found


def test_the_protocols_name_what_the_commands_call():
    assert sorted(methods(ReportRenderer)) == ["diff", "programma", "raming", "taakvelden",
                                               "totals", "vergelijking"]
    assert sorted(methods(DiagnosticsRenderer)) == ["rules", "validation"]


@pytest.mark.parametrize("format", list(ReportFormat))
def test_each_report_format_implements_the_report_protocol(format):
    module = report_renderer(format)
    assert module.__name__ == f"begroting_cli.render.{format.value}"
    for name, signature in methods(ReportRenderer).items():
        assert inspect.signature(getattr(module, name)) == signature, f"{format}.{name}"


@pytest.mark.parametrize("format", list(DiagnosticsFormat))
def test_each_diagnostics_format_implements_the_diagnostics_protocol(format):
    module = diagnostics_renderer(format)
    assert module.__name__ == f"begroting_cli.render.diagnostics.{format.value}"
    for name, signature in methods(DiagnosticsRenderer).items():
        assert inspect.signature(getattr(module, name)) == signature, f"{format}.{name}"


@pytest.mark.parametrize(("decimalen", "note"), [
    ((0,), "Afgerond op hele eenheden (overhead met de grootsterestmethode, zodat de totalen "
           "sluiten)"),
    ((1,), "Afgerond op 1 decimaal"),
    ((2,), "Afgerond op 2 decimalen"),
    ((0, 2), "Elk bedrag afgerond zoals het in de bron stond: hele eenheden of 2 decimalen "
             "(overhead in hele eenheden met de grootsterestmethode)"),
    ((1, 2), "Elk bedrag afgerond zoals het in de bron stond: 1 decimaal of 2 decimalen"),
])
def test_the_index_summary_says_what_it_rounded_to(decimalen, note):
    assert rows.afgerond_op(decimalen) == note
