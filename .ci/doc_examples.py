#!/usr/bin/env python3
"""Every public item has a doc example (issue 13): reads rustdoc's JSON output and lists each
public item reachable from the crate root whose docs hold no code block. Exits 1 if any.

"Item" is every kind rustdoc lists as one: modules, structs, enums, unions, traits, type
aliases, functions, constants, statics, macros, and the members of inherent impl blocks and
of public traits (methods, associated constants, associated types). Struct fields and enum
variants are documented with their type and are not counted.

It also exits 1 if it saw fewer items of a kind than FLOORS says: a change in rustdoc's JSON
format that made this script traverse less would otherwise pass as "all documented". Keep
FLOORS at the current counts (the run prints them); lower one only with the change that
removes those items.

Usage: python3 .ci/doc_examples.py PATH/TO/tweetstream.json
(The JSON comes from `RUSTC_BOOTSTRAP=1 cargo rustdoc --lib --all-features -- -Z
unstable-options --output-format json`, under the target directory: rustdoc's JSON is
unstable, so this check runs only in CI, on the machine's one toolchain, never in a build.)
"""
import json
import sys
from collections import Counter

# Item kinds counted where they are declared (their impl blocks are visited too).
KINDS = (
    "module", "struct", "enum", "union", "trait", "trait_alias", "type_alias",
    "function", "constant", "static", "macro", "proc_macro",
)
# Kinds of the members of impl blocks and traits.
MEMBER_KINDS = ("function", "assoc_const", "assoc_type")

# The fewest items of each kind a run may see (total: the sum). Current counts.
FLOORS = {
    "assoc_const": 55,
    "constant": 15,
    "enum": 44,
    "function": 19,
    "method": 364,
    "module": 20,
    "struct": 127,
}


def main(path):
    doc = json.load(open(path))
    index = doc["index"]
    seen, items = set(), []

    def kind_of(item):
        return next(iter(item["inner"]))

    def has_example(item):
        return "```" in (item.get("docs") or "")

    def members(ids, path, public_only):
        for child in ids:
            member = index.get(str(child))
            if member is None:
                continue
            kind = kind_of(member)
            if kind not in MEMBER_KINDS:
                continue
            if public_only and member.get("visibility") != "public":
                continue
            label = "method" if kind == "function" else kind
            items.append((label, "::".join(path + [member["name"]]), has_example(member)))

    def visit(item_id, path):
        item_id = str(item_id)
        if item_id in seen or item_id not in index:
            return
        seen.add(item_id)
        item = index[item_id]
        if item.get("crate_id", 0) != 0:
            return
        kind = kind_of(item)
        inner = item["inner"][kind]
        here = path + [item["name"]] if item.get("name") else path
        if kind == "use":
            if inner.get("id") is not None:
                visit(inner["id"], path)
            return
        if kind == "impl":
            # Trait impls are documented by the trait; synthetic and blanket ones are rustdoc's.
            if inner.get("trait") is None and not inner.get("is_synthetic") and not inner.get("blanket_impl"):
                members(inner["items"], path, public_only=True)
            return
        if item.get("visibility") != "public" or kind not in KINDS:
            return
        items.append((kind, "::".join(here) or item["name"], has_example(item)))
        if kind == "module":
            for child in inner["items"]:
                visit(child, here)
        elif kind == "trait":
            # A public trait's members are public whatever their `visibility` says.
            members(inner["items"], here, public_only=False)
        for impl_id in inner.get("impls", []):
            visit(impl_id, here)

    visit(doc["root"], [])
    missing = [(k, p) for k, p, ok in items if not ok]
    for kind, path in missing:
        print(f"no doc example: {kind} {path}")
    counts = Counter(k for k, _, _ in items)
    print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    print(f"{len(items) - len(missing)} of {len(items)} public items have a doc example")
    short = [(k, counts[k], floor) for k, floor in sorted(FLOORS.items()) if counts[k] < floor]
    for kind, n, floor in short:
        print(f"saw {n} {kind} items, fewer than the floor of {floor}: did rustdoc's JSON format change?")
    total_floor = sum(FLOORS.values())
    if len(items) < total_floor:
        print(f"saw {len(items)} items, fewer than the floor of {total_floor}")
    return 1 if missing or short or len(items) < total_floor else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
