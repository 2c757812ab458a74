#!/usr/bin/env python3
"""Every public item has a doc example (issue 13): reads rustdoc's JSON output and lists each
public struct, enum, trait, type alias, function, constant and inherent method reachable from
the crate root whose docs hold no code block. Exits 1 if any.

Usage: python3 .ci/doc_examples.py target/doc/tweetstream.json
(The JSON comes from `RUSTC_BOOTSTRAP=1 cargo rustdoc --lib --all-features -- -Z
unstable-options --output-format json`: rustdoc's JSON is unstable, so this check runs only
in CI, on the machine's one toolchain, never in a build.)
"""
import json
import sys

KINDS = ("struct", "enum", "trait", "function", "type_alias", "constant", "union")


def main(path):
    doc = json.load(open(path))
    index = doc["index"]
    seen, items = set(), []

    def kind_of(item):
        return next(iter(item["inner"]))

    def has_example(item):
        return "```" in (item.get("docs") or "")

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
        if kind == "module":
            for child in inner["items"]:
                visit(child, here)
        elif kind == "use":
            if inner.get("id") is not None:
                visit(inner["id"], path)
        elif kind == "impl":
            if inner.get("trait") is not None or inner.get("is_synthetic") or inner.get("blanket_impl"):
                return
            for child in inner["items"]:
                method = index.get(str(child))
                if method and method.get("visibility") == "public" and kind_of(method) == "function":
                    items.append(("method", "::".join(path + [method["name"]]), has_example(method)))
        elif item.get("visibility") == "public" and kind in KINDS:
            items.append((kind, "::".join(here), has_example(item)))
            for impl_id in inner.get("impls", []):
                visit(impl_id, here)

    visit(doc["root"], [])
    missing = [(k, p) for k, p, ok in items if not ok]
    for kind, path in missing:
        print(f"no doc example: {kind} {path}")
    print(f"{len(items) - len(missing)} of {len(items)} public items have a doc example")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
