"""The layers of docs/architecture.md, checked: every import points down or sideways.

model <- load <- engine <- rules <- render <- cli. A module may import its own layer and the
layers below it, never one above; imports inside functions count too.
"""

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "begroting_cli"

LAYERS = {
    "model": ["model", "characters", "tekst", "diagnostic", "notation", "bundled", "taakvelden"],
    "load": ["load", "parse", "sourcemap", "flat", "werkboek", "discover"],
    "engine": ["engine", "overzicht", "diff", "vergelijking", "indexatie"],
    "rules": ["rules", "relaties"],
    "render": ["render"],
    "cli": ["cli", "__main__", "atomic"],
}
"""Each layer's modules (a package stands for everything in it), lowest first."""

TOOLS = {"synthetic": "model"}
"""Modules outside the layers, for benchmarks and tests, with the highest layer they may use."""


def layer(module: str) -> int:
    """The rank of begroting_cli.<module>'s layer."""
    top = module.split(".")[0]
    for rank, modules in enumerate(LAYERS.values()):
        if top in modules:
            return rank
    if top in TOOLS:
        return list(LAYERS).index(TOOLS[top])
    raise AssertionError(f"begroting_cli.{module} is in no layer of docs/architecture.md")


def imports(path: Path) -> set[str]:
    """The begroting_cli modules a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "begroting_cli":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("begroting_cli."):
                found.add(node.module.removeprefix("begroting_cli."))
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("begroting_cli.") for a in node.names
                      if a.name.startswith("begroting_cli.")}
    return found


def modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if p.name != "__init__.py" or p.parent != SOURCE)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_imports_point_down_the_layers(path):
    name = ".".join(path.relative_to(SOURCE).with_suffix("").parts)
    own = layer(name)
    upward = sorted(m for m in imports(path) if layer(m) > own)
    assert upward == [], f"{name} (layer {list(LAYERS)[own]}) imports from above: {upward}"


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "engine.py"
    module.write_text("def f():\n    from begroting_cli.render import table\n")
    assert imports(module) == {"render"}
    assert layer("render") > layer("engine")
