module rill

go 1.26.0

require (
	github.com/AllenDang/cimgui-go v1.3.2-0.20250409185506-6b2ff1aa26b5
	github.com/AllenDang/giu v0.14.1
	github.com/AllenDang/go-findfont v0.0.0-20200702051237-9f180485aeb8
	github.com/ebitengine/oto/v3 v3.4.0
	github.com/go-audio/audio v1.0.0
	github.com/go-audio/wav v1.1.0
	github.com/go-gl/glfw/v3.3/glfw v0.0.0-20260823155953-d41da22a9587
	github.com/schollz/progressbar/v3 v3.19.1
	github.com/spf13/cobra v1.10.2
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.44.0
)

require (
	github.com/ebitengine/purego v0.9.0 // indirect
	github.com/faiface/mainthread v0.0.0-20171120011319-8b78f0a41ae3 // indirect
	github.com/go-audio/riff v1.0.0 // indirect
	github.com/gucio321/glm-go v0.0.0-20241029220517-e1b5a3e011c8 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/mazznoer/csscolorparser v0.1.6 // indirect
	github.com/mitchellh/colorstring v0.0.0-20190213212951-d06e56a500db // indirect
	github.com/napsy/go-css v1.0.0 // indirect
	github.com/pkg/browser v0.0.0-20210911075715-681adbf594b8 // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
	github.com/sahilm/fuzzy v0.1.1 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	golang.design/x/hotkey v0.4.1 // indirect
	golang.design/x/mainthread v0.3.0 // indirect
	golang.org/x/image v0.27.0 // indirect
	gopkg.in/eapache/queue.v1 v1.1.0 // indirect
)
