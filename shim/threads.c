/*
 * threads.c: thread-rule checks and logging through the host's extensions. Main-thread
 * checks always run (they cost one host call on non-real-time paths); audio-thread
 * checks run only in debug builds (-DRILL_DEBUG), because logging from the audio thread
 * is not real-time safe.
 */
#include <stdio.h>

#include "shim.h"

/* [thread-safe] log through the host when it offers clap.log; silent otherwise. */
void rill_log(rill_plugin_t *p, clap_log_severity severity, const char *msg) {
    if (p && p->host_log && p->host_log->log) {
        p->host_log->log(p->host, severity, msg);
    }
}

static void report(rill_plugin_t *p, const char *what, const char *thread) {
    if (p->warned_thread) {
        return; /* one line per instance: a misbehaving host would flood the log */
    }
    p->warned_thread = true;
    char msg[160];
    snprintf(msg, sizeof msg, "rill tape: %s called off the %s thread", what, thread);
    rill_log(p, CLAP_LOG_HOST_MISBEHAVING, msg);
}

/* [main-thread] */
void rill_check_main_thread(rill_plugin_t *p, const char *what) {
    if (p && p->host_thread_check && p->host_thread_check->is_main_thread &&
        !p->host_thread_check->is_main_thread(p->host)) {
        report(p, what, "main");
    }
}

/* [audio-thread] */
void rill_check_audio_thread(rill_plugin_t *p, const char *what) {
#ifdef RILL_DEBUG
    if (p && p->host_thread_check && p->host_thread_check->is_audio_thread &&
        !p->host_thread_check->is_audio_thread(p->host)) {
        report(p, what, "audio");
    }
#else
    (void)p;
    (void)what;
#endif
}
