package demo

import (
	"fmt"
	"math"
	"testing"
)

func TestPhraseIsDeterministicAndBounded(t *testing.T) {
	for _, rate := range []int{8000, 44100, 48000, 96000} {
		t.Run(fmt.Sprint(rate), func(t *testing.T) {
			l1, r1 := Phrase(rate)
			l2, r2 := Phrase(rate)
			if len(l1) != int(math.Round(Duration()*float64(rate))) || len(r1) != len(l1) {
				t.Fatalf("length %d/%d", len(l1), len(r1))
			}
			var peak float64
			for i := range l1 {
				if l1[i] != l2[i] || r1[i] != r2[i] {
					t.Fatalf("frame %d differs between two renders", i)
				}
				peak = max(peak, math.Abs(float64(l1[i])), math.Abs(float64(r1[i])))
			}
			if peak < 0.2 || peak > 0.6 {
				t.Errorf("peak %.3f outside 0.2..0.6", peak)
			}
		})
	}
}

func TestPhraseEndsWithARest(t *testing.T) {
	const rate = 48000
	l, r := Phrase(rate)
	last := Notes()[len(Notes())-1].Start
	// 1.25 s after the last pluck the strings have died away by more than
	// 30 dB, and the phrase still lasts a while: the echoes get the stage.
	tail := int((last + 1.25) * rate)
	if len(l)-tail < rate/4 {
		t.Fatalf("only %d frames of rest", len(l)-tail)
	}
	var peak float64
	for i := tail; i < len(l); i++ {
		peak = max(peak, math.Abs(float64(l[i])), math.Abs(float64(r[i])))
	}
	if peak > 0.01 {
		t.Errorf("peak %.4f in the rest", peak)
	}
}

func TestClicks(t *testing.T) {
	c := Clicks(1000, 0.5, 3, 0.8, 2)
	if len(c) != 2000 {
		t.Fatalf("len %d", len(c))
	}
	for i, v := range c {
		want := float32(0)
		if i == 0 || i == 500 || i == 1000 {
			want = 0.8
		}
		if v != want {
			t.Fatalf("sample %d = %v, want %v", i, v, want)
		}
	}
}

func ExamplePhrase() {
	left, right := Phrase(48000)
	fmt.Println(len(left), len(right), len(Notes()), "notes")
	// Output: 168000 168000 8 notes
}

func BenchmarkPhrase(b *testing.B) {
	for b.Loop() {
		Phrase(48000)
	}
}
