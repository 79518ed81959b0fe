# Rightsline — `make run` starts the assistant, `make test` runs every test.
# Both set up what they need first; `make install` is idempotent and quick when nothing changed.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# Rasa must never phone home (no network here); TensorFlow keeps its start-up chatter quiet.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

# Python 3.10 from pyenv (.python-version), or python3.10 on the PATH.
PYTHON ?= $(shell pyenv which python 2>/dev/null || command -v python3.10)
UV_VERSION := 0.13.9
TOOLS := .venv-tools
UV := $(TOOLS)/bin/uv
APP := .venv
RASA_ENV := .venv-rasa
RL := $(APP)/bin/rightsline
RASA := $(RASA_ENV)/bin/rasa
PO_FILES := $(wildcard locales/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help run test install train chat lint types validate bench lock \
        i18n-extract i18n-update i18n-compile i18n-check content-check eval-nlu test-unit test-stories clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: install ## set up, train if the data changed, start Rasa + actions + chat (Telegram when TELEGRAM_BOT_TOKEN is set)
	$(RL) run

test: install ## set up and run every check and test
	$(MAKE) --no-print-directory lint types validate i18n-check content-check train test-unit test-stories eval-nlu

# ---------------------------------------------------------------- environments
$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 10), f"Python 3.10 needed (see .python-version), found {sys.version.split()[0]}"'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(APP)/.installed: requirements/app.lock pyproject.toml | $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(APP)
	VIRTUAL_ENV=$(APP) $(UV) pip sync --quiet requirements/app.lock
	VIRTUAL_ENV=$(APP) $(UV) pip install --quiet --no-deps -e .
	touch $@

$(RASA_ENV)/.installed: requirements/rasa.lock | $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(RASA_ENV)
	VIRTUAL_ENV=$(RASA_ENV) $(UV) pip sync --quiet requirements/rasa.lock
	touch $@

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(APP)/.installed
	$(APP)/bin/pybabel compile --statistics -i $< -o $@

install: $(APP)/.installed $(RASA_ENV)/.installed $(MO_FILES) ## create both virtual environments from the lock files, compile catalogs

lock: | $(UV) ## re-resolve requirements/*.in into the pinned lock files
	$(UV) pip compile --quiet --python-version 3.10 requirements/app.in -o requirements/app.lock
	$(UV) pip compile --quiet --python-version 3.10 requirements/rasa.in -o requirements/rasa.lock

# ---------------------------------------------------------------- model
train: install ## train the Rasa model (skipped when nothing changed)
	$(RL) train

chat: install ## terminal chat with a running stack (started by `make run` or `rightsline run --no-chat`)
	$(RL) chat

# ---------------------------------------------------------------- checks
lint: install ## ruff lint and format check
	$(APP)/bin/ruff check .
	$(APP)/bin/ruff format --check .

types: install ## mypy, strict on bot/ and actions/
	$(APP)/bin/mypy

validate: install ## Rasa's own check of domain, stories and rules
	$(RASA) data validate --domain domain.yml --data data/nlu data/stories data/rules --config config.yml

i18n-extract: install ## pull every user-facing text into locales/messages.pot
	$(RL) i18n extract

i18n-update: install ## merge the template into every language's .po file
	$(RL) i18n update

i18n-compile: install ## compile .po into .mo
	$(APP)/bin/pybabel compile -d locales -D messages --statistics

i18n-check: install ## fail on a stale template or missing / fuzzy / mismatched entries
	$(RL) i18n check

eval-nlu: install ## per-language NLU scores on held-out examples; fails below data/eval/floors.yml
	$(RL) eval nlu --check

content-check: install ## validate rules/content/ (schema, rules, translations, review dates)
	$(RL) content check

test-unit: install ## pytest: unit, database (SQLite + PostgreSQL) and integration tests
	$(APP)/bin/pytest

test-stories: train ## Rasa end-to-end test stories on the trained model
	$(RASA) test core --e2e --stories tests/stories --fail-on-prediction-errors --out var/results/stories --model models --endpoints endpoints.yml

bench: install train ## measure: training, model size, Rasa memory, conversation-turn latency
	$(APP)/bin/python -m bench.turns
	$(APP)/bin/python -m bench.directory

clean: ## remove environments, trained models and local data
	rm -rf $(APP) $(RASA_ENV) $(TOOLS) models var .mypy_cache .ruff_cache .pytest_cache
