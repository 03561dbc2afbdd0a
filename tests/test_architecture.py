"""The package layout: no import cycles, layers import only downwards, small modules.

docs/architecture.md describes the layers this test enforces.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from tests.conftest import ROOT

PACKAGE = ROOT / "lakip_xl"

# Lower rank = lower layer. A module may import modules of its own rank or lower.
RANKS = {"model": 0, "tables": 1, "io": 2, "audit": 3, "cycle": 4, "diff": 4, "report": 5, "desk": 6, "web": 7}
TOP_RANK = 8  # cli.py, docgen.py: the edges of the tool
MAX_LINES = 400


def _module_name(path: object) -> str:
    rel = PACKAGE.parent
    parts = list(path.relative_to(rel).with_suffix("").parts)  # type: ignore[attr-defined]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, ast.Module]:
    """Every module of the package, by dotted name, parsed."""
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


def import_graph(parsed: Mapping[str, ast.Module]) -> dict[str, set[str]]:
    """Edges module -> lakip_xl modules it imports, anywhere in its body (TYPE_CHECKING and function-level too)."""
    graph: dict[str, set[str]] = {name: set() for name in parsed}
    for name, tree in parsed.items():
        is_package = (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists()
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    module = ".".join([*base, node.module] if node.module else base)
                else:
                    module = node.module or ""
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in parsed else module for a in node.names]
            graph[name].update(t for t in targets if t in parsed and t != name)
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def rank(module: str) -> int:
    """The layer of a module (see RANKS)."""
    parts = module.split(".")
    if len(parts) == 1:
        return 0  # lakip_xl itself holds only __version__
    return RANKS.get(parts[1], TOP_RANK)


def test_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycles() -> None:
    graph = import_graph(modules())
    assert len(graph) > 30
    assert find_cycle(graph) is None


def test_layers_import_only_downwards() -> None:
    graph = import_graph(modules())
    upward = sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets if rank(b) > rank(a))
    assert upward == []


WHERE = "model/, tables/, io/, audit/, cycle/, diff/, report/, desk/ or web/"


def test_every_module_lives_in_a_layer() -> None:
    edges = ("lakip_xl.cli", "lakip_xl.docgen")
    stray = sorted(
        m for m in modules() if rank(m) == TOP_RANK and m not in edges and not m.startswith("lakip_xl.commands")
    )
    assert stray == [], f"put new modules in {WHERE} (docs/architecture.md)"


def test_modules_stay_small() -> None:
    files = PACKAGE.rglob("*.py")
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in files}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
