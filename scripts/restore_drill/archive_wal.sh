#!/bin/sh
# archive_command for PostgreSQL: copy one finished WAL segment (or history/backup file) into the
# archive folder, durably, never overwriting a different file.
#
#   archive_command = '/usr/local/lib/gongfa/archive_wal.sh %p /srv/pg-archive/%f'
#
# Exit 0 only when the file is safely in the archive: PostgreSQL then recycles its copy. Any other
# status makes PostgreSQL keep the segment and retry later (and pg_stat_archiver counts failures).
#   - The file already in the archive with the same bytes (a retry after a crash between the copy and
#     PostgreSQL noting it): success, nothing written.
#   - A different file under that name (two clusters archiving into one folder, a restored cluster
#     still pointing at the old archive): refuse, loudly. Never overwrite archived WAL.
#   - Copy to a temporary name, fsync it, hard-link it to the real name (which fails rather than
#     replace a file that appeared meanwhile), fsync the folder: a crash leaves either no file or
#     the whole file under the real name, never a truncated segment.
set -eu
src=$1
dst=$2
if [ -e "$dst" ]; then
  if cmp -s "$src" "$dst"; then
    exit 0
  fi
  echo "archive_wal: $dst already exists with different contents; refusing to overwrite" >&2
  exit 1
fi
tmp="$dst.part.$$"
trap 'rm -f "$tmp"' EXIT
cp "$src" "$tmp"
sync "$tmp"
ln "$tmp" "$dst"
rm -f "$tmp"
trap - EXIT
sync "$(dirname "$dst")"
