.DEFAULT_GOAL := help
SHELL := /bin/bash

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.PHONY: install
install: ## Install the npm workspaces from the lockfile
	@echo "==> npm ci"
	@npm ci --no-audit --no-fund

.PHONY: build
build: install ## Build the dashboard and the backend
	@echo "==> building workspaces"
	@npm run build

.PHONY: start
start: build ## Run the production build as a plain process on 127.0.0.1:3000
	@npm run start

.PHONY: test
test: install ## Run every test suite
	@echo "==> unit and integration tests"
	@npm test
