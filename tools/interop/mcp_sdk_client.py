"""Drives a k8s-mcp HTTP server with the official Python `mcp` SDK client, as a Python user would.

Connects over legacy SSE (`--transport sse`, URL ending in /sse) or Streamable HTTP
(`--transport streamable-http`, URL ending in /mcp) with the SDK's high-level `Client` (its
default `mode="auto"` probes `server/discover` and falls back to `initialize` on a handshake-era
server, which is what an unconfigured Python client does), lists the tools, and calls one.
Prints one JSON object on stdout; the vitest interop test asserts on it. Exits 1 with
{"error": ...} when the client fails.

Usage: python mcp_sdk_client.py --transport sse|streamable-http --url URL
                                --tool NAME [--arguments JSON] [--mode auto|legacy]
"""

import argparse
import asyncio
import json
import sys
import traceback
from importlib.metadata import version
from typing import Any

from mcp import Client
from mcp.client.sse import sse_client


def content_json(content: list[Any]) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json", by_alias=True, exclude_none=True) for c in content]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    server: Any = sse_client(args.url, timeout=10) if args.transport == "sse" else args.url
    async with Client(server, mode=args.mode, read_timeout_seconds=60) as client:
        listed = await client.list_tools()
        result = await client.call_tool(args.tool, json.loads(args.arguments))
        info = client.server_info
        return {
            "sdk": f"mcp {version('mcp')}",
            "transport": args.transport,
            "protocolVersion": client.protocol_version,
            "serverInfo": info.model_dump(mode="json", exclude_none=True) if info else None,
            "tools": [
                {"name": t.name, "inputSchema": t.input_schema, "outputSchema": t.output_schema}
                for t in listed.tools
            ],
            "nextCursor": listed.next_cursor,
            "call": {
                "isError": bool(result.is_error),
                "content": content_json(result.content),
                "structuredContent": result.structured_content,
            },
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transport", choices=["sse", "streamable-http"], required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--tool", required=True)
    parser.add_argument("--arguments", default="{}", help="tool arguments as a JSON object")
    parser.add_argument("--mode", choices=["auto", "legacy"], default="auto")
    args = parser.parse_args()
    try:
        out = asyncio.run(asyncio.wait_for(run(args), timeout=90))
    except BaseException as error:  # noqa: BLE001 - report anything (ExceptionGroup included) as JSON
        print(json.dumps({"error": repr(error), "traceback": traceback.format_exc()}))
        return 1
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
