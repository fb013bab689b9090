# kms: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Python keeps compiled modules (.pyc, git-ignored) even where the environment asks it not to: without them every
# process compiles Django and Wagtail from source again (measured here: 4.8 s of CPU to import them, 2.1 s with them),
# and the suite starts hundreds of processes (test workers, migrations, the file readers' sandboxes).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install messages run test test-sqlite test-postgres test-browser es es-stop bench eval check-deploy clean

$(INSTALLED): pyproject.toml
	@echo "==> Creating the virtual environment and installing (first time takes a minute)"
	$(PYTHON) -m venv $(VENV)
	@# uv (from PyPI) resolves and downloads in parallel: 17 s here for what pip took 90 s to install.
	$(BIN)/pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --python $(BIN)/python -e '.[test,demo]'
	touch $(INSTALLED)

install: $(INSTALLED) messages
	@if [ node_modules/.package-lock.json -nt package-lock.json ]; then :; \
	elif command -v npm >/dev/null 2>&1; then echo "==> Installing axe-core for the accessibility tests (npm ci)"; npm ci --no-audit --no-fund; \
	else echo "==> npm not found: the accessibility tests (tests/accessibility) will be skipped"; fi

# Compiled catalogs (the project's locale/ and each app's <app>/locale/) are not committed; polib compiles them without system gettext.
messages: $(INSTALLED)
	@$(BIN)/python -c "import itertools, pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix('.mo'))) for p in itertools.chain(pathlib.Path('locale').glob('*/LC_MESSAGES/*.po'), pathlib.Path('.').glob('*/locale/*/LC_MESSAGES/*.po'), pathlib.Path('cms_pages').glob('*/locale/*/LC_MESSAGES/*.po'), pathlib.Path('communities').glob('*/locale/*/LC_MESSAGES/*.po'))]"

run: install
	@echo "==> Migrating the database (SQLite: db.sqlite3)"
	$(BIN)/python manage.py migrate --noinput
	@echo "==> Loading the demo content"
	$(BIN)/python manage.py load_demo
	@echo "==> Building the search index"
	$(BIN)/python manage.py search_index rebuild
	$(BIN)/python manage.py update_index
	@echo "==> Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, login printed above; Ctrl-C stops)"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload --interval 2 & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	@bash tests/run.sh

test-sqlite: install
	$(BIN)/python -m pytest $(ARGS)

test-postgres: install
	$(BIN)/python -m pytest --database=postgres $(ARGS)

test-browser: install
	$(BIN)/python -m pytest -m browser $(ARGS)

es:
	@bash tools/es-runner/es.sh start $(if $(NODES),-n $(NODES))

es-stop:
	@bash tools/es-runner/es.sh stop

# Benchmarks: figures printed, nothing timed is asserted. tests/bench/bench_http.py serves the site with gunicorn
# (2 workers) and db_worker on a private PostgreSQL and loads it with locust; its table is also written to
# build/bench/http-<size>.json (BENCH_HTTP_SIZES, BENCH_HTTP_CONCURRENCY, BENCH_HTTP_SECONDS: see tests/bench/http.py).
bench: install
	$(BIN)/python -m pytest tests/bench/bench_*.py -q -s $(ARGS)

# Search quality on the labelled set of tests/eval (nDCG@10, recall@10 per language pair) on the embedded engine,
# Elasticsearch (ELASTICSEARCH_URL, else a node of its own) and Wagtail's database search; results in build/eval/.
eval: install
	$(BIN)/python -m tests.eval $(ARGS)

check-deploy: install
	DJANGO_SETTINGS_MODULE=kms.settings.production SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))") ALLOWED_HOSTS=kms.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) build staticfiles
