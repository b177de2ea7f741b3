# The two commands a newcomer needs are `make build` and `make test`.
GO ?= go

.PHONY: build check test fmt vet lint fuzz

build: ## build the site and downloads into public/
	$(GO) run ./cmd/pilots build

check: ## parse and validate every notice in seeds/
	$(GO) run ./cmd/pilots check

test: vet ## unit, integration and real-client tests
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) test -race ./...
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime 20s ./generator/notice

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...

fuzz: ## a longer fuzzing run of the seed reader and notice parser
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime 10m ./generator/notice
