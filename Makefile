# topica: the two commands of the README, and the steps they are made of.
#   make demo   classify a sample article with the default model
#   make test   build everything and run every test suite
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: demo test deps-native deps-all native native-test clean

demo: deps-native native
	$(BUILD)/bin/topica classify examples/article.txt
	$(BUILD)/bin/topica explain --top 5 examples/article.txt

test: deps-all native-test

deps-native:
	@cmake/install-deps.sh native

deps-all:
	@cmake/install-deps.sh all

native:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)

native-test: native
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD) build-wasm
