#!/usr/bin/env bash
# What CI can validate without a Docker engine (docker/README.md): both compose files parse and
# interpolate (`docker compose config`, or the standalone docker-compose), and the Dockerfile lints.
set -euo pipefail
cd "$(dirname "$0")"

compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "$@"
  else docker-compose "$@"
  fi
}
for file in compose.yaml compose.dev.yaml; do
  API_SECRET=validation-only-secret compose -f "$file" config --quiet
  echo "$file: valid"
done
npx --no-install dockerfile-utils lint Dockerfile
echo "Dockerfile: no lint findings"
