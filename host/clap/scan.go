package clap

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// SearchPath returns the folders a Linux CLAP host searches, in order:
// every entry of CLAP_PATH, then ~/.clap, then /usr/lib/clap.
func SearchPath() []string {
	var dirs []string
	for _, d := range filepath.SplitList(os.Getenv("CLAP_PATH")) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".clap"))
	}
	return append(dirs, "/usr/lib/clap")
}

// Scan returns every .clap file under the given files and folders
// (recursively, following symbolic links to files), without duplicates, in the
// order found. Missing folders are skipped.
func Scan(roots []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			real = p
		}
		if !seen[real] {
			seen[real] = true
			out = append(out, p)
		}
	}
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			if strings.HasSuffix(root, ".clap") {
				add(root)
			}
			continue
		}
		var found []string
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable folder: skip it, keep scanning
			}
			if d.IsDir() || !strings.HasSuffix(d.Name(), ".clap") {
				return nil
			}
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				found = append(found, p)
			}
			return nil
		})
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return out
}
