# Shortcuts for the scripts README.md names.
.PHONY: run test build bench clean
run:
	scripts/start.sh
test:
	scripts/test.sh
build:
	cmake -S . -B build -G Ninja >/dev/null && ninja -C build -j $$(nproc)
bench:
	bench/run.sh
clean:
	rm -rf build build-asan web/dist tests/reports
