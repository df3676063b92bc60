// Package wav reads and writes the WAV files the standalone host plays and
// renders: 16-, 24- and 32-bit integer PCM and 32-bit IEEE float, mono or
// stereo, at any sample rate.
//
// Samples are decoded and encoded by github.com/go-audio/wav. Before a file is
// handed to it, this package walks the file's RIFF chunks itself, because the
// library accepts some broken files silently (a data chunk longer than the
// file reads as a shorter file) and knows nothing of float or
// WAVE_FORMAT_EXTENSIBLE sub-formats. Every failure is one of the sentinel
// errors below, wrapped with the file's name, so callers can test it with
// errors.Is.
//
// Writing goes to a temporary file in the destination's folder that is
// renamed into place only when everything succeeded: an error never leaves a
// partial output file behind.
package wav
