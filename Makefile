# topica: the two commands of the README, and the steps they are made of.
#   make demo   classify a sample article with the default model, then serve the web demo
#   make test   build everything and run every test suite
#   make bench  the benchmark suite against fastText, scikit-learn, LIBLINEAR (bench/README.md)
BUILD ?= build
WASM_BUILD ?= build-wasm
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: demo serve test deps-native deps-demo deps-all npm-deps native native-test wasm wasm-test web-test bench bench-smoke clean

# The CLI on the sample article, then the browser demo (web-demo/, see web-demo/README.md):
# builds the WebAssembly package if needed and serves the repository root on
# http://localhost:$(PORT)/web-demo/ (the next free port if taken) until Ctrl-C.
PORT ?= 8000
demo: deps-demo native
	$(BUILD)/bin/topica classify examples/article.txt
	$(BUILD)/bin/topica explain --top 5 examples/article.txt
	@echo
	@echo "Web demo: building the WebAssembly package (wasm/dist/) if needed..."
	@[ -f $(WASM_BUILD)/CMakeCache.txt ] || emcmake cmake -S . -B $(WASM_BUILD) -DCMAKE_BUILD_TYPE=Release
	@cmake --build $(WASM_BUILD) -j$(JOBS) -- --no-print-directory
	@PORT=$(PORT) node web-demo/serve.mjs

# Only the static server (the WebAssembly package must be built: make wasm).
serve:
	@PORT=$(PORT) node web-demo/serve.mjs

test: deps-all native-test wasm-test web-test bench-smoke

deps-native:
	@cmake/install-deps.sh native

deps-demo:
	@cmake/install-deps.sh demo

deps-all:
	@cmake/install-deps.sh all

native:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)

native-test: native
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# WebAssembly module + JS API; writes the npm package folder wasm/dist/ (see wasm/README.md).
wasm:
	emcmake cmake -S . -B $(WASM_BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(WASM_BUILD) -j$(JOBS)

# node:test suites in tests/wasm/: JS API, errors, parity with the native CLI, npm package,
# headless Chromium. The parity tests run the native CLI, hence `native`.
wasm-test: native wasm
	TOPICA_CLI=$(abspath $(BUILD))/bin/topica TOPICA_WASM_BUILD=$(abspath $(WASM_BUILD)) \
	TOPICA_WASM_DIST=$(abspath wasm/dist) node --test tests/wasm/

# The web demo end to end in headless Chromium: playwright-core (npm, package-lock.json) drives
# Debian's /usr/bin/chromium (never a downloaded browser). Screenshots and timings go to
# $(BUILD)/test-output/web-demo/.
web-test: native wasm npm-deps
	TOPICA_CLI=$(abspath $(BUILD))/bin/topica TOPICA_WASM_DIST=$(abspath wasm/dist) \
	TOPICA_TEST_OUTPUT=$(abspath $(BUILD))/test-output/web-demo node --test tests/web-demo/

# npm ci when node_modules/ lacks playwright-core or is older than the lock file.
npm-deps:
	@if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund; fi

# The benchmark suite: installs the peers (fastText, scikit-learn, LIBLINEAR) from Debian if
# missing, runs everything on five corpora from ../shared/data, writes bench/RESULTS.md.
# About 18 minutes; not part of `make test`.
bench:
	BUILD=$(BUILD) WASM_BUILD=$(WASM_BUILD) bench/run.sh

# The same pipeline on the committed fixtures (< 30 s, no ../shared, skips peers that are not
# installed), so that the suite cannot rot. Uses the WASM build when there is one.
bench-smoke: native
	BUILD=$(BUILD) WASM_BUILD=$(WASM_BUILD) bench/run.sh --smoke

clean:
	rm -rf $(BUILD) build-wasm
