package dsp

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the parameter table in ../README.md")

// markdownTable renders the parameter table for the README.
func markdownTable() string {
	var b strings.Builder
	b.WriteString("| id | parameter | key | range | default | what it does to the sound |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for i := range Params() {
		p := &Params()[i]
		rng := p.Format(p.Min) + " … " + p.Format(p.Max)
		if p.Kind == KindEnum {
			rng = strings.Join(p.Labels, ", ")
			if len(p.Labels) > 6 {
				rng = p.Labels[0] + ", " + p.Labels[1] + ", " + p.Labels[2] + " … " + p.Labels[len(p.Labels)-1]
			}
		}
		if p.Kind == KindToggle {
			rng = "Off, On"
		}
		b.WriteString("| " + strings.Join([]string{
			itoa(int(p.ID)), p.Name, "`" + p.Key + "`", rng, p.Format(p.Default), p.Description,
		}, " | ") + " |\n")
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

const (
	tableBegin = "<!-- parameter table: generated from dsp.Params() by `go test ./dsp -run TestReadmeParameterTable -update-readme` -->\n"
	tableEnd   = "<!-- end of parameter table -->\n"
)

// TestReadmeParameterTable checks that the README's parameter table is the
// one the table in params.go makes: the README cannot drift from the code.
func TestReadmeParameterTable(t *testing.T) {
	const path = "../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	want := tableBegin + markdownTable() + tableEnd
	i, j := strings.Index(s, tableBegin), strings.Index(s, tableEnd)
	if *updateReadme {
		if i < 0 || j < i {
			t.Fatal("README has no table markers; add them under ## Parameters")
		}
		s = s[:i] + want + s[j+len(tableEnd):]
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if i < 0 || j < i || s[i:j+len(tableEnd)] != want {
		t.Errorf("README.md's parameter table differs from dsp.Params(); run go test ./dsp -run TestReadmeParameterTable -update-readme")
	}
}
