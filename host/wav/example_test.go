package wav_test

import (
	"fmt"
	"os"
	"path/filepath"

	"rill/host/wav"
)

func ExampleWriteFile() {
	dir, _ := os.MkdirTemp("", "wav-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "tone.wav")

	a := &wav.Audio{SampleRate: 44100, Left: []float32{0, 0.5, -0.5}, Right: []float32{0, 0.25, -0.25}}
	if err := wav.WriteFile(path, a, wav.PCM24); err != nil {
		panic(err)
	}
	b, err := wav.ReadFile(path)
	if err != nil {
		panic(err)
	}
	fmt.Println(b.SampleRate, b.Encoding, b.Frames(), b.Left[1], b.Right[2])
	// Output: 44100 s24 3 0.5 -0.25
}

func ExampleCreate() {
	dir, _ := os.MkdirTemp("", "wav-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "out.wav")

	w, err := wav.Create(path, 48000, wav.Float32)
	if err != nil {
		panic(err)
	}
	defer w.Abort() // removes the temporary file unless Commit ran
	for block := 0; block < 4; block++ {
		if err := w.Write(make([]float32, 512), make([]float32, 512)); err != nil {
			panic(err)
		}
	}
	_, statErr := os.Stat(path)
	fmt.Println("before commit, exists:", statErr == nil)
	if err := w.Commit(); err != nil {
		panic(err)
	}
	a, _ := wav.ReadFile(path)
	fmt.Println("after commit:", a.Frames(), "frames")
	// Output:
	// before commit, exists: false
	// after commit: 2048 frames
}
