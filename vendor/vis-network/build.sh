#!/usr/bin/env bash
# Rebuild src/samhandling/assets/vis/vis-network.min.js (and the licences that go with it)
# from the versions pinned in package-lock.json. Needs Node.js and npm; the result is
# committed, so the app and its tests need neither.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts
npm run --silent build
out=../../src/samhandling/assets/vis/LICENSES.txt
{
    echo "src/samhandling/assets/vis/vis-network.min.js bundles these packages (vendor/vis-network):"
    echo "vis-network, vis-data, vis-util and keycharm are dual licensed (Apache-2.0 OR MIT);"
    echo "the MIT licence is used here."
    for pkg in vis-network vis-data vis-util keycharm component-emitter uuid @egjs/hammerjs; do
        version=$(node -p "require('./node_modules/$pkg/package.json').version")
        file=$(ls node_modules/$pkg | grep -i -E '^licen[cs]e(-mit)?(\.md)?$' | sort | tail -n 1)
        echo
        echo "==== $pkg $version ($file)"
        cat "node_modules/$pkg/$file"
    done
} > "$out"
echo "vis-network $(node -p "require('./node_modules/vis-network/package.json').version") built"
