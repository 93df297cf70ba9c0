"""The HTTP app takes a plugin registry: its profiles by name, never a file path."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import httpx

from lapvo_cchc.plugins import default_registry
from lapvo_cchc.web import create_app

if TYPE_CHECKING:
    import pathlib

VENDOR = (
    "Số biên nhận,Mã thủ tục,Mã đơn vị tiếp nhận,Cấp giải quyết,Hình thức tiếp nhận,"
    "Thời điểm tiếp nhận,Ngày hẹn trả,Thời điểm kết thúc,Trạng thái\n"
    "D1,1.001193,30175,Cấp Xã,Nộp qua Cổng dịch vụ công,02/03/2020 09:00:00,05/03/2020,"
    "04/03/2020 10:00:00,Hoàn thành\n"
)


def post(app: Any, url: str, body: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://cchc") as client:
            return await client.post(
                url, content=body.encode(), headers={"content-type": "text/csv"}
            )

    return asyncio.run(go())


def test_a_plugin_profile_by_name(with_dongthap: list[str]) -> None:
    app = create_app(plugins=default_registry())
    r = post(app, "/kpi/report?period=2020-03&profile=dongthap-igate", VENDOR)
    assert 200 == r.status_code, r.text
    total = r.json()["report"]["total"]
    assert 1 == total["received_online"]
    assert 1 == total["resolved_early"]  # finished 4 March, due 5 March


def test_a_file_path_is_not_a_profile(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('name = "p"\n[columns]\ndossier_code = ["x"]\n', encoding="utf-8")
    app = create_app(plugins=default_registry(entry_points=False))
    r = post(app, f"/kpi/report?period=2020-03&profile={path}", VENDOR)
    assert 422 == r.status_code
    assert "expected one of 'flat', 'vi'" in r.text


def test_without_a_registry_the_builtins_only(with_dongthap: list[str]) -> None:
    r = post(create_app(), "/kpi/report?period=2020-03&profile=dongthap-igate", VENDOR)
    assert 422 == r.status_code
