"""Schemathesis hooks for icce serve (loaded through SCHEMATHESIS_HOOKS by scripts/test-schemathesis.sh).

`POST /stats/chart.svg` takes JSON Lines (`application/jsonl`), which Schemathesis has no
serializer for: the document describes the body as a string (each line a `LogEntry`), so a
generated string is sent as its UTF-8 bytes, and anything else as one JSON value per line.
"""

import json

import schemathesis


@schemathesis.serializer("application/jsonl")
def jsonl(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item) + "\n" for item in items).encode("utf-8")
