#!/usr/bin/env bash
# What CI can validate without a Docker engine (docker/README.md): both compose files parse and
# interpolate (`docker compose config`, or the standalone docker-compose), the Dockerfile lints, and
# (where nginx is installed) nginx.conf passes `nginx -t` with the upstream names on loopback.
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

if command -v nginx >/dev/null; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  # `nginx -t` resolves upstream host names: the compose service names exist only inside Docker.
  sed 's/server-[12]:1337/127.0.0.1:1337/' nginx.conf >"$dir/site.conf"
  printf 'pid %s/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  include %s/site.conf;\n}\n' "$dir" "$dir" >"$dir/nginx.conf"
  nginx -t -q -c "$dir/nginx.conf" -p "$dir/"
  echo "nginx.conf: nginx -t passes"
else
  echo "nginx.conf: not checked (no nginx on this machine)"
fi
