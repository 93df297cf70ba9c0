"""List the import cycles between the modules of lapvo_cchc (exit status 1 if any).

Usage: ``PYTHONPATH=src python tools/import_cycles.py [--runtime]``.

Every import counts, function-level ones included (grimp reads them all);
``--runtime`` leaves out the imports under ``if TYPE_CHECKING:``, which never
run. A cycle is a strongly connected component of the module graph with more
than one module (Tarjan's algorithm), printed as its members.
"""

from __future__ import annotations

import sys

import grimp


def cycles(*, runtime: bool) -> list[list[str]]:
    """The strongly connected components of lapvo_cchc's import graph with two or more modules."""
    graph = grimp.build_graph("lapvo_cchc", exclude_type_checking_imports=runtime)
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(root: str) -> None:
        nonlocal counter
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def main() -> int:
    """Print each cycle; return 1 if there is one."""
    runtime = "--runtime" in sys.argv[1:]
    found = cycles(runtime=runtime)
    for component in found:
        print(" <-> ".join(component))
    what = "run-time imports" if runtime else "all imports (TYPE_CHECKING included)"
    print(f"{len(found)} import cycle(s) among lapvo_cchc modules, counting {what}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
