# kegong — the two set-up commands of the README:
#   make demo   installs kegong (and the fonts and LibreOffice its reports need), fills ./kegong-data with the
#               demo county and its users, and serves it on 127.0.0.1:8000
#   make test   installs kegong with its test tools and runs lint, the migrations check and the tests
#               on SQLite and (when reachable) on the local PostgreSQL server
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: demo test install install-test system-deps demo-deps static lint pg-test sqlite-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python static
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python static
	$(BIN)/pip install -q -e ".[test]"

# ECharts and htmx come from the npm registry (versions pinned in package.json) and are copied into the static files.
static: kegong/web/static/vendor/echarts.min.js kegong/web/static/vendor/htmx.min.js

kegong/web/static/vendor/echarts.min.js kegong/web/static/vendor/htmx.min.js &: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p kegong/web/static/vendor
	cp node_modules/echarts/dist/echarts.min.js node_modules/htmx.org/dist/htmx.min.js kegong/web/static/vendor/

system-deps:
	bash scripts/install-system-deps.sh all

demo-deps:
	bash scripts/install-system-deps.sh demo

demo: install demo-deps
	$(BIN)/kegong demo
	@echo "登录：用户名 admin / staff / town / enterprise / leader，密码均为 kegong-demo"
	@echo "命令行：source $(VENV)/bin/activate 之后直接运行 kegong …（或运行 $(BIN)/kegong …）"
	$(BIN)/kegong serve

lint:
	$(BIN)/ruff check kegong tests benchmarks
	KEGONG_DATA_DIR=$$(mktemp -d) $(BIN)/python -m django makemigrations --check --dry-run --settings=kegong.settings

sqlite-test:
	$(BIN)/pytest

pg-test:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL ($(PG_URL)) =="; DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser and not libreoffice"; \
	else echo "PostgreSQL at $(PG_URL) not reachable: skipping the PostgreSQL run"; \
		if [ -n "$$CI" ]; then exit 1; fi; fi

test: install-test system-deps lint sqlite-test pg-test

clean:
	rm -rf $(VENV) kegong-data .pytest_cache node_modules kegong/web/static/vendor
