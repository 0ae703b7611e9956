# handbook — build, test and benchmark.
#   make install install the handbook command with go install (into GOBIN, else GOPATH/bin)
#   make site    build the bundled example manual in content/ into public/
#   make test    go vet, staticcheck, the pipeline check, the manual in docs/ with --strict and go test -race ./... (with a sentinel secret)
#   make docs    build handbook's own manual in docs/ into docs/public/ with --strict
#   make docs-serve   serve that manual on http://127.0.0.1:1313/, reloaded on every save
#   make docs-ref    regenerate the manual's reference tables (flags, keys, rules) from the code
#   make bench   10,000-page build against the floor program in ../shared/bench
#   make bench-inventory   the same corpus with a 50,000-item inventory against it alone
#   make bench-search   the search index on the corpus: build share, size, bytes per query against Pagefind
#   make bench-serve   edit-to-reload latency of handbook serve on the 10,000-page corpus
#   make bench-scale   cold builds of 1k, 10k, 30k and 100k pages against the floor, with peak memory and its growth per page
#                      (BENCH_OUT=/dev/shm/hb puts make bench's and bench-scale's output on tmpfs; 100k pages write about 3 GB)
#   make fuzz    run every fuzz target for FUZZTIME each (default 1m)
#   make serve   build and serve the example manual on http://127.0.0.1:1313/
#   make demo-pull   pull from fake Confluence, Microsoft 365, websites and endoflife.date on loopback, then audit
#   make bench-pull  first and incremental pull against a fake tenant at scale (BENCH_PULL_SCALE=0.1 for a quick run)
#   make bench-versions   five versions of the corpus (5% changed between them) against one
#   make bench-history    page history from one git log over the corpus with 1,000 commits
#   make bench-real   a generated DocFX/Learn-style set and the real-corpus fixtures against the floor program
#   make lexicon-nl   regenerate the Dutch compound lexicon from OpenTaal's Hunspell files in HUNSPELL_NL
#   make vulncheck   govulncheck against the pinned vulnerability database (part of make test)
#   make deps    list outdated modules and the newest vulnerability database, to bump them deliberately
#   make axe     install the pinned axe-core (npm ci) for the accessibility test in internal/browser
#   make screenshots   full-page PNGs of every page kind, phone and desktop, light and dark, into SCREENSHOTS

SHELL       := /bin/bash
# The Go release every build and test uses: Go 1.26.8 has known
# vulnerabilities in net/http, crypto/tls, crypto/x509 and html/template
# that this code reaches (govulncheck, GO-2026-6599 and others); the go
# command fetches this release through the module proxy once per machine.
export GOTOOLCHAIN := go1.27.3
GO          ?= go
BIN         := bin/handbook
VERSION     := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -X github.com/handbook-dev/handbook/generator.Version=$(VERSION)
# Tools are built with the toolchain above (a tool built with an older
# Go cannot load a newer standard library), each release in its folder.
TOOLS       := $(CURDIR)/bin/tools/$(GOTOOLCHAIN)
STATICCHECK := $(TOOLS)/staticcheck
GOVULNCHECK := $(TOOLS)/govulncheck
# The vulnerability database is built from the golang.org/x/vulndb module
# (../shared/vulndb; its host is not reachable here), pinned so that CI
# does not change overnight; make deps shows the newest.
VULNDB_VERSION := v0.0.0-20261105234957-e22db6528018
VULNDB         := $(or $(TMPDIR),/tmp)/handbook-vulndb-$(VULNDB_VERSION)
SHARED      ?= ../shared
BENCH_DIR   ?= /tmp/handbook-bench
BENCH_PAGES ?= 10000
BENCH_RUNS  ?= 5
BENCH_ITEMS ?= 50000
BENCH_SCALE ?= 1000,10000,30000,100000
# BENCH_OUT, when set, is where the benchmarks' builds and the floor
# write (a tmpfs folder keeps the disk out of the figures).
BENCH_OUT   ?=
BENCH_HB_OUT    := $(if $(BENCH_OUT),--out $(BENCH_OUT)/public)
BENCH_FLOOR_OUT := $(if $(BENCH_OUT),$(BENCH_OUT),$(BENCH_DIR))/floor-out

.PHONY: install docs docs-serve docs-ref axe screenshots vulncheck deps bench-pull lexicon-nl bench-real bench-versions bench-history demo-pull build site serve test vet staticcheck check-pipeline bench bench-corpus bench-scale bench-inventory bench-search bench-serve fuzz fuzz-short clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/handbook

# Installs the handbook command as go install does, with this Makefile's
# toolchain and version stamp, then says where it went and whether that
# folder is on PATH, so that "handbook ..." as the manual writes it works.
install:
	$(GO) install -ldflags "$(LDFLAGS)" ./cmd/handbook
	@dir=$$($(GO) env GOBIN); [ -n "$$dir" ] || dir=$$($(GO) env GOPATH | cut -d: -f1)/bin; \
	echo "Installed handbook into $$dir"; \
	case ":$$PATH:" in \
	*":$$dir:"*) echo "$$dir is on your PATH: run handbook version to check." ;; \
	*) echo "$$dir is not on your PATH: add it (for example in ~/.profile: export PATH=\"\$$PATH:$$dir\"), or run $$dir/handbook." ;; \
	esac

site: build
	./$(BIN) build

serve: build
	./$(BIN) serve

# handbook's own manual, built by handbook with --strict: a broken link or
# an unknown front-matter key in docs/ fails make test. Its reference
# tables are generated from the code (internal/docgen); go test fails when
# they are out of date, and make docs-ref rewrites them.
docs: build
	./$(BIN) -C docs build --strict --quiet

docs-serve: build
	./$(BIN) -C docs serve

docs-ref:
	$(GO) test ./cmd/handbook -run '^TestReferenceDocs$$' -count=1 -args -update-docs

# The whole suite runs with one random sentinel secret in the environment
# (HANDBOOK_TEST_SENTINEL, and the credential variables the example's
# handbook.yaml names): the tests that pull take their tokens from it and
# check their snapshots and sites for it, and the run's whole verbose log
# is searched for it at the end (internal/sentinel). internal/browser
# visits every page kind in four views for axe-core, longer than go
# test's default 10 minutes on a loaded two-core machine with -race.
TESTLOG ?= $(or $(TMPDIR),/tmp)/handbook-test.log
test: vet staticcheck vulncheck check-pipeline docs
	@set -o pipefail; sentinel=hb-sentinel-$$(od -An -N8 -tx8 /dev/urandom | tr -d ' '); \
	export HANDBOOK_TEST_SENTINEL=$$sentinel CONFLUENCE_API_TOKEN=$$sentinel GRAPH_CLIENT_SECRET=$$sentinel NOTIFY_SMTP_PASSWORD=$$sentinel TEAMS_SERVICEDESK_WEBHOOK=$$sentinel; \
	echo "$(GO) test -race -timeout 45m -v ./...   (full log: $(TESTLOG))"; \
	$(GO) test -race -timeout 45m -v ./... 2>&1 | tee $(TESTLOG) | grep -vE '^ *(=== (RUN|PAUSE|CONT|NAME)|--- PASS|PASS$$)'; rc=$$?; \
	if grep -qF "$$sentinel" $(TESTLOG); then \
		echo "FAIL: the sentinel secret appears in the test log:"; grep -nF "$$sentinel" $(TESTLOG) | head; exit 1; fi; \
	echo "sentinel secret: in no log line"; exit $$rc
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_SHORT)

# Every fuzz target, one after the other, for FUZZTIME each: briefly in
# make test, longer with make fuzz (e.g. make fuzz FUZZTIME=10m). Each
# input of FuzzBuildPage runs the whole load-and-render path and fails
# if it takes longer than the render budget allows; each input of a
# YAML or JSON loader fails if it takes or allocates more than the
# budgets of generator/internal/costcheck. Go 1.26's fuzzing
# coordinator can end a timed run with a bare "context deadline
# exceeded" on a loaded machine (go.dev/issue/75804, fixed in Go 1.27):
# a run that fails that way without writing a failing input is reported
# and not counted; any other failure fails.
FUZZTIME       ?= 1m
FUZZTIME_SHORT ?= 5s
FUZZ_TARGETS   := FuzzBuildPage:./generator FuzzConvert:./generator/markdown FuzzParse:./generator/config FuzzParse:./generator/source FuzzParseCategory:./generator/source FuzzParseRecord:./generator/source FuzzParse:./generator/inventory FuzzSLA:./generator/inventory FuzzEdit:./generator/attest FuzzResolveLink:./generator/site FuzzDecodeSections:./generator/site FuzzScan:./generator/include FuzzTokenize:./generator/search FuzzCompoundSplit:./generator/search FuzzSplitKeepsEveryByte:./generator/versiondiff FuzzParseSrcset:./generator/markdown FuzzRewriteRawHTML:./generator/markdown FuzzSVG:./generator/staticsafe FuzzCheckDepth:./generator/internal/yamlx FuzzSyntaxError:./generator/internal/yamlx FuzzNewTranslator:./generator/render FuzzDecodeJSON:./generator/pulldata FuzzExposedVersions:./generator/pull/web FuzzLoad:./generator/snapshots FuzzClosest:./internal/suggest
fuzz:
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t%%:*} $${t#*:} for $(FUZZTIME)"; \
		if ! $(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) "$${t#*:}" >"$$log" 2>&1; then \
			if grep -q 'context deadline exceeded' "$$log" && ! grep -q 'Failing input written' "$$log"; then \
				echo "  (the fuzzing coordinator's end-of-run deadline race, go.dev/issue/75804: no failing input; not counted)"; \
			else cat "$$log"; exit 1; fi; \
		fi; \
	done

vet:
	$(GO) vet ./...

$(STATICCHECK):
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

$(GOVULNCHECK):
	GOBIN=$(TOOLS) $(GO) install golang.org/x/vuln/cmd/govulncheck@v1.9.0

$(VULNDB)/index/db.json:
	@test -d $(SHARED)/vulndb || { echo "make vulncheck needs ../shared/vulndb (SHARED=$(SHARED))"; exit 1; }
	cd $(SHARED)/vulndb && $(GO) run . -out $(VULNDB) -version $(VULNDB_VERSION)

# Fails on any vulnerability the code reaches (govulncheck's exit status).
vulncheck: $(GOVULNCHECK) $(VULNDB)/index/db.json
	$(GOVULNCHECK) -db file://$(VULNDB) ./...

# What could be bumped: modules with a newer version, and the newest
# vulnerability database (set VULNDB_VERSION to it, then make test).
deps:
	@echo "modules with newer versions:"; $(GO) list -m -u -f '{{if and .Update (not .Indirect)}}  {{.Path}} {{.Version}} -> {{.Update.Version}}{{end}}' all | grep . || echo "  none"
	@echo "vulnerability database: pinned $(VULNDB_VERSION), newest $$($(GO) list -m -f '{{.Version}}' golang.org/x/vulndb@latest)"

# The stages of a build (make check-pipeline) read snapshots through the
# records of generator/pulldata and never import generator/pull or its
# HTTP clients, directly or through another package: the model does not
# depend on how a platform is fetched. The build's orchestration (the
# root package generator) is held to it too: the pull command is
# generator/pull/pullrun, called by cmd/handbook only.
BUILD_STAGES := snapshots audit render site search inventory markdown publish
BUILD_PACKAGES := ./generator $(addprefix ./generator/,$(BUILD_STAGES))

# Only the publish stage writes to the output folder (and the pull command
# its snapshot files, handbook new the files of a new project or page,
# handbook attest the inventory file it records in, handbook notify its
# state file beside the snapshots and a dry run's messages,
# the cache its own folder and the build's temporary spill file, and filelock the lock
# files beside the output and in the cache folder); the stages of
# a build before publish must not write files at all (esbuild's Makefile
# keeps similar rules). Only generator/internal/gitrepo runs git: one
# command line, environment and error for every git process.
check-pipeline:
	@bad=$$(grep -rnE 'os\.(WriteFile|Create|OpenFile|Mkdir|MkdirAll|Rename|Remove|RemoveAll)\(' generator --include='*.go' \
		| grep -v '_test\.go' | grep -v '^generator/publish/' | grep -v '^generator/pull/' | grep -v '^generator/cache/' | grep -v '^generator/internal/filelock/' | grep -v '^generator/scaffold/' | grep -v '^generator/notify/' | grep -v '^generator/internal/testsite/'); \
	if [ -n "$$bad" ]; then echo "only generator/publish may write files:"; echo "$$bad"; exit 1; fi
	@bad=$$($(GO) list -deps -f '{{.ImportPath}}' $(BUILD_PACKAGES) | grep -E '/generator/pull(/|$$)'); \
	if [ -n "$$bad" ]; then echo "the build ($(BUILD_PACKAGES)) must not import generator/pull or its clients; take the snapshot records from generator/pulldata:"; \
		for p in $(BUILD_PACKAGES); do $(GO) list -deps -f '{{.ImportPath}}' $$p | grep -E '/generator/pull(/|$$)' | sed "s|^github.com/handbook-dev/handbook/|  $${p#./} -> |"; done; exit 1; fi
	@bad=$$(grep -rnE 'exec\.Command(Context)?\(.*"git"' generator cmd --include='*.go' \
		| grep -v '_test\.go' | grep -v '^generator/internal/gitrepo/' | grep -v '^generator/internal/testsite/'); \
	if [ -n "$$bad" ]; then echo "only generator/internal/gitrepo may run git:"; echo "$$bad"; exit 1; fi

bench-corpus:
	@test -d $(SHARED)/bench || { echo "make bench needs ../shared/bench (SHARED=$(SHARED))"; exit 1; }
	@mkdir -p $(BENCH_DIR)/site
	@if [ ! -f $(BENCH_DIR)/site/content/_index.md ]; then \
		echo "generating a $(BENCH_PAGES)-page corpus in $(BENCH_DIR)/site/content"; \
		(cd $(SHARED)/bench && $(GO) run ./gencorpus -n $(BENCH_PAGES) -out $(BENCH_DIR)/site/content); fi

# The benchmark: generate the corpus with ../shared/bench/gencorpus, build
# the floor program there, and time both on the same corpus.
bench: build bench-corpus
	@cd $(SHARED)/bench && $(GO) build -o $(BENCH_DIR)/floor ./floor
	@$(GO) run ./internal/benchbuild -n $(BENCH_RUNS) \
		-a '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/site --quiet $(BENCH_HB_OUT) 2>/dev/null' \
		-b '$(BENCH_DIR)/floor -in $(BENCH_DIR)/site/content -out $(BENCH_FLOOR_OUT)'
	$(GO) test -run '^$$' -bench . -benchmem ./generator/...

# Scale: cold builds of corpora of growing size (BENCH_SCALE pages, each
# generated once into $(BENCH_DIR)/scale/) against the floor, with each
# one's peak memory and how much handbook's grows per page.
bench-scale: build
	@test -d $(SHARED)/bench || { echo "make bench-scale needs ../shared/bench (SHARED=$(SHARED))"; exit 1; }
	@cd $(SHARED)/bench && $(GO) build -o $(BENCH_DIR)/floor ./floor
	@$(GO) run ./internal/benchscale -sizes $(BENCH_SCALE) -dir $(BENCH_DIR)/scale -handbook $(CURDIR)/$(BIN) \
		-floor $(BENCH_DIR)/floor -shared $(abspath $(SHARED))/bench -n $(BENCH_RUNS) $(if $(BENCH_OUT),-out $(BENCH_OUT)/scale)

# The serve benchmark: handbook serve on the 10,000-page corpus; each
# iteration saves a page and waits for the reload event on the server's
# event stream. Reports the median and 90th percentile (goal: median
# under 100 ms). The edited pages are restored afterwards.
bench-serve: bench-corpus
	HANDBOOK_BENCH_SITE=$(BENCH_DIR)/site $(GO) test -run '^$$' -bench 'EditToReload|RetitleToReload' -benchtime 30x ./generator/server

# The inventory benchmark: the 10,000-page corpus with and without a
# generated 50,000-item inventory (audited and rendered); the ratio must
# stay under 2.
bench-inventory: build bench-corpus
	@mkdir -p $(BENCH_DIR)/site-inventory
	@rm -rf $(BENCH_DIR)/site-inventory/content && cp -r $(BENCH_DIR)/site/content $(BENCH_DIR)/site-inventory/content
	@$(GO) run ./internal/geninventory -n $(BENCH_ITEMS) -out $(BENCH_DIR)/site-inventory/inventory
	@$(GO) run ./internal/benchbuild -n $(BENCH_RUNS) \
		-a '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/site-inventory --quiet 2>/dev/null' \
		-b '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/site --quiet 2>/dev/null' \
		-labels 'with $(BENCH_ITEMS) items,pages only'

# Versions: the corpus in five tagged versions, each changing 5% of the
# pages of the one before, built side by side, against one version of it.
# Cold: no cache folder (each run extracts the four tags and converts what
# differs); warm: the cache folder of the previous run is kept, as in CI
# with a cached .handbook-cache.
bench-versions: build bench-corpus
	@$(GO) run ./internal/benchversions -corpus $(BENCH_DIR)/site/content -out $(BENCH_DIR)/versions -one $(BENCH_DIR)/one-version
	@echo "cold (--no-cache):"
	@$(GO) run ./internal/benchbuild -n $(BENCH_RUNS) \
		-a '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/versions --quiet --no-cache 2>/dev/null' \
		-b '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/one-version --quiet --no-cache 2>/dev/null' \
		-labels 'five versions,one version'
	@echo "warm (cache folder kept between runs):"
	@$(GO) run ./internal/benchbuild -n $(BENCH_RUNS) \
		-a '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/versions --quiet 2>/dev/null' \
		-b '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/one-version --quiet 2>/dev/null' \
		-labels 'five versions,one version'

# Page history: the corpus in a repository of 1,000 commits, built with
# its history (one git log) against the same corpus outside Git.
bench-history: build bench-corpus
	@$(GO) run ./internal/benchversions -corpus $(BENCH_DIR)/site/content -out $(BENCH_DIR)/history -history 1000
	@$(GO) run ./internal/benchbuild -n $(BENCH_RUNS) \
		-a '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/history --quiet --no-cache 2>/dev/null' \
		-b '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/site --quiet --no-cache 2>/dev/null' \
		-labels 'with 1000 commits of history,outside Git'

# Real corpora: a generated DocFX/Learn-style documentation set
# (internal/genlearn: includes, <a name> anchors, an image per page,
# alerts, root-relative links declared external), then the four fixtures
# of testdata/corpora built one after the other, each against the floor
# program of ../shared/bench converting the same .md files. Goal: at most
# 1.5 times the floor.
LEARN_PAGES ?= 1200
CORPORA     := learn runbooks mkdocs docusaurus
bench-real: build
	@test -d $(SHARED)/bench || { echo "make bench-real needs ../shared/bench (SHARED=$(SHARED))"; exit 1; }
	@cd $(SHARED)/bench && $(GO) build -o $(BENCH_DIR)/floor ./floor
	@if [ ! -f $(BENCH_DIR)/learn/handbook.yaml ]; then \
		echo "generating a $(LEARN_PAGES)-page DocFX-style set in $(BENCH_DIR)/learn"; \
		$(GO) run ./internal/genlearn -n $(LEARN_PAGES) -out $(BENCH_DIR)/learn; fi
	@echo "generated DocFX-style set, $(LEARN_PAGES) pages, cold (--no-cache):"
	@$(GO) run ./internal/benchbuild -n $(BENCH_RUNS) \
		-a '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/learn --quiet --no-cache 2>/dev/null' \
		-b '$(BENCH_DIR)/floor -in $(BENCH_DIR)/learn/SharePoint/SharePointOnline -out $(BENCH_DIR)/learn-floor'
	@echo "the same, warm (the cache folder kept between builds):"
	@$(GO) run ./internal/benchbuild -n $(BENCH_RUNS) \
		-a '$(CURDIR)/$(BIN) build -C $(BENCH_DIR)/learn --quiet 2>/dev/null' \
		-b '$(BENCH_DIR)/floor -in $(BENCH_DIR)/learn/SharePoint/SharePointOnline -out $(BENCH_DIR)/learn-floor'
	@rm -rf $(BENCH_DIR)/corpora && mkdir -p $(BENCH_DIR)/corpora && cp -r $(addprefix testdata/corpora/,$(CORPORA)) $(BENCH_DIR)/corpora/
	@echo "the four fixtures of testdata/corpora, built one after the other:"
	@$(GO) run ./internal/benchbuild -n $(BENCH_RUNS) \
		-a 'for c in $(CORPORA); do $(CURDIR)/$(BIN) build -C $(BENCH_DIR)/corpora/$$c --quiet 2>/dev/null || exit 1; done' \
		-b 'for c in $(CORPORA); do d=$(BENCH_DIR)/corpora/$$c; $(BENCH_DIR)/floor -in $$d/$$(sed -n "s/^content_dir: //p" $$d/handbook.yaml) -out $(BENCH_DIR)/corpora-floor/$$c || exit 1; done'

# The search benchmark: the corpus built by handbook (index build time
# against the whole build, index size), then 20 fixed queries in headless
# Chromium, counting the bytes downloaded, beside Pagefind (installed with
# npm into a temporary folder) indexing the same HTML.
PAGEFIND ?= 1.6.0
bench-search: build bench-corpus
	@mkdir -p $(BENCH_DIR)/site-search
	@rm -rf $(BENCH_DIR)/site-search/content && cp -r $(BENCH_DIR)/site/content $(BENCH_DIR)/site-search/content
	@$(GO) run ./internal/benchsearch -site $(BENCH_DIR)/site-search -handbook $(CURDIR)/$(BIN) -n $(BENCH_RUNS) -pagefind '$(PAGEFIND)'

# A pull without credentials: a fake Confluence Cloud tenant (generated
# from the example inventory, with a few deliberate differences) answers
# on loopback; the snapshot lands in data/snapshots/ and the audit shows
# what the pulled data adds.
DEMO_ADDR ?= 127.0.0.1:18089
demo-pull: build
	@$(GO) build -o bin/fakeplatform ./internal/fakeplatform
	@./bin/fakeplatform -addr $(DEMO_ADDR) -project . & pid=$$!; trap "kill $$pid 2>/dev/null" EXIT; \
	for i in $$(seq 50); do (exec 3<>/dev/tcp/$(subst :,/,$(DEMO_ADDR))) 2>/dev/null && break; sleep 0.1; done; \
	CONFLUENCE_EMAIL=demo@lakeside-logistics.example CONFLUENCE_API_TOKEN=demo-token ./bin/handbook pull confluence && \
	GRAPH_CLIENT_ID=demo-app GRAPH_CLIENT_SECRET=demo-secret ./bin/handbook pull m365 && \
	./bin/handbook pull web && \
	./bin/handbook pull eol && \
	./bin/handbook audit --fail-on never | grep -E -A3 '^(space-|team-|tenant-|undeclared|drift-|missing-on|web-|component-|request-)' ; true

# A first and an incremental pull (after state B: about 1% of the items
# changed in about 1% of the sites) of the m365 and confluence-cloud
# sources against the fake tenant at scale of internal/fakeplatform/scale
# (10,000 sites, 200,000 drive items, 2,000 teams, 500 spaces; 429 above
# 50 requests/s per app): wall time, requests (each inside a $batch on
# its own), 429s and peak RSS per run. The full tenant takes tens of
# minutes at 50 requests/s; BENCH_PULL_SCALE=0.1 is a quick run.
BENCH_PULL_SCALE ?= 1
BENCH_PULL_FLAGS ?=
bench-pull: build
	@$(GO) build -o bin/benchpull ./internal/benchpull
	./bin/benchpull -handbook $(BIN) -scale $(BENCH_PULL_SCALE) $(BENCH_PULL_FLAGS)

clean:
	rm -rf bin public docs/public

# axe-core, pinned in internal/browser/axe/package-lock.json, for
# TestAccessibility (which skips without it outside CI and fails in CI;
# .ci/run runs this). npm ci installs exactly the locked version.
AXE_DIR := internal/browser/axe
axe: $(AXE_DIR)/node_modules/.package-lock.json
$(AXE_DIR)/node_modules/.package-lock.json: $(AXE_DIR)/package-lock.json
	cd $(AXE_DIR) && npm ci --ignore-scripts --no-audit --no-fund

# Screenshots of every page kind of internal/browser's pageKinds, at
# 390 px and 1366 px, light and dark: SCREENSHOTS/<kind>-<width>-<theme>.png
# (KINDS=hierarchy, a pattern of Go's -run, for some kinds only).
SCREENSHOTS ?= bin/screenshots
KINDS       ?=
screenshots:
	@mkdir -p $(SCREENSHOTS)
	set -o pipefail; HANDBOOK_SCREENSHOTS=$(abspath $(SCREENSHOTS)) $(GO) test -run '^TestScreenshots$$/$(KINDS)' -count=1 -v ./internal/browser | grep -E '^ *(---|FAIL|ok)|screenshots:'

# The Dutch compound lexicon the search index embeds, from OpenTaal's
# Hunspell dictionary (Debian's hunspell-nl; generator/search/lexicon/README.md).
HUNSPELL_NL ?= /usr/share/hunspell
lexicon-nl:
	$(GO) run ./internal/gendutchlex -aff $(HUNSPELL_NL)/nl.aff -dic $(HUNSPELL_NL)/nl.dic -o generator/search/lexicon/nl-parts.gz
