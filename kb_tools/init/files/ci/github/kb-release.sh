#!/bin/sh
# Kunskapsbanken: switch a served site to a new release, atomically.
#
# Runs on the web server, usually fed over ssh by the deploy job:
#   ssh deploy@intranet 'sh -s -- /srv/kunskapsbanken 20261123T101500Z-1a2b3c4d5e6f 5' \
#     < ci-templates/kb-release.sh
#
# Layout (what `kb deploy nginx --site-dir /srv/kunskapsbanken/current` serves):
#   /srv/kunskapsbanken/releases/<release>/   one complete built site per deploy
#   /srv/kunskapsbanken/current -> releases/<release>
#
# The new release must already be uploaded (rsync into releases/<release>/).
# The link is switched by rename(2) (ln -sfn to a temporary name, then mv -T),
# so every request sees either the old site or the new one, never a mix or
# nothing. The newest KEEP releases stay for a rollback, and the one served:
#   sh kb-release.sh /srv/kunskapsbanken <older release> 5
set -eu

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
  echo "usage: kb-release.sh DIR RELEASE [KEEP]" >&2
  exit 2
fi
dir=$1
release=$2
keep=${3:-5}

case $release in
  ''|.*|*[!A-Za-z0-9._-]*)
    echo "kb-release: '$release' is not a release name (letters, digits, . _ - only)" >&2
    exit 2 ;;
esac
case $keep in
  ''|*[!0-9]*|0)
    echo "kb-release: KEEP must be a whole number from 1, found '$keep'" >&2
    exit 2 ;;
esac

cd "$dir"
if [ ! -f "releases/$release/index.html" ]; then
  echo "kb-release: $dir/releases/$release/index.html is missing; upload the site first" >&2
  exit 1
fi

ln -sfn "releases/$release" current.switching
mv -T current.switching current
echo "kb-release: $dir/current -> releases/$release"

# Release names begin with their UTC time, so the oldest sort first.
total=$(ls -1 releases | wc -l)
if [ "$total" -gt "$keep" ]; then
  ls -1 releases | sort | head -n "$((total - keep))" | while IFS= read -r old; do
    if [ "$old" != "$release" ]; then
      rm -rf -- "releases/$old"
      echo "kb-release: removed the old release $old"
    fi
  done
fi
