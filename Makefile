# Two commands for a fresh machine: `make run` starts study, `make test` runs every test.
.PHONY: run test setup

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/study serve

test:
	bash scripts/test.sh
