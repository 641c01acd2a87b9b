# Two commands do all the set-up on a fresh machine (Python 3.11, make, git):
#   make run   - install, migrate, load demo data, start web + Celery worker + beat
#   make test  - install test tools and run the whole suite
# With no DATABASE_URL / REDIS_URL: SQLite and kombu's filesystem broker (no server needed).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install install-dev lint messages bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

install: $(VENV)/.run-deps
install-dev: $(VENV)/.dev-deps

run: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py run_stack --addr 127.0.0.1:$(PORT)

test: install-dev
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		(apt-get install -y -q chromium >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) || \
		echo "chromium not installed: browser tests will be skipped"
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key} $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SECRET_KEY=$${SECRET_KEY:-lint-only-secret-key} $(VENV)/bin/mypy .

messages: install-dev
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-location --no-wrap --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore '*/tests/*' --ignore 'tests/*'
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

bench: install-dev
	for script in bench/*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles test-output
