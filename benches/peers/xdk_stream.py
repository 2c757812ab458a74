#!/usr/bin/env python3
"""X's official Python SDK (xdk 0.10.6) on the replay server, for a same-machine comparison.

Its stream transport (`xdk.streaming.stream_with_retry`, what `client.stream.posts_sample`
uses) yielding plain dicts (no pydantic model). It takes the `stream` example's arguments
(`--base-url URL --count N`, the rest ignored), so `perf process` can run it as a variant:

    pip install xdk==0.10.6
    cargo build --release --example stream --example perf
    target/release/examples/perf process --bin stream=target/release/examples/stream \
        --bin xdk=benches/peers/xdk_stream.py

Not part of `cargo test`.
"""

import argparse

from xdk import Client
from xdk.streaming import stream_with_retry


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--count", type=int, required=True)
    args, _ = parser.parse_known_args()
    client = Client(base_url=args.base_url, bearer_token="perf-token")
    client.session.headers["Authorization"] = "Bearer perf-token"
    seen = 0
    for _item in stream_with_retry(
        session=client.session,
        method="get",
        url=args.base_url + "/2/tweets/sample/stream",
        headers={"Accept": "application/json"},
    ):
        seen += 1
        if seen >= args.count:
            break


if __name__ == "__main__":
    main()
