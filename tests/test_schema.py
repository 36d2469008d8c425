import io
import json
import tomllib
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from begroting_cli.render.schema import schema
from tests.samples import PREVIOUS, REFERENCE

SHIPPED = Path(__file__).resolve().parents[1] / "schema" / "begroting.schema.json"


def generated() -> dict:
    out = io.StringIO()
    schema(out)
    return json.loads(out.getvalue())


def budget(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def test_the_shipped_schema_is_the_generated_one():
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == generated(), (
        "run: begroting schema > schema/begroting.schema.json")


@pytest.mark.parametrize("path", [REFERENCE, PREVIOUS], ids=lambda p: p.name)
def test_the_schema_accepts_the_reference_budgets(path):
    jsonschema.validate(budget(path), generated())


def test_the_schema_rejects_a_key_typo():
    data = budget(REFERENCE)
    opgave = data["programma"][0]["beleidsopgave"][0]
    opgave["programmalsten"] = opgave.pop("programmalasten")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, generated())


def test_the_schema_rejects_an_amount_that_is_not_a_number_or_pm():
    data = budget(REFERENCE)
    data["programma"][0]["beleidsopgave"][0]["overhead"] = "veel"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, generated())


def test_every_key_has_a_description_for_the_editor():
    definitions = generated()["$defs"]
    for name, definition in definitions.items():
        for key, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{key}"


def test_every_table_is_described_in_dutch_not_by_its_docstring():
    import inspect

    from begroting_cli import model

    schema_ = generated()
    for name, definition in {**schema_["$defs"], "Begroting": schema_}.items():
        docstring = inspect.cleandoc(getattr(model, name).__doc__)
        assert definition.get("description"), name
        assert definition["description"] != docstring, name  # the docstring is English
