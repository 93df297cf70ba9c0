"""A provincial portal that embeds lapvo_cchc's HTTP app under /cchc.

The portal is a Starlette app of its own (here one home route); it mounts
``create_app()`` under ``/cchc``, serves both with uvicorn on a free loopback
port in a thread, asks three questions over real HTTP and shuts down.

Needs the ``http`` extra: pip install "lapvo-cchc[http]" httpx
Run: python examples/portal_embedding.py
"""

from __future__ import annotations

import socket
import threading
import time
from typing import TYPE_CHECKING

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from lapvo_cchc.web import create_app

if TYPE_CHECKING:
    from starlette.requests import Request


async def home(_request: Request) -> PlainTextResponse:
    """The portal's own page."""
    return PlainTextResponse("Cổng dịch vụ công tỉnh Đồng Tháp")


def build_portal() -> Starlette:
    """The portal: its own routes, and lapvo_cchc under /cchc."""
    return Starlette(routes=[Route("/", home), Mount("/cchc", app=create_app())])


def main() -> None:
    """Serve the portal on 127.0.0.1, make a few requests, print the answers, stop."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # loopback only, a free port chosen by the system
    port = sock.getsockname()[1]
    config = uvicorn.Config(build_portal(), lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = time.monotonic()
    while not server.started:
        if not thread.is_alive() or time.monotonic() - started > 20:
            raise SystemExit("the server did not start")
        time.sleep(0.01)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            print(client.get("/").text)

            day = client.get("/cchc/calendar/working-day", params={"date": "2026-02-17"}).json()
            print(f"{day['date']} working day? {day['is_working_day']} ({day['day_off']['name']})")

            # Household business registration received Thursday 25 April 2024, 3 working
            # days; 27 April - 1 May are off, so the appointment is Friday 3 May.
            slip = client.post(
                "/cchc/deadline",
                json={
                    "received_at": "2024-04-25T14:10:00+07:00",
                    "time_limit": {"unit": "ngày làm việc", "amount": 3},
                },
            ).json()
            print(f"Appointment: {slip['date']} (late after {slip['at']}, {slip['regime']})")

            bad = client.get("/cchc/calendar/add-working-days", params={"date": "2026-13-01"})
            error = bad.json()["errors"][0]
            print(f"Bad request: {bad.status_code} {bad.headers['content-type']}: {error['field']}")

            servers = client.get("/cchc/openapi.json").json()["servers"]
            print("OpenAPI server URL:", servers[0]["url"])
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()
    print("Stopped cleanly." if not thread.is_alive() else "The server thread is still running.")


if __name__ == "__main__":
    main()
