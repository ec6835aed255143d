"""Interop: Python's `websockets` library talks to wiretrail's /ws/echo.

Run by tests/interop_websockets.rs with two URLs: a server with a 1 MB message limit, and
one with a 1000-byte limit. Exits non-zero, with
a message, on the first thing that is not as RFC 6455 says.
"""
import asyncio
import os
import sys

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosedError


async def main(url: str, small_url: str) -> None:
    async with connect(url, max_size=None, compression=None) as ws:
        # Text in all three length forms, with non-ASCII characters.
        for text in ["Hello", "κόσμε " * 50, "λ" * 40_000]:
            await ws.send(text)
            echoed = await ws.recv()
            assert echoed == text, f"text echo differs at length {len(text)}"
        # Binary.
        for size in [0, 125, 126, 65_535, 65_536, 1_000_000]:
            data = os.urandom(size)
            await ws.send(data)
            echoed = await ws.recv()
            assert echoed == data, f"binary echo differs at {size} bytes"
        # A fragmented message: websockets sends an iterable as fragments.
        await ws.send(["frag", "ment", "ed"])
        assert await ws.recv() == "fragmented"
        # Ping: the server must answer with a Pong carrying the same data.
        pong_waiter = await ws.ping(b"interop")
        latency = await asyncio.wait_for(pong_waiter, 5)
        assert latency >= 0
        # Closing handshake from the client: the server echoes the code.
        await ws.close(code=1000, reason="done")
        assert ws.close_code == 1000, f"server answered close code {ws.close_code}"

    # A message past the limit of the second server (--max-message 1000) gets 1009.
    async with connect(small_url, max_size=None, compression=None) as ws:
        await ws.send(b"x" * 2000)
        try:
            await asyncio.wait_for(ws.recv(), 5)
            raise AssertionError("a 2000-byte message was echoed past a 1000-byte limit")
        except ConnectionClosedError as e:
            assert e.rcvd is not None and e.rcvd.code == 1009, f"closed with {e.rcvd}"
    print("interop with websockets: ok")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
