"""The fake Bot API answers like Telegram for the errors the bot must survive."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.telegram.fake_bot_api import FakeBotAPI


@pytest.fixture
async def client(api: FakeBotAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{api.base_url}{api.token}/") as http:
        yield http


@pytest.mark.parametrize(
    ("params", "status", "description"),
    [
        ({"text": "x" * 4097}, 400, "Bad Request: message is too long"),
        ({"text": "<b>x", "parse_mode": "HTML"}, 400, "Bad Request: can't parse entities"),
        ({"text": "<p>x</p>", "parse_mode": "HTML"}, 400, "Bad Request: can't parse entities"),
        ({"text": "<b>" + "&amp;" * 4096 + "</b>", "parse_mode": "HTML"}, 200, None),
        ({"text": "&amp;" * 4097, "parse_mode": "HTML"}, 400, "Bad Request: message is too long"),
    ],
)
async def test_send_message_checks_text_like_telegram(
    client: httpx.AsyncClient, params: dict[str, str], status: int, description: str | None
) -> None:
    response = await client.post("sendMessage", data={"chat_id": "1", **params})

    assert response.status_code == status
    if description:
        assert response.json()["description"].startswith(description)


async def test_blocked_chat_gets_403(api: FakeBotAPI, client: httpx.AsyncClient) -> None:
    api.blocked_chats.add(5)

    response = await client.post("sendMessage", data={"chat_id": "5", "text": "hi"})

    assert response.status_code == 403
    assert response.json()["description"] == "Forbidden: bot was blocked by the user"


async def test_get_updates_with_an_offset_forgets_the_updates_before_it(
    client: httpx.AsyncClient, api: FakeBotAPI
) -> None:
    api.push({"message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "a"}})
    api.push({"message": {"message_id": 2, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "b"}})
    first = (await client.post("getUpdates", data={"offset": "0"})).json()["result"]

    await client.post("getUpdates", data={"offset": str(first[-1]["update_id"] + 1)})
    again = (await client.post("getUpdates", data={"offset": "0"})).json()["result"]

    assert len(first) == 2
    assert again == []  # a restarted bot (offset 0) is not handed confirmed updates again


async def test_group_admins_and_a_429_for_one_chat(client: httpx.AsyncClient, api: FakeBotAPI) -> None:
    api.admins[-100] = [5, 6]
    api.flood(9, retry_after=3)

    admins = (await client.post("getChatAdministrators", data={"chat_id": "-100"})).json()["result"]
    other = await client.post("sendMessage", data={"chat_id": "8", "text": "hi"})
    flooded = await client.post("sendMessage", data={"chat_id": "9", "text": "hi"})

    assert [m["user"]["id"] for m in admins][1:] == [5, 6]
    assert other.status_code == 200
    assert flooded.status_code == 429
    assert flooded.json()["parameters"] == {"retry_after": 3}
