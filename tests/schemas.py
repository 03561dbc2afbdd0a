"""The JSON Schemas of docs/schema/ as validators, and a check that every key of a document is pinned by one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.conftest import ROOT

SCHEMAS = ROOT / "docs" / "schema"


def _load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """A validator for ``docs/schema/<name>.schema.json`` (or one of its ``$defs``), the other schemas registered."""
    schemas = {n: _load(n) for n in ("audit", "rekap", "diff")}
    registry: Registry[Any] = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    schema = schemas[name]
    if definition is not None:
        schema = {"$ref": f"{schema['$id']}#/$defs/{definition}"}
    return Draft202012Validator(schema, registry=registry)


def errors(name: str, doc: Any, definition: str | None = None) -> list[str]:
    """Every validation error of ``doc``, as 'path: message' lines."""
    found = validator(name, definition).iter_errors(doc)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in found]


def key_paths(doc: Any, free: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Each distinct object key of ``doc`` (array items merged: the first item holding a key stands for all).

    Yields the concrete path to one object holding the key, ending with the key. Keys of the objects named in
    ``free`` (maps whose keys are data, such as ``by_table``) are not yielded.
    """
    seen: set[tuple[Any, ...]] = set()

    def walk(node: Any, path: tuple[Any, ...], shape: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if shape[-1:] not in {(f,) for f in free} and (*shape, key) not in seen:
                    seen.add((*shape, key))
                    yield (*path, key)
                yield from walk(value, (*path, key), (*shape, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, (*path, i), (*shape, "*"))

    yield from walk(doc, (), ())


def renamed(doc: Any, path: tuple[Any, ...]) -> Any:
    """A deep copy of ``doc`` with the key at ``path`` renamed (``key`` -> ``key_``), its value kept."""
    copy = json.loads(json.dumps(doc))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[f"{path[-1]}_"] = node.pop(path[-1])
    return copy
