package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

// idExpression is the SQLite expression FerretDB 1.24 compares when it pushes a `{_id: value}`
// filter down (backends/sqlite/metadata.IDColumn). FerretDB's own unique `_id_` index is on
// `_ferretdb_sjson->"_id"`, which SQLite's planner does not treat as the same expression, so
// without an index on this one every `_id` read scans the whole table (676 ms at 100,000 documents).
const idExpression = `_ferretdb_sjson->'$._id'`

// indexPeriod is how soon a new collection gets its index; until then its `_id` reads scan.
const indexPeriod = time.Second

// sqliteDir is the directory of a `file:dir/` SQLite URL.
func sqliteDir(sqliteURL string) string {
	u, err := url.Parse(sqliteURL)
	if err != nil || u.Opaque == "" {
		return strings.TrimPrefix(sqliteURL, "file:")
	}
	return u.Opaque
}

// indexIDLookups adds the `_id` look-up index to every collection table of every database file in
// dir, now and then every indexPeriod until ctx ends. Errors are logged and retried later: the
// index only makes reads faster.
func indexIDLookups(ctx context.Context, dir string, logger *slog.Logger) {
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexFile(ctx, file); err != nil {
				logger.Debug("indexing _id look-ups", slog.String("file", file), slog.Any("error", err))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(indexPeriod):
		}
	}
}

// indexFile indexes the tables of one database that lack the index (a dropped and re-created
// collection may reuse its table name, so nothing is remembered between calls).
func indexFile(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections
		WHERE table_name || '__id_lookup' NOT IN (SELECT name FROM sqlite_master WHERE type = 'index')`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	rows.Close()
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, table+"__id_lookup", table, idExpression)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
