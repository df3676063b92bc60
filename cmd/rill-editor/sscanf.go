package main

// giu's prebuilt imgui archive was built against glibc 2.38, which renames
// sscanf to __isoc23_sscanf. Debian 12 ships glibc 2.36, so the editor
// provides that symbol itself by forwarding to vsscanf.

/*
#include <stdarg.h>
#include <stdio.h>

int __isoc23_sscanf(const char *str, const char *format, ...) {
	va_list args;
	va_start(args, format);
	int n = vsscanf(str, format, args);
	va_end(args);
	return n;
}
*/
import "C"
