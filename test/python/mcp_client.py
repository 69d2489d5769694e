"""Drives Officina with the Python MCP SDK (PyPI: mcp), the second-language client of issue 11.

    python3 mcp_client.py http <url> [token]     Streamable HTTP, with the bearer token if given
    python3 mcp_client.py stdio <command> [args...]

Prints one JSON line: {"ok": true, "tools": [...], "completion": [...]} or {"ok": false, "error": "..."}.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamablehttp_client
from mcp.types import PromptReference


async def exercise(read, write):
    async with ClientSession(read, write) as session:
        await session.initialize()
        tools = await session.list_tools()
        completion = await session.complete(
            PromptReference(type="ref/prompt", name="sales_report"),
            {"name": "group_by", "value": "w"},
        )
        return {
            "ok": True,
            "tools": [tool.name for tool in tools.tools],
            "completion": completion.completion.values,
        }


async def over_http(url, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with streamablehttp_client(url, headers=headers) as (read, write, _):
        return await exercise(read, write)


async def over_stdio(command, args):
    async with stdio_client(StdioServerParameters(command=command, args=args)) as (read, write):
        return await exercise(read, write)


def describe(error):
    """The messages of an error and, for a group (anyio's task groups raise them), of what it holds."""
    parts = [f"{type(error).__name__}: {error}"]
    for inner in getattr(error, "exceptions", []):
        parts.append(describe(inner))
    response = getattr(error, "response", None)
    if response is not None:
        parts.append(f"HTTP {response.status_code} {response.headers.get('www-authenticate', '')} {response.text}")
    return " | ".join(parts)


def main():
    mode = sys.argv[1]
    try:
        if mode == "http":
            result = asyncio.run(over_http(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
        else:
            result = asyncio.run(over_stdio(sys.argv[2], sys.argv[3:]))
    except BaseException as error:  # noqa: BLE001 - the test reads whatever ended the run
        result = {"ok": False, "error": describe(error)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
