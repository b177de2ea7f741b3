# The two commands a newcomer needs are `make build` and `make test`.
GO ?= go
# Go 1.27.3 fixes standard-library vulnerabilities that govulncheck finds
# reachable with 1.26.8; the go command fetches it from the module proxy.
export GOTOOLCHAIN := go1.27.3

.PHONY: build check test fmt vet lint fuzz verify kill-test bench bench-compare

build: ## build the site and downloads into public/
	$(GO) run ./cmd/pilots build

check: ## parse and validate every notice in seeds/
	$(GO) run ./cmd/pilots check

# The generator's tests drive Chromium, LibreOffice, R and Lighthouse: on a busy
# machine of two cores they take longer than the go command's default 10 minutes.
test: vet ## unit, integration and real-client tests
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
# A package's tests may take more than go test's default ten minutes on a busy
# 2-core machine under -race: the timeout is only a hang guard.
	$(GO) test -race -timeout 45m ./...
# The bounds counted in allocations are no measure under -race (sync.Pool
# drops what it is given): their tests run again without it.
	$(GO) test -run 'TestBounded|TestCrossCheckBounded' ./generator/notice
	$(GO) test -run '^$$' -bench . -benchtime 1x ./generator -args -bench-sizes 70
	$(GO) test -run '^$$' -bench . -benchtime 1x ./generator/gazetteer
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime 15s ./generator/notice
	$(GO) test -run XXX -fuzz FuzzLayouts -fuzztime 10s ./generator/notice
	$(GO) test -run XXX -fuzz FuzzHTMLTable -fuzztime 5s ./generator/notice
	$(GO) test -run XXX -fuzz FuzzCountPhrase -fuzztime 10s ./generator/notice

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...

lint: ## go vet, staticcheck and govulncheck (offline database)
	.ci/lint

verify: ## fail when the committed public/ is not what a build writes
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(GO) run ./cmd/pilots build -q -out "$$tmp/public" && \
	  diff -r public "$$tmp/public" && echo "public/ is up to date"

kill-test: ## kill 200 builds at random moments; public/ must stay whole
	$(GO) test -run TestKill -v ./generator -args -kills=200

bench: ## go test benchmarks of every stage at 70 and 10,000 rows
	$(GO) test -run '^$$' -bench . -benchmem ./generator -args -bench-sizes 70,10000

bench-compare: ## pilots against hugo and pandas, and the 1M-row build (installs its peers)
	bench/compare.sh

fuzz: ## a longer fuzzing run of the seed reader, notice parser, layout readers, the media readers, a PDF's object graph and the workbook cells
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime 5m ./generator/notice
	$(GO) test -run XXX -fuzz FuzzLayouts -fuzztime 3m ./generator/notice
	$(GO) test -run XXX -fuzz FuzzHTMLTable -fuzztime 2m ./generator/notice
	$(GO) test -run XXX -fuzz FuzzCountPhrase -fuzztime 2m ./generator/notice
	$(GO) test -run XXX -fuzz FuzzPage -fuzztime 2m ./generator/medium
	$(GO) test -run XXX -fuzz FuzzDocx -fuzztime 2m ./generator/medium
	$(GO) test -run XXX -fuzz FuzzXlsx -fuzztime 2m ./generator/medium
	$(GO) test -run XXX -fuzz 'FuzzPDF$$' -fuzztime 2m ./generator/medium
	$(GO) test -run XXX -fuzz FuzzPDFGraph -fuzztime 1m ./generator/medium
	$(GO) test -run XXX -fuzz FuzzCells -fuzztime 2m ./generator/data
