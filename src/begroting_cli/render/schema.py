"""The JSON Schema of the file format, generated from the models, for editors."""

from __future__ import annotations

import json
from typing import TextIO

from begroting_cli.model import Begroting


def schema(out: TextIO) -> None:
    """Write the JSON Schema (draft 2020-12) of a budget file."""
    generated = Begroting.model_json_schema()
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **generated}
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
