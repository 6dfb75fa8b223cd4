#!/usr/bin/python3
"""Validates every bundled lesson (assets/lessons/*.json) against assets/lessons/lesson.schema.json
(JSON Schema Draft 7, with Debian's python3-jsonschema). Prints one line per problem, naming the file
and the JSON pointer, and exits 1 if any lesson is invalid; the app checks the meaning itself."""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
folder = root / "assets" / "lessons"
schema = json.loads((folder / "lesson.schema.json").read_text())
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
lessons = sorted(p for p in folder.glob("*.json") if p.name != "lesson.schema.json")
bad = 0
for path in lessons:
    try:
        doc = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        print(f"{path}: not valid JSON ({e})")
        bad += 1
        continue
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        pointer = "/" + "/".join(str(p) for p in err.absolute_path)
        print(f"{path}: {pointer}: {err.message}")
        bad += 1
print(f"{len(lessons)} lessons checked against the schema, {bad} problems")
sys.exit(1 if bad or not lessons else 0)
