"""docker-compose.yml runs the product on PostgreSQL and Redis with health checks."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_defines_every_service_with_a_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]

    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], name
    assert "gunicorn" in services["web"]["command"]
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert services["worker"]["environment"]["REDIS_URL"].startswith("redis://")


def test_web_and_worker_share_the_folder_attachments_are_stored_in():
    # uploads are written by web, e-mailed files by the worker; web serves both
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]

    web, worker = (set(services[name].get("volumes", [])) for name in ("web", "worker"))
    assert "appvar:/app/var" in web & worker
    assert "appvar" in compose["volumes"]


def test_dockerfile_collects_static_files_for_whitenoise():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "collectstatic" in dockerfile
    assert "gunicorn" in dockerfile
