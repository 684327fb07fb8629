# nianbao — run `make` for the list of targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the tests and the demo drive: Chromium (rendered pages, browser tests) and
# LibreOffice (legacy .doc/.wps conversion). Installed once, never downloaded at run time.
SYSTEM_PACKAGES := chromium fonts-noto-cjk fonts-wqy-microhei libreoffice-writer-nogui
SYSTEM_STAMP := $(VENV)/.system-packages
PORT ?= 8001
PORTAL ?=
JOBS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install system demo test crawl build serve bench golden fixtures clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install nianbao into it (skipped when up to date)

$(SYSTEM_STAMP): | $(STAMP)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	touch $(SYSTEM_STAMP)

system: $(SYSTEM_STAMP) ## Install the Debian packages the tests and the demo use (chromium, LibreOffice)

demo: $(STAMP) $(SYSTEM_STAMP) ## Crawl the bundled sample portal offline, build the database, serve it on PORT
	$(BIN)/nianbao demo --port $(PORT)

test: $(STAMP) $(SYSTEM_STAMP) ## Run the offline test suite and the architecture checks
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -q

crawl: $(STAMP) ## Crawl every registered portal (or PORTAL=slug), then build the database
	@# A portal that fails must not keep the others' documents out of the database.
	$(BIN)/nianbao crawl $(PORTAL); status=$$?; $(BIN)/nianbao build --jobs $(JOBS) && exit $$status

build: $(STAMP) ## Re-extract every archived document into data/nianbao.db
	$(BIN)/nianbao build --jobs $(JOBS)

serve: $(STAMP) ## Serve data/nianbao.db with Datasette on PORT
	$(BIN)/nianbao serve --port $(PORT)

bench: $(STAMP) ## Benchmarks: throughput and ratios (not part of make test)
	$(BIN)/python -m tests.bench_pdf
	$(BIN)/python -m tests.bench_ocr
	$(BIN)/python -m tests.bench_build
	$(BIN)/python -m tests.bench_site

golden: $(STAMP) ## Rewrite the portal spiders' golden files from their current output (review the diff!)
	$(BIN)/pytest -q --update-golden

fixtures: $(STAMP) ## Regenerate the fixture documents and their goldens from their figures
	$(BIN)/python -m tests.make_html_fixtures
	$(BIN)/python -m tests.make_pdf_fixtures
	$(BIN)/python -m tests.make_docx_fixtures
	$(BIN)/python -m tests.make_markdown_fixtures
	$(BIN)/python -m tests.make_image_fixtures
	$(BIN)/python -m tests.make_scan_fixtures

clean: ## Remove the virtualenv and the demo data
	rm -rf $(VENV) data/demo
