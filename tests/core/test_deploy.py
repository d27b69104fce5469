"""The Dockerfile and the compose file (N workers, PostgreSQL, Caddy ending TLS) hold together.

Images are not built here (base images cannot be pulled); ``docker-compose config`` (Debian's
docker-compose package) validates the compose file, and the test skips when it is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO

DEPLOY = REPO / "deploy"


def compose(*args: str, env_file) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker-compose", "--env-file", str(env_file), "-f", str(DEPLOY / "compose.yaml"), "config", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def env_file(tmp_path):
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (Debian: apt-get install docker-compose)")
    path = tmp_path / "deploy.env"
    path.write_text((DEPLOY / "env.example").read_text())
    return path


def test_the_compose_file_is_valid_with_three_workers_postgres_and_the_proxy(env_file):
    checked = compose("-q", env_file=env_file)
    services = compose("--services", env_file=env_file)
    resolved = compose(env_file=env_file)

    assert checked.returncode == 0, checked.stderr
    assert sorted(services.stdout.split()) == ["caddy", "postgres", "worker1", "worker2", "worker3"]
    text = resolved.stdout
    assert text.count("BRIEFBOT_TELEGRAM__WEBHOOK_URL: https://bot.example.org/telegram") == 3
    assert (
        text.count("BRIEFBOT_STORE__URL: postgresql+asyncpg://briefbot:change-me@postgres:5432/briefbot") == 3
    )
    assert "published: 443" in text


def test_the_compose_file_refuses_to_start_without_a_token(env_file):
    env_file.write_text(re.sub(r"BRIEFBOT_TELEGRAM__TOKEN=.*", "", env_file.read_text()))

    checked = compose("-q", env_file=env_file)

    assert checked.returncode != 0
    assert "set the bot token" in checked.stderr


def test_the_proxy_forwards_the_webhook_path_to_every_worker_and_nothing_else():
    caddy = (DEPLOY / "Caddyfile").read_text()
    compose_text = (DEPLOY / "compose.yaml").read_text()

    assert "/telegram" in compose_text and "handle /telegram" in caddy
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddy)
    assert upstreams is not None
    assert upstreams.group(1).split() == ["worker1:8443", "worker2:8443", "worker3:8443"]
    assert "health_uri /healthz" in caddy
    assert "respond 404" in caddy  # /metrics and /healthz are not published


def test_the_dockerfile_copies_what_the_package_needs_and_installs_tzdata():
    dockerfile = (REPO / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.\d+-slim$", dockerfile, re.M)
    assert "tzdata" in dockerfile
    copied = [part for line in re.findall(r"^COPY (.+) \S+$", dockerfile, re.M) for part in line.split()]
    assert copied and all((REPO / name).exists() for name in copied)
    for package in ("bot", "handlers", "summarizer", "config", "store", "ingest"):
        assert package in copied
    assert 'ENTRYPOINT ["briefbot"]' in dockerfile
